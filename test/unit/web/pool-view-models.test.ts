// The pool pages' view models: heatmap cells say in words what their colour
// means, empty role families are left out of the heatmap (and named), and a
// candidate's row lists the contribution of every factor in use.
import { expect } from 'chai';
import { barWidth, dashboardView, heatOf, slotView, whyNotResult, type DashboardData } from '../../../server/web/view-models/pool.ts';

const week = (w: string, o: Partial<Record<'capacityDays' | 'bookedDays' | 'freeDays' | 'demandDays' | 'filledDays' | 'unfilledDays', number>> = {}) => ({
  week: w,
  weekStart: '2027-03-01',
  capacityDays: 0,
  bookedDays: 0,
  freeDays: 0,
  demandDays: 0,
  filledDays: 0,
  unfilledDays: 0,
  ...o,
});
const zero = { capacityDays: 0, bookedDays: 0, freeDays: 0, demandDays: 0, filledDays: 0, unfilledDays: 0, utilisation: null };

describe('web: pool view models', () => {
  it('heatOf reads a week as short, fillable, spare, booked up or empty', () => {
    expect(heatOf(week('w', { capacityDays: 2, freeDays: 1, demandDays: 4, unfilledDays: 2 }))).to.equal('short');
    expect(heatOf(week('w', { capacityDays: 4, freeDays: 2, demandDays: 2, unfilledDays: 2 }))).to.equal('fillable');
    expect(heatOf(week('w', { capacityDays: 4, freeDays: 2 }))).to.equal('spare');
    expect(heatOf(week('w', { capacityDays: 4, bookedDays: 4, demandDays: 4, filledDays: 4 }))).to.equal('booked-up');
    expect(heatOf(week('w'))).to.equal('none');
  });

  it('dashboardView shows families with supply or demand, names the others, and gives utilisation as a percentage', () => {
    const w = week('2027-W09', { capacityDays: 4, bookedDays: 1, freeDays: 3, demandDays: 2, filledDays: 1, unfilledDays: 1 });
    const data: DashboardData = {
      poolDemand: {
        pool: { id: 'p', name: 'Pool' },
        from: '2027-03-01',
        to: '2027-03-07',
        practitionerCount: 2,
        ...zero,
        capacityDays: 4,
        bookedDays: 1,
        utilisation: 0.25,
        weeks: [w],
        families: [
          { family: { id: 'ucd', name: 'User-centred design' }, practitionerCount: 2, ...zero, capacityDays: 4, bookedDays: 1, utilisation: 0.25, weeks: [w] },
          { family: { id: 'data', name: 'Data' }, practitionerCount: 0, ...zero, weeks: [week('2027-W09')] },
        ],
      },
      toReview: { totalCount: 1, nodes: [{ id: 'x', title: 'T', start: '2027-01-01', end: '2027-02-01', leadCouncil: { name: 'Newcastle' } }] },
      toStaff: { totalCount: 0, nodes: [] },
    };
    const v = dashboardView(data, '2027-03-01', { earlier: '/pool?from=a', later: '/pool?from=b' });
    expect(v.heatmap.map((r) => r.id)).to.deep.equal(['ucd']);
    expect(v.heatmap[0]!.cells).to.deep.equal([{ week: '2027-W09', heat: 'fillable', label: 'Can fill', booked: '1', free: '3', unfilled: '1' }]);
    expect(v.hiddenFamilies).to.deep.equal(['Data']);
    expect(v.headline.utilisation).to.equal('25%');
    expect(v.weeks).to.deep.equal([{ heading: 'Week 9', hint: 'from 1 March 2027' }]);
    expect(v.toReview.rows[0]!.href).to.equal('/pool/projects/x/staffing');
  });

  it('slotView lists each factor in use, in the documented order, with its contribution and a bar', () => {
    const slot = { id: 's', roleLevel: { name: 'User researcher' }, daysPerWeek: 2, start: '2027-03-01', end: '2027-03-28', headcount: 2 };
    const v = slotView({ id: 'p' } as never, slot, 0, [], {
      eligibleCount: 1,
      partialCount: 0,
      candidates: [
        {
          rank: 1,
          score: 3.5,
          levelStep: 0,
          practitioner: { id: 'a', label: 'Ada', homeCouncil: { name: 'Sunderland' } },
          contributions: [
            { factor: 'LEVEL_FIT', weight: 2, value: 1, contribution: 2 },
            { factor: 'SKILL_DEPTH', weight: 3, value: 0.5, contribution: 1.5 },
            { factor: 'TRAVEL', weight: 0, value: 1, contribution: 0 },
          ],
        },
      ],
    });
    expect(v.factors.map((f) => f.id)).to.deep.equal(['SKILL_DEPTH', 'LEVEL_FIT']);
    expect(v.candidates[0]!.contributions.map((c) => [c.contribution, c.detail, c.bar])).to.deep.equal([
      ['1.5', '3 × 0.5', 50],
      ['2', '2 × 1', 67],
    ]);
    expect(v.candidates[0]!.bookHref).to.equal('/pool/projects/p/book?slotId=s&practitionerId=a');
    expect(v.countText).to.equal('1 candidate fits every week');
    expect(barWidth(1, 0)).to.equal(0);
  });

  it('whyNotResult lists the reasons, or says the person fits', () => {
    const base = { practitioner: { label: 'Dot' }, slot: { id: 's', roleLevel: { name: 'User researcher' } } };
    expect(whyNotResult({ ...base, fits: false, score: null, violations: [{ code: 'NO_APPROVED_CONTRACT', message: 'No contract' }] }, 0)).to.deep.include({ heading: 'Why not Dot?', slot: 'Slot 1: User researcher', reasons: ['No contract'] });
    expect(whyNotResult({ ...base, fits: true, score: 4, violations: [] }, 1).fitsText).to.equal('Dot fits this slot, with a score of 4. They are not booked on it yet.');
  });
});

describe('web: navigation for the pool pages', () => {
  it('marks only the closest section active: /pool/plans is Plans, not also the dashboard', async () => {
    const { navigationFor } = await import('../../../server/web/navigation.ts');
    const lead = { userId: 'u', role: 'PROGRAMME_LEAD' as const, name: 'L', councilId: null, poolId: 'p', practitionerId: null };
    const entries = [{ href: '/', text: 'Home' }, { href: '/pool', text: 'Pool dashboard' }, { href: '/pool/plans', text: 'Plans' }];
    const active = (path: string) => navigationFor(lead, path, entries).filter((e) => e.active).map((e) => e.text);
    expect(active('/pool/plans/1')).to.deep.equal(['Plans']);
    expect(active('/pool/projects/1/staffing')).to.deep.equal(['Pool dashboard']);
    expect(active('/pool')).to.deep.equal(['Pool dashboard']);
    expect(active('/')).to.deep.equal(['Home']);
  });
});
