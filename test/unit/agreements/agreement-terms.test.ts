import { expect } from 'chai';
import {
  amendedTerms,
  defaultEffectiveFrom,
  defaultWeekdays,
  editedTerms,
  initialTerms,
  termsComplete,
  weekdaysFit,
  type AmendmentLimits,
  type TermsContext,
} from '../../../server/agreements/agreement-terms.ts';
import { DomainError } from '../../../server/errors.ts';

const FULL_TIME = [2, 2, 2, 2, 2, 0, 0];
const ctx: TermsContext = {
  roleLevelId: 'user-researcher',
  roleLevelName: 'User researcher',
  start: '2027-03-01',
  end: '2027-06-27',
  daysPerWeek: 2,
  recallNoticeWeeks: 6,
  workingPattern: FULL_TIME,
};
const contacts = { homeLineManager: { name: ' Grace Hopper ', email: 'Grace@Sunderland.example' }, hostSupervisor: { name: 'Alan Turing', email: 'alan@newcastle.example' } };

/** The field path of the BAD_USER_INPUT `fn` throws. */
function fieldOf(fn: () => unknown): (string | number)[] | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(DomainError);
    expect((err as DomainError).code).to.equal('BAD_USER_INPUT');
    return (err as DomainError).field;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('agreement terms', () => {
  it('default from the booking, the contract and the working pattern; contacts missing means incomplete', () => {
    const t = initialTerms(ctx, null, ['input', 'terms']);
    expect(t).to.deep.equal({
      roleLevelId: 'user-researcher',
      roleLevelName: 'User researcher',
      daysPerWeek: 2,
      weekdays: ['MON', 'TUE'],
      start: '2027-03-01',
      end: '2027-06-27',
      reviewDate: '2027-05-24', // twelve weeks in
      dayRatePence: 0,
      payer: 'HOST_COUNCIL',
      backfillPerDayPence: 0,
      invoicing: 'MONTHLY',
      earlyTerminationNoticeWeeks: 4,
      recallNoticeWeeks: 6,
      homeLineManager: null,
      hostSupervisor: null,
    });
    expect(termsComplete(t)).to.equal(false);
    // A short placement reviews at its end.
    expect(initialTerms({ ...ctx, end: '2027-03-28' }, null, []).reviewDate).to.equal('2027-03-28');
  });

  it('take what the lead gives, cleaned: weekdays in week order, contacts trimmed and lower-cased', () => {
    const t = initialTerms(ctx, { weekdays: ['THU', 'TUE'], dayRatePence: 45_000, payer: 'POOL', invoicing: 'QUARTERLY', reviewDate: '2027-04-01', ...contacts }, []);
    expect(t).to.deep.include({ weekdays: ['TUE', 'THU'], dayRatePence: 45_000, payer: 'POOL', invoicing: 'QUARTERLY', reviewDate: '2027-04-01' });
    expect(t.homeLineManager).to.deep.equal({ name: 'Grace Hopper', email: 'grace@sunderland.example' });
    expect(termsComplete(t)).to.equal(true);
  });

  it('choose weekdays from the pattern: as many as the days need, working days only', () => {
    expect(defaultWeekdays(FULL_TIME, 2.5)).to.deep.equal(['MON', 'TUE', 'WED']);
    expect(defaultWeekdays([0, 1, 0, 2, 0, 0, 0], 1.5)).to.deep.equal(['TUE', 'THU']);
    expect(defaultWeekdays([0, 0, 0, 2, 0, 0, 0], 1.5)).to.equal(null);
    expect(fieldOf(() => initialTerms({ ...ctx, workingPattern: [0, 0, 0, 2, 0, 0, 0] }, null, ['t']))).to.deep.equal(['t', 'weekdays']);
  });

  it('need between ceil(d) and 2d weekdays for d days a week', () => {
    expect(weekdaysFit(2, 2)).to.equal(true);
    expect(weekdaysFit(4, 2)).to.equal(true);
    expect(weekdaysFit(5, 2)).to.equal(false);
    expect(weekdaysFit(1, 1.5)).to.equal(false);
    expect(weekdaysFit(3, 1.5)).to.equal(true);
    expect(weekdaysFit(1, 0.5)).to.equal(true);
  });

  it('refuse bad input with the field path', () => {
    const cases: [object, (string | number)[]][] = [
      [{ weekdays: ['MON'] }, ['t', 'weekdays']],
      [{ weekdays: ['MON', 'MON'] }, ['t', 'weekdays', 1]],
      [{ weekdays: ['MON', 'SAT'] }, ['t', 'weekdays', 1]],
      [{ weekdays: ['MON', 'XYZ'] }, ['t', 'weekdays', 1]],
      [{ reviewDate: '2027-02-28' }, ['t', 'reviewDate']],
      [{ reviewDate: '2027-06-28' }, ['t', 'reviewDate']],
      [{ reviewDate: '2027-02-30' }, ['t', 'reviewDate']],
      [{ dayRatePence: -1 }, ['t', 'dayRatePence']],
      [{ dayRatePence: 10.5 }, ['t', 'dayRatePence']],
      [{ backfillPerDayPence: 10_000_001 }, ['t', 'backfillPerDayPence']],
      [{ earlyTerminationNoticeWeeks: 1.5 }, ['t', 'earlyTerminationNoticeWeeks']],
      [{ payer: 'NOBODY' }, ['t', 'payer']],
      [{ invoicing: 'DAILY' }, ['t', 'invoicing']],
      [{ homeLineManager: { name: 'G', email: 'g@' } }, ['t', 'homeLineManager', 'email']],
      [{ hostSupervisor: { name: '', email: 'a@b.example' } }, ['t', 'hostSupervisor', 'name']],
    ];
    for (const [input, field] of cases) expect(fieldOf(() => initialTerms(ctx, input as never, ['t'])), JSON.stringify(input)).to.deep.equal(field);
  });

  it("edit a draft's terms, keeping what is not given", () => {
    const draft = initialTerms(ctx, null, []);
    const t = editedTerms(draft, { ...contacts, dayRatePence: 100 }, FULL_TIME, ['terms']);
    expect(t).to.deep.include({ dayRatePence: 100, weekdays: ['MON', 'TUE'], reviewDate: '2027-05-24' });
    expect(termsComplete(t)).to.equal(true);
    expect(fieldOf(() => editedTerms(draft, { weekdays: ['SUN', 'MON'] }, FULL_TIME, ['terms']))).to.deep.equal(['terms', 'weekdays', 0]);
  });

  describe('amendments', () => {
    const current = initialTerms({ ...ctx, daysPerWeek: 1, end: '2027-03-28' }, { weekdays: ['TUE', 'WED'], ...contacts }, []);
    const limits: AmendmentLimits = { today: '2027-03-10', slotEnd: '2027-12-31', slotDaysPerWeek: 2, contractEnd: '2027-09-30', contractDaysPerWeek: 2, workingPattern: FULL_TIME };

    it('extend the end (moving a review date the new end would pass) and apply from next Monday once running', () => {
      const a = amendedTerms(current, { summary: ' Longer ', end: '2027-04-25' }, limits, ['input']);
      expect(a.terms).to.deep.include({ end: '2027-04-25', daysPerWeek: 1, weekdays: ['TUE', 'WED'], start: '2027-03-01' });
      expect(a.effectiveFrom).to.equal('2027-03-15');
      expect(a.summary).to.equal('Longer');
      const shorter = amendedTerms({ ...current, reviewDate: '2027-03-28' }, { summary: 'Shorter', end: '2027-03-21' }, limits, ['input']);
      expect(shorter.terms.reviewDate).to.equal('2027-03-21');
    });

    it('re-choose weekdays that no longer fit new days, unless given', () => {
      expect(amendedTerms(current, { summary: 'More', daysPerWeek: 2 }, limits, []).terms.weekdays).to.deep.equal(['TUE', 'WED']);
      expect(amendedTerms(current, { summary: 'More', daysPerWeek: 2.5 }, { ...limits, slotDaysPerWeek: 3, contractDaysPerWeek: 3 }, []).terms.weekdays).to.deep.equal(['MON', 'TUE', 'WED']);
      expect(amendedTerms(current, { summary: 'More', daysPerWeek: 2, weekdays: ['THU', 'FRI'] }, limits, []).terms.weekdays).to.deep.equal(['THU', 'FRI']);
    });

    it('apply from the start when the placement has not begun, or from a Monday the lead names', () => {
      expect(defaultEffectiveFrom('2027-03-03', '2027-02-17')).to.equal('2027-03-01');
      expect(defaultEffectiveFrom('2027-03-03', '2027-03-03')).to.equal('2027-03-08');
      expect(amendedTerms(current, { summary: 'More', daysPerWeek: 2, effectiveFrom: '2027-03-22' }, limits, []).effectiveFrom).to.equal('2027-03-22');
    });

    it('refuse what the booking, the slot or the contract do not allow', () => {
      const cases: [object, (string | number)[]][] = [
        [{ summary: '', end: '2027-04-25' }, ['input', 'summary']],
        [{ summary: 'x'.repeat(501), end: '2027-04-25' }, ['input', 'summary']],
        [{ summary: 'Past', end: '2027-03-09' }, ['input', 'end']],
        [{ summary: 'Before start', end: '2027-02-01' }, ['input', 'end']],
        [{ summary: 'Beyond contract', end: '2027-10-01' }, ['input', 'end']],
        [{ summary: 'Beyond slot', end: '2027-09-01' }, ['input', 'end']],
        [{ summary: 'Above contract', daysPerWeek: 2.5 }, ['input', 'daysPerWeek']],
        [{ summary: 'Not a half day', daysPerWeek: 1.2 }, ['input', 'daysPerWeek']],
        [{ summary: 'Wednesday', daysPerWeek: 2, effectiveFrom: '2027-03-17' }, ['input', 'effectiveFrom']],
        [{ summary: 'Past week', daysPerWeek: 2, effectiveFrom: '2027-03-01' }, ['input', 'effectiveFrom']],
        [{ summary: 'After the end', daysPerWeek: 2, effectiveFrom: '2027-04-05' }, ['input', 'effectiveFrom']],
        [{ summary: 'Same', daysPerWeek: 1 }, ['input']],
      ];
      const tight = { ...limits, slotEnd: '2027-08-31' };
      for (const [input, field] of cases) expect(fieldOf(() => amendedTerms(current, input as never, tight, ['input'])), JSON.stringify(input)).to.deep.equal(field);
    });
  });
});
