import { expect } from 'chai';
import {
  daysToUnits,
  freeCapacity,
  unitsToDays,
  weeklyCapacity,
  type WeekCapacity,
  type WeeklyCapacityInput,
  type WorkingPattern,
} from '../../../server/calendar/capacity.ts';

// England and Wales bank holidays, 2026 and New Year's Day 2027.
const BANK_HOLIDAYS = [
  '2026-01-01',
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25', // Christmas Day, Friday
  '2026-12-28', // Boxing Day (substitute day): 26th is a Saturday
  '2027-01-01',
];

const FULL_TIME: WorkingPattern = [2, 2, 2, 2, 2, 0, 0];
const MON_TO_WED: WorkingPattern = [2, 2, 2, 0, 0, 0, 0];
const MON_TO_WED_HALF_FRI: WorkingPattern = [2, 2, 2, 0, 1, 0, 0];

const YEAR_2026 = { daysPerWeek: 3, start: '2026-01-01', end: '2027-12-31' };

function input(over: Partial<WeeklyCapacityInput>): WeeklyCapacityInput {
  return {
    pattern: FULL_TIME,
    contract: YEAR_2026,
    leave: [],
    bankHolidays: BANK_HOLIDAYS,
    from: '2026-06-01',
    to: '2026-06-07',
    ...over,
  };
}

function only(weeks: WeekCapacity[]): WeekCapacity {
  expect(weeks).to.have.length(1);
  return weeks[0] as WeekCapacity;
}

