import { expect } from 'chai';
import { dateMessage, days, formatDate, formatPeriod, isoFromParts, partsFromIso, pounds } from '../../../server/web/view-models/govuk-display.ts';
import { awaitsMyConsent, bookingsView, leaveErrors, leaveFormFrom, leaveInput, type BookingsData } from '../../../server/web/view-models/practitioner.ts';
import { contractInput, contractFormFrom, ledgerChart, planErrors, planFormFrom, transitionLabel } from '../../../server/web/view-models/pool-lead.ts';

describe('web: practitioner and programme lead view models', () => {
  it('writes dates, periods, days and money the GOV.UK way', () => {
    expect(formatDate('2027-03-01')).to.equal('1 March 2027');
    expect(formatPeriod('2027-03-01', '2027-03-01')).to.equal('1 March 2027');
    expect(formatPeriod('2027-03-01', '2027-03-28')).to.equal('1 March 2027 to 28 March 2027');
    expect([days(0.5), days(1), days(2.5)]).to.deep.equal(['half a day', '1 day', '2.5 days']);
    expect(pounds(123456)).to.equal('£1,234.56');
  });

  it('turns the date input into YYYY-MM-DD, and passes anything else on for the API to refuse', () => {
    expect(isoFromParts({ day: '1', month: '3', year: '2027' })).to.equal('2027-03-01');
    expect(isoFromParts({ day: '', month: '', year: '' })).to.equal('');
    expect(isoFromParts({ day: 'x', month: '3', year: '27' })).to.equal('27-3-x');
    expect(partsFromIso('2027-03-01')).to.deep.equal({ day: '1', month: '3', year: '2027' });
    expect(dateMessage('Variable "$input" got invalid value "2027-02-30" at "input.start"; Expected type "LocalDate".')).to.equal('must be a real date, for example 27 3 2027');
    expect(dateMessage('must not be before start')).to.equal('must not be before start');
  });

  it('takes a blank leave end date as the start, and says a date error once', () => {
    const form = leaveFormFrom({ 'start-day': '30', 'start-month': '2', 'start-year': '2027', 'end-day': '', 'end-month': '', 'end-year': '', halfDay: 'yes' });
    expect(leaveInput(form)).to.deep.equal({ start: '2027-02-30', end: '2027-02-30', halfDay: true, note: null });
    const bad = (path: string) => ({ message: 'Expected type "LocalDate"', extensions: { code: 'BAD_USER_INPUT', field: ['input', path] } });
    const e = leaveErrors(form, [bad('start'), bad('end')]);
    expect(e.summary).to.deep.equal([{ text: 'Start date must be a real date, for example 27 3 2027', href: '#start-day' }]);
    expect(leaveErrors(leaveFormFrom({}), []).summary).to.deep.equal([{ text: 'Enter the start date', href: '#start-day' }]);
  });

  it('orders bookings by date and offers consent only where the practitioner is awaited', () => {
    const agreement = (awaiting: string[]) => ({ id: 'a', status: 'AWAITING_APPROVALS', awaiting: awaiting.map((kind) => ({ kind })), myParties: [{ kind: 'PRACTITIONER' }], pendingVersion: { version: 1 } });
    expect(awaitsMyConsent(agreement(['PRACTITIONER', 'HOME_COUNCIL']))).to.equal(true);
    expect(awaitsMyConsent(agreement(['HOME_COUNCIL']))).to.equal(false);
    const booking = (id: string, start: string, awaiting: string[]) => ({
      id, start, end: start, daysPerWeek: 2, status: 'TENTATIVE', project: { title: id, leadCouncil: { name: 'N' } }, slot: { roleLevel: { name: 'UR' } }, hostCouncils: [{ name: 'N' }], agreement: { ...agreement(awaiting), id },
    });
    const data: BookingsData = { me: { practitionerId: 'p' }, bookings: { nodes: [booking('later', '2027-05-01', []), booking('sooner', '2027-03-01', ['PRACTITIONER'])] } };
    const v = bookingsView(data, null);
    expect(v.rows.map((r) => r.id)).to.deep.equal(['sooner', 'later']);
    expect(v.rows.map((r) => r.agreement?.decideHref)).to.deep.equal(['/bookings/agreements/sooner', null]);
    expect(v.waiting).to.equal(1);
  });

  it('asks for what a plan cannot be run without before asking the API', () => {
    const e = planErrors(planFormFrom({ name: ' ', 'from-day': '1', 'from-month': '4', 'from-year': '2027' }), []);
    expect(e.summary.map((x) => x.href)).to.deep.equal(['#name', '#projectIds', '#to-day']);
    expect(planFormFrom({ projectIds: 'one' }).projectIds).to.deep.equal(['one']);
  });

  it('reads the contract form, refusing numbers that are not numbers at their field', () => {
    const f = contractFormFrom({ practitionerId: 'p', daysPerWeek: 'two', 'start-day': '1', 'start-month': '1', 'start-year': '2028', 'end-day': '31', 'end-month': '12', 'end-year': '2028', recallNoticeWeeks: '4', guaranteedReleaseDays: '0' });
    expect(contractInput('pool', f).errors.summary).to.deep.equal([{ text: 'Enter the days a week as a number', href: '#daysPerWeek' }]);
    const ok = contractInput('pool', { ...f, daysPerWeek: '1.5' });
    expect(ok.input).to.deep.equal({ practitionerId: 'p', poolId: 'pool', daysPerWeek: 1.5, start: '2028-01-01', end: '2028-12-31', recallNoticeWeeks: 4, guaranteedReleaseDays: 0 });
    expect([transitionLabel('APPROVED', 'ACTIVE'), transitionLabel('PROPOSED', 'ENDED'), transitionLabel('ACTIVE', 'ENDED')]).to.deep.equal(['Activate', 'Withdraw', 'End']);
  });

  it('draws the ledger chart for councils with days only, bars in proportion to the largest figure', () => {
    const balance = (name: string, daysGiven: number, daysReceived: number) => ({ council: { gssCode: name, name }, daysGiven, daysReceived, net: daysGiven - daysReceived, chargesPaidPence: 0, chargesReceivedPence: 0, backfillReceivedPence: 0 });
    const chart = ledgerChart([balance('A', 8, 0), balance('B', 0, 4), balance('C', 0, 0)]);
    expect(chart.rows.map((r) => r.name)).to.deep.equal(['A', 'B']);
    expect(chart.rows[1]!.received.width * 2).to.equal(chart.rows[0]!.given.width);
    expect(chart.rows[0]!.received.width).to.equal(0);
    expect(chart.rows[1]!.given.y).to.be.greaterThan(chart.rows[0]!.received.y);
  });
});
