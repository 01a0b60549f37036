import { expect } from 'chai';
import { hasFreeEveryWeek, poolCapacity, type PoolCapacityInput } from '../../../server/practitioners/practitioner-capacity.ts';
import type { WorkingPattern } from '../../../server/calendar/capacity.ts';

const FULL_TIME: WorkingPattern = [2, 2, 2, 2, 2, 0, 0];
const FOUR_DAYS: WorkingPattern = [2, 2, 2, 2, 0, 0, 0];
// 2026-W02 is Monday 5 to Sunday 11 January 2026.
const W02 = { from: '2026-01-05', to: '2026-01-11' };

const one = (input: Partial<PoolCapacityInput>) => {
  const weeks = poolCapacity({ pattern: FULL_TIME, contracts: [], ...W02, ...input });
  expect(weeks).to.have.length(1);
  return weeks[0]!;
};

describe('pool capacity over central contracts', () => {
  it('is the contract’s days when the person works more', () => {
    expect(one({ contracts: [{ poolId: 'a', daysPerWeek: 2, start: '2026-01-01', end: '2026-12-31' }] })).to.deep.equal({
      week: '2026-W02',
      weekStart: '2026-01-05',
      contractUnits: 4,
      workedUnits: 10,
      leaveUnits: 0,
      bankHolidayUnits: 0,
      capacityUnits: 4,
      bookedUnits: 0,
      freeUnits: 4,
      overBy: 0,
    });
  });

  it('is zero without a contract, and bookings then show as overbooked', () => {
    const w = one({ bookings: [{ start: '2026-01-07', end: '2026-01-07', unitsPerWeek: 2 }] });
    expect(w).to.deep.include({ contractUnits: 0, capacityUnits: 0, bookedUnits: 2, freeUnits: 0, overBy: 2 });
  });

  it('takes leave and bank holidays off the days worked, and then caps the contract', () => {
    const contracts = [{ poolId: 'a', daysPerWeek: 4, start: '2026-01-01', end: '2027-12-31' }];
    // Monday to Wednesday off: 2 days left of a 4-day call.
    expect(one({ contracts, leave: [{ start: '2026-01-05', end: '2026-01-07' }] })).to.deep.include({ workedUnits: 4, leaveUnits: 6, capacityUnits: 4 });
    // 2026-W53 (28 Dec to 3 Jan): Boxing Day substitute on the 28th and New Year's Day, 3 days left.
    const xmas = poolCapacity({ pattern: FULL_TIME, contracts, bankHolidays: ['2026-12-25', '2026-12-28', '2027-01-01'], from: '2026-12-21', to: '2027-01-03' });
    expect(xmas.map((w) => [w.week, w.bankHolidayUnits, w.capacityUnits])).to.deep.equal([
      ['2026-W52', 2, 8],
      ['2026-W53', 4, 6],
    ]);
  });

  it('counts only days inside the contract in its first week', () => {
    // Starts on Thursday: Thursday and Friday are worked inside it.
    expect(one({ contracts: [{ poolId: 'a', daysPerWeek: 3, start: '2026-01-08', end: '2026-06-30' }] })).to.deep.include({ contractUnits: 6, workedUnits: 4, capacityUnits: 4 });
  });

  it('takes the larger call, not the sum, when one pool’s contracts meet inside a week', () => {
    const contracts = [
      { poolId: 'a', daysPerWeek: 3, start: '2025-07-01', end: '2026-01-06' },
      { poolId: 'a', daysPerWeek: 2, start: '2026-01-07', end: '2026-12-31' },
    ];
    expect(one({ contracts })).to.deep.include({ contractUnits: 6, workedUnits: 10, capacityUnits: 6 });
  });

  it('adds up different pools’ calls, but never beyond the days worked', () => {
    const contracts = [
      { poolId: 'a', daysPerWeek: 3, start: '2026-01-01', end: '2026-12-31' },
      { poolId: 'b', daysPerWeek: 3, start: '2026-01-01', end: '2026-12-31' },
    ];
    expect(one({ pattern: FOUR_DAYS, contracts })).to.deep.include({ contractUnits: 12, workedUnits: 8, capacityUnits: 8 });
    expect(one({ contracts: contracts.map((c) => ({ ...c, daysPerWeek: 1 })) })).to.deep.include({ contractUnits: 4, capacityUnits: 4 });
  });

  it('takes bookings off every week they touch', () => {
    const weeks = poolCapacity({
      pattern: FULL_TIME,
      contracts: [{ poolId: 'a', daysPerWeek: 2, start: '2026-01-01', end: '2026-12-31' }],
      bookings: [{ start: '2026-01-09', end: '2026-01-13', unitsPerWeek: 3 }],
      from: '2026-01-05',
      to: '2026-01-25',
    });
    expect(weeks.map((w) => [w.week, w.freeUnits, w.overBy])).to.deep.equal([
      ['2026-W02', 1, 0],
      ['2026-W03', 1, 0],
      ['2026-W04', 4, 0],
    ]);
    expect(hasFreeEveryWeek(weeks, 1)).to.equal(true);
    expect(hasFreeEveryWeek(weeks, 2)).to.equal(false);
    expect(hasFreeEveryWeek([], 0)).to.equal(false);
  });
});