describe('calendar/capacity', () => {
  describe('daysToUnits and unitsToDays', () => {
    it('converts in half-day steps', () => {
      expect(daysToUnits(2)).to.equal(4);
      expect(daysToUnits(2.5)).to.equal(5);
      expect(daysToUnits(0)).to.equal(0);
      expect(unitsToDays(5)).to.equal(2.5);
      expect(unitsToDays(4)).to.equal(2);
    });

    it('throws on values that are not half-day steps, negative or not finite', () => {
      for (const bad of [0.3, 2.25, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => daysToUnits(bad), String(bad)).to.throw(RangeError, /multiple of 0\.5/);
      }
      for (const bad of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => unitsToDays(bad), String(bad)).to.throw(RangeError, /non-negative integer/);
      }
    });
  });

  describe('weeklyCapacity', () => {
    it('caps an ordinary full-time week at the contract (contract lower than worked days)', () => {
      expect(only(weeklyCapacity(input({})))).to.deep.equal({
        week: '2026-W23',
        weekStart: '2026-06-01',
        units: 6,
        workedUnits: 10,
        contractUnits: 6,
        leaveUnits: 0,
        bankHolidayUnits: 0,
      });
    });

    it('caps at the days worked when the contract asks for more (contract higher than worked days)', () => {
      const week = only(weeklyCapacity(input({ pattern: MON_TO_WED, contract: { ...YEAR_2026, daysPerWeek: 4 } })));
      expect(week).to.include({ units: 6, workedUnits: 6, contractUnits: 8 });
    });

    it('returns whole ISO weeks: the query range only picks which weeks', () => {
      const week = only(weeklyCapacity(input({ from: '2026-06-03', to: '2026-06-03' })));
      expect(week).to.include({ week: '2026-W23', weekStart: '2026-06-01', workedUnits: 10, units: 6 });
    });

    it('takes Good Friday off a week that straddles a month end', () => {
      const week = only(weeklyCapacity(input({ from: '2026-03-30', to: '2026-04-05', contract: { ...YEAR_2026, daysPerWeek: 5 } })));
      expect(week).to.deep.equal({
        week: '2026-W14',
        weekStart: '2026-03-30',
        units: 8,
        workedUnits: 8,
        contractUnits: 10,
        leaveUnits: 0,
        bankHolidayUnits: 2,
      });
    });

    it('takes nothing for a bank holiday on a part-timer\'s non-working day, and all of it on a working day', () => {
      const [goodFridayWeek, easterMondayWeek] = weeklyCapacity(
        input({ pattern: MON_TO_WED, from: '2026-03-30', to: '2026-04-12' }),
      );
      // Good Friday is not a Mon-Wed working day.
      expect(goodFridayWeek).to.include({ week: '2026-W14', workedUnits: 6, bankHolidayUnits: 0, units: 6 });
      // Easter Monday is.
      expect(easterMondayWeek).to.include({ week: '2026-W15', workedUnits: 4, bankHolidayUnits: 2, units: 4 });
    });

    it('takes only the half day worked when a bank holiday falls on a half-day Friday', () => {
      const week = only(
        weeklyCapacity(
          input({ pattern: MON_TO_WED_HALF_FRI, contract: { ...YEAR_2026, daysPerWeek: 3.5 }, from: '2026-04-01', to: '2026-04-01' }),
        ),
      );
      expect(week).to.include({ workedUnits: 6, bankHolidayUnits: 1, contractUnits: 7, units: 6 });
    });

    it('counts a part-time pattern with a half day (Mon-Wed plus Friday morning)', () => {
      const week = only(weeklyCapacity(input({ pattern: MON_TO_WED_HALF_FRI, contract: { ...YEAR_2026, daysPerWeek: 3.5 } })));
      expect(week).to.include({ workedUnits: 7, contractUnits: 7, units: 7 });
    });

    it('handles Christmas, the Boxing Day substitute and New Year across week 53', () => {
      const weeks = weeklyCapacity(
        input({ contract: { ...YEAR_2026, daysPerWeek: 4 }, from: '2026-12-21', to: '2027-01-04' }),
      );
      expect(weeks.map((w) => w.week)).to.deep.equal(['2026-W52', '2026-W53', '2027-W01']);
      // Christmas Day (Friday) only; Boxing Day is a Saturday.
      expect(weeks[0]).to.include({ weekStart: '2026-12-21', workedUnits: 8, bankHolidayUnits: 2, units: 8 });
      // Boxing Day substitute (Monday 28th) and New Year's Day (Friday).
      expect(weeks[1]).to.include({ weekStart: '2026-12-28', workedUnits: 6, bankHolidayUnits: 4, units: 6 });
      expect(weeks[2]).to.include({ weekStart: '2027-01-04', workedUnits: 10, bankHolidayUnits: 0, units: 8 });
    });

    it('counts only the days inside a contract that starts mid-week', () => {
      // Starts Wednesday 2026-06-03.
      const contract = { daysPerWeek: 4, start: '2026-06-03', end: '2026-12-31' };
      const [before, first, second] = weeklyCapacity(input({ contract, from: '2026-05-25', to: '2026-06-14' }));
      expect(before).to.include({ week: '2026-W22', units: 0, workedUnits: 0, contractUnits: 0, bankHolidayUnits: 0 });
      expect(first).to.include({ week: '2026-W23', workedUnits: 6, contractUnits: 8, units: 6 });
      expect(second).to.include({ week: '2026-W24', workedUnits: 10, contractUnits: 8, units: 8 });
    });

    it('counts only the days inside a contract that ends mid-week', () => {
      // Ends Tuesday 2026-06-16.
      const contract = { daysPerWeek: 3, start: '2026-01-01', end: '2026-06-16' };
      const [last, after] = weeklyCapacity(input({ contract, from: '2026-06-15', to: '2026-06-22' }));
      expect(last).to.include({ week: '2026-W25', workedUnits: 4, contractUnits: 6, units: 4 });
      expect(after).to.include({ week: '2026-W26', workedUnits: 0, contractUnits: 0, units: 0 });
    });

    it('ignores a bank holiday and leave outside the contract\'s dates', () => {
      // Contract starts Tuesday 2026-05-26, the day after the spring bank holiday.
      const contract = { daysPerWeek: 5, start: '2026-05-26', end: '2026-12-31' };
      const week = only(
        weeklyCapacity(input({ contract, leave: [{ start: '2026-05-20', end: '2026-05-25' }], from: '2026-05-25', to: '2026-05-31' })),
      );
      expect(week).to.include({ workedUnits: 8, leaveUnits: 0, bankHolidayUnits: 0, units: 8 });
    });

    it('takes leave that spans weeks off each week, working days only', () => {
      // Wednesday 2026-06-10 to Friday 2026-06-19, over a weekend.
      const [w24, w25, w26] = weeklyCapacity(
        input({ leave: [{ start: '2026-06-10', end: '2026-06-19' }], from: '2026-06-08', to: '2026-06-22' }),
      );
      expect(w24).to.include({ week: '2026-W24', leaveUnits: 6, workedUnits: 4, units: 4 });
      expect(w25).to.include({ week: '2026-W25', leaveUnits: 10, workedUnits: 0, units: 0 });
      expect(w26).to.include({ week: '2026-W26', leaveUnits: 0, workedUnits: 10, units: 6 });
    });

    it('takes one unit for half-day leave, and never more than the day holds', () => {
      const leave = [
        { start: '2026-06-02', end: '2026-06-02', halfDay: true }, // Tuesday, 2 units worked
        { start: '2026-06-05', end: '2026-06-05', halfDay: true }, // Friday, 1 unit worked
        { start: '2026-06-06', end: '2026-06-06', halfDay: true }, // Saturday, not worked
      ];
      const week = only(weeklyCapacity(input({ pattern: MON_TO_WED_HALF_FRI, contract: { ...YEAR_2026, daysPerWeek: 3.5 }, leave })));
      expect(week).to.include({ leaveUnits: 2, workedUnits: 5, units: 5 });
    });

    it('does not double count overlapping leave, leave on a bank holiday, or half-day leave inside full-day leave', () => {
      const leave = [
        { start: '2026-05-25', end: '2026-05-27' }, // Monday is the spring bank holiday
        { start: '2026-05-26', end: '2026-05-28' },
        { start: '2026-05-27', end: '2026-05-27', halfDay: true },
      ];
      const week = only(weeklyCapacity(input({ leave, contract: { ...YEAR_2026, daysPerWeek: 5 }, from: '2026-05-25', to: '2026-05-25' })));
      expect(week).to.include({ bankHolidayUnits: 2, leaveUnits: 6, workedUnits: 2, units: 2 });
    });

    it('gives full capacity in the weeks the clocks change', () => {
      const contract = { ...YEAR_2026, daysPerWeek: 5 };
      const [bstStarts] = weeklyCapacity(input({ contract, from: '2026-03-23', to: '2026-03-29' }));
      const [bstEnds] = weeklyCapacity(input({ contract, from: '2026-10-25', to: '2026-10-25' }));
      expect(bstStarts).to.include({ week: '2026-W13', weekStart: '2026-03-23', workedUnits: 10, units: 10 });
      expect(bstEnds).to.include({ week: '2026-W43', weekStart: '2026-10-19', workedUnits: 10, units: 10 });
    });

    it('counts a weekend worker on the clock change Sundays', () => {
      const weekends: WorkingPattern = [0, 0, 0, 0, 0, 2, 2];
      const march = only(weeklyCapacity(input({ pattern: weekends, from: '2026-03-29', to: '2026-03-29' })));
      const october = only(weeklyCapacity(input({ pattern: weekends, from: '2026-10-25', to: '2026-10-25' })));
      expect(march).to.include({ workedUnits: 4, units: 4 });
      expect(october).to.include({ workedUnits: 4, units: 4 });
    });

    it('returns one entry per week over a long range, in order', () => {
      const weeks = weeklyCapacity(input({ from: '2026-01-01', to: '2026-12-31' }));
      expect(weeks).to.have.length(53);
      expect(weeks[0]?.week).to.equal('2026-W01');
      expect(weeks[0]?.weekStart).to.equal('2025-12-29');
      expect(weeks[52]?.week).to.equal('2026-W53');
    });

    it('defaults leave and bank holidays to none', () => {
      const week = only(weeklyCapacity({ pattern: FULL_TIME, contract: YEAR_2026, from: '2026-04-03', to: '2026-04-03' }));
      expect(week).to.include({ workedUnits: 10, bankHolidayUnits: 0, leaveUnits: 0 });
    });

    describe('invalid input', () => {
      const cases: [string, Partial<WeeklyCapacityInput>, RegExp][] = [
        ['a pattern of 6 days', { pattern: [2, 2, 2, 2, 2, 0] as unknown as WorkingPattern }, /7 weekdays/],
        ['a pattern value of 3', { pattern: [3, 2, 2, 2, 2, 0, 0] }, /pattern\[0\]/],
        ['a fractional pattern value', { pattern: [2, 1.5, 2, 2, 2, 0, 0] }, /pattern\[1\]/],
        ['days per week not in half-day steps', { contract: { ...YEAR_2026, daysPerWeek: 2.3 } }, /multiple of 0\.5/],
        ['negative days per week', { contract: { ...YEAR_2026, daysPerWeek: -1 } }, /multiple of 0\.5/],
        ['NaN days per week', { contract: { ...YEAR_2026, daysPerWeek: Number.NaN } }, /multiple of 0\.5/],
        ['more than 7 days per week', { contract: { ...YEAR_2026, daysPerWeek: 7.5 } }, /at most 7/],
        ['a contract that ends before it starts', { contract: { daysPerWeek: 2, start: '2026-06-01', end: '2026-05-31' } }, /contract\.end/],
        ['a malformed contract date', { contract: { daysPerWeek: 2, start: '2026-6-1', end: '2026-12-31' } }, /contract\.start/],
        ['a malformed leave date', { leave: [{ start: '2026-06-31', end: '2026-07-01' }] }, /leave\[0\]\.start/],
        ['half-day leave over several days', { leave: [{ start: '2026-06-01', end: '2026-06-02', halfDay: true }] }, /halfDay/],
        ['a malformed bank holiday', { bankHolidays: ['2026-12-25', '25/12/2026'] }, /bankHolidays\[1\]/],
        ['to before from', { from: '2026-06-08', to: '2026-06-07' }, /before/],
        ['a malformed from', { from: 'today' }, /from/],
      ];
      for (const [name, over, message] of cases) {
        it(`throws a RangeError on ${name}`, () => {
          expect(() => weeklyCapacity(input(over))).to.throw(RangeError, message);
        });
      }
    });
  });

  describe('freeCapacity', () => {
    const capacity = weeklyCapacity(input({ from: '2026-06-01', to: '2026-06-28' })); // 6 units a week, W23..W26

    it('subtracts overlapping bookings and flags the overbooked weeks', () => {
      const free = freeCapacity(capacity, [
        { start: '2026-06-01', end: '2026-06-21', unitsPerWeek: 4 },
        // Starts on Sunday 14th, so it claims W24 too.
        { start: '2026-06-14', end: '2026-06-28', unitsPerWeek: 4 },
        { start: '2026-09-01', end: '2026-09-30', unitsPerWeek: 6 }, // outside the weeks asked about
      ]);
      expect(free).to.deep.equal([
        { week: '2026-W23', capacityUnits: 6, bookedUnits: 4, freeUnits: 2, overBy: 0 },
        { week: '2026-W24', capacityUnits: 6, bookedUnits: 8, freeUnits: 0, overBy: 2 },
        { week: '2026-W25', capacityUnits: 6, bookedUnits: 8, freeUnits: 0, overBy: 2 },
        { week: '2026-W26', capacityUnits: 6, bookedUnits: 4, freeUnits: 2, overBy: 0 },
      ]);
    });

    it('reports a booking in a week with no capacity as overbooked', () => {
      const contract = { daysPerWeek: 2, start: '2026-06-01', end: '2026-06-07' };
      const cap = weeklyCapacity(input({ contract, from: '2026-06-01', to: '2026-06-14' }));
      expect(freeCapacity(cap, [{ start: '2026-06-01', end: '2026-06-14', unitsPerWeek: 4 }])).to.deep.equal([
        { week: '2026-W23', capacityUnits: 4, bookedUnits: 4, freeUnits: 0, overBy: 0 },
        { week: '2026-W24', capacityUnits: 0, bookedUnits: 4, freeUnits: 0, overBy: 4 },
      ]);
    });

    it('applies a booking to every week it touches across a year end', () => {
      const cap = weeklyCapacity(input({ contract: { ...YEAR_2026, daysPerWeek: 5 }, from: '2026-12-21', to: '2027-01-11' }));
      const free = freeCapacity(cap, [{ start: '2027-01-03', end: '2027-01-04', unitsPerWeek: 3 }]);
      expect(free.map((w) => [w.week, w.bookedUnits, w.freeUnits])).to.deep.equal([
        ['2026-W52', 0, 8],
        ['2026-W53', 3, 3],
        ['2027-W01', 3, 7],
        ['2027-W02', 0, 10],
      ]);
    });

    it('leaves everything free with no bookings', () => {
      expect(freeCapacity(capacity, []).every((w) => w.freeUnits === 6 && w.bookedUnits === 0)).to.equal(true);
    });

    it('throws a RangeError on invalid bookings or capacity', () => {
      expect(() => freeCapacity(capacity, [{ start: '2026-06-01', end: '2026-06-07', unitsPerWeek: 1.5 }])).to.throw(
        RangeError,
        /bookings\[0\]\.unitsPerWeek/,
      );
      expect(() => freeCapacity(capacity, [{ start: '2026-06-01', end: '2026-06-07', unitsPerWeek: -2 }])).to.throw(RangeError);
      expect(() => freeCapacity(capacity, [{ start: '2026-06-08', end: '2026-06-07', unitsPerWeek: 2 }])).to.throw(
        RangeError,
        /bookings\[0\]\.end/,
      );
      expect(() => freeCapacity([{ week: '2027-W53', units: 4 }], [])).to.throw(RangeError, /capacity\[0\]\.week/);
      expect(() => freeCapacity([{ week: '2026-W10', units: -1 }], [])).to.throw(RangeError, /capacity\[0\]\.units/);
    });
  });
});
