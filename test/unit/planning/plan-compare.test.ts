import { expect } from 'chai';
import { comparePlans } from '../../../server/planning/plan-compare.ts';

const a = (slotId: string, practitionerId: string, over: Partial<{ start: string; end: string; daysPerWeek: number; score: number }> = {}) => ({
  slotId,
  practitionerId,
  start: '2027-01-04',
  end: '2027-03-28',
  daysPerWeek: 2,
  score: 5,
  ...over,
});

describe('plan comparison', () => {
  it('matches assignments by slot and person: added, removed and changed', () => {
    const before = { objective: 10, assignments: [a('s1', 'p1'), a('s2', 'p2'), a('s3', 'p3')], unfilled: [{ slotId: 's4', missing: 2 }] };
    const after = {
      objective: 12.5,
      assignments: [a('s1', 'p1'), a('s2', 'p4'), a('s3', 'p3', { end: '2027-02-28' }), a('s4', 'p2')],
      unfilled: [{ slotId: 's4', missing: 1 }, { slotId: 's5', missing: 1 }],
    };
    const c = comparePlans(before, after);
    expect(c.objectiveDelta).to.equal(2.5);
    expect(c.added.map((x) => `${x.slotId}:${x.practitionerId}`)).to.deep.equal(['s2:p4', 's4:p2']);
    expect(c.removed.map((x) => `${x.slotId}:${x.practitionerId}`)).to.deep.equal(['s2:p2']);
    expect(c.changed).to.deep.equal([{ before: a('s3', 'p3'), after: a('s3', 'p3', { end: '2027-02-28' }) }]);
    expect(c).to.deep.include({ unfilledSlotsDelta: 1, unfilledPositionsDelta: 0 });
  });

  it('finds nothing between a plan and itself', () => {
    const p = { objective: 3, assignments: [a('s1', 'p1')], unfilled: [] };
    expect(comparePlans(p, p)).to.deep.equal({ objectiveDelta: 0, added: [], removed: [], changed: [], unfilledSlotsDelta: 0, unfilledPositionsDelta: 0 });
  });
});
