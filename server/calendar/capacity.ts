// The capacity calendar: how many half-day units of a practitioner's time the
// pool can call on in each ISO week (Europe/London), and how much of it is
// still free once bookings are taken off. Pure: plain data in, plain data out.
//
// Capacity (README, Design: vocabulary) is the lesser of the central contract's days per week
// and the days the person actually works that week inside the contract's
// dates: working pattern, less leave and England and Wales bank holidays that
// fall on working days.
//
// Every date step goes through iso-week.ts, which does calendar arithmetic in
// Europe/London rather than adding 24h of milliseconds, because the weeks the
// clocks change have a 23-hour or 25-hour day and would otherwise lose or
// repeat a date.
import { assertDateRange, daysIn, intersect, normalise, type DateRange } from './date-ranges.ts';
import { assertIsoDate, assertWeekKey, isoWeekKey, weekDates, weekEnd, weekStart, weeksBetween } from './iso-week.ts';

/** Half-day units worked on each weekday, Monday first; each 0, 1 or 2. */
export type WorkingPattern = readonly [number, number, number, number, number, number, number];

export interface ContractTerms {
  /** In half-day steps, e.g. 2 or 2.5. */
  readonly daysPerWeek: number;
  /** Inclusive calendar dates. */
  readonly start: string;
  readonly end: string;
}

export interface Leave {
  readonly start: string;
  readonly end: string;
  /** Half a day off; only allowed when start === end. */
  readonly halfDay?: boolean;
}

export interface BookingLoad {
  readonly start: string;
  readonly end: string;
  /** Half-day units claimed in every ISO week the inclusive range touches. */
  readonly unitsPerWeek: number;
}

export interface WeeklyCapacityInput {
  readonly pattern: WorkingPattern;
  readonly contract: ContractTerms;
  readonly leave?: readonly Leave[];
  /** ISO dates of England and Wales bank holidays. */
  readonly bankHolidays?: readonly string[];
  /** Inclusive; selects which whole ISO weeks are returned. */
  readonly from: string;
  readonly to: string;
}

export interface WeekCapacity {
  readonly week: string;
  readonly weekStart: string;
  /** min(contractUnits, workedUnits): what the pool may call on this week. */
  readonly units: number;
  /** Pattern units on the week's days inside the contract, less leave and bank holidays. */
  readonly workedUnits: number;
  /** daysPerWeek * 2 while the contract covers any day of the week, else 0. */
  readonly contractUnits: number;
  /** Working units inside the contract lost to leave (not counting bank holidays). */
  readonly leaveUnits: number;
  /** Working units inside the contract lost to bank holidays. */
  readonly bankHolidayUnits: number;
}

export interface WeekFreeCapacity {
  readonly week: string;
  readonly capacityUnits: number;
  readonly bookedUnits: number;
  /** Never negative. */
  readonly freeUnits: number;
  /** Units booked beyond capacity; > 0 marks an overbooked week. */
  readonly overBy: number;
}

const MAX_DAYS_PER_WEEK = 7;

export function daysToUnits(days: number): number {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0 || !Number.isInteger(days * 2)) {
    throw new RangeError(`days must be a non-negative multiple of 0.5, got ${String(days)}`);
  }
  return days * 2;
}

export function unitsToDays(units: number): number {
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 0) {
    throw new RangeError(`half-day units must be a non-negative integer, got ${String(units)}`);
  }
  return units / 2;
}

export function assertWorkingPattern(pattern: unknown): asserts pattern is WorkingPattern {
  if (!Array.isArray(pattern) || pattern.length !== 7) {
    throw new RangeError('pattern must list 7 weekdays, Monday first');
  }
  pattern.forEach((u: unknown, i) => {
    if (u !== 0 && u !== 1 && u !== 2) {
      throw new RangeError(`pattern[${i}] must be 0, 1 or 2 half-day units, got ${JSON.stringify(u)}`);
    }
  });
}

export function assertContractTerms(contract: ContractTerms): void {
  if (contract === null || typeof contract !== 'object') throw new RangeError('contract must be an object');
  daysToUnits(contract.daysPerWeek);
  if (contract.daysPerWeek > MAX_DAYS_PER_WEEK) {
    throw new RangeError(`contract.daysPerWeek must be at most ${MAX_DAYS_PER_WEEK}, got ${contract.daysPerWeek}`);
  }
  assertDateRange(contract, 'contract');
}

function assertLeave(leave: Leave, label: string): void {
  assertDateRange(leave, label);
  if (leave.halfDay !== undefined && typeof leave.halfDay !== 'boolean') {
    throw new RangeError(`${label}.halfDay must be a boolean`);
  }
  // Which of several days would be the half one is unknowable, so refuse it.
  if (leave.halfDay && leave.start !== leave.end) {
    throw new RangeError(`${label}.halfDay needs start === end, got ${leave.start}..${leave.end}`);
  }
}

/**
 * Leave by date within span: 'full' or 'half'. Overlapping entries are not
 * double counted, and a full day wins over a half day on the same date.
 */
export function leaveByDate(leave: readonly Leave[], span: DateRange): Map<string, 'full' | 'half'> {
  const off = new Map<string, 'full' | 'half'>();
  for (const range of normalise(leave.filter((l) => !l.halfDay))) {
    const inSpan = intersect(range, span);
    if (inSpan) for (const date of daysIn(inSpan)) off.set(date, 'full');
  }
  for (const l of leave) {
    if (l.halfDay && l.start >= span.start && l.start <= span.end && !off.has(l.start)) off.set(l.start, 'half');
  }
  return off;
}

export function weeklyCapacity(input: WeeklyCapacityInput): WeekCapacity[] {
  const { pattern, contract, leave = [], bankHolidays = [], from, to } = input;
  assertWorkingPattern(pattern);
  assertContractTerms(contract);
  leave.forEach((l, i) => assertLeave(l, `leave[${i}]`));
  bankHolidays.forEach((d, i) => assertIsoDate(d, `bankHolidays[${i}]`));
  const weeks = weeksBetween(from, to); // validates from and to

  const span: DateRange = { start: weekStart(weeks[0] as string), end: weekEnd(weeks[weeks.length - 1] as string) };
  const holidays = new Set(bankHolidays);
  const off = leaveByDate(leave, span);
  const fullContractUnits = daysToUnits(contract.daysPerWeek);

  return weeks.map((week) => {
    let inContract = false;
    let patternUnits = 0;
    let bankHolidayUnits = 0;
    let leaveUnits = 0;
    weekDates(week).forEach((date, i) => {
      if (date < contract.start || date > contract.end) return;
      inContract = true;
      const day = pattern[i] ?? 0;
      patternUnits += day;
      if (day === 0) return; // a holiday or leave on a non-working day takes nothing
      if (holidays.has(date)) {
        bankHolidayUnits += day; // already off, so leave that day takes nothing more
        return;
      }
      const taken = off.get(date);
      if (taken === 'full') leaveUnits += day;
      else if (taken === 'half') leaveUnits += Math.min(1, day);
    });
    const workedUnits = patternUnits - bankHolidayUnits - leaveUnits;
    const contractUnits = inContract ? fullContractUnits : 0;
    return {
      week,
      weekStart: weekStart(week),
      units: Math.min(contractUnits, workedUnits),
      workedUnits,
      contractUnits,
      leaveUnits,
      bankHolidayUnits,
    };
  });
}

/** Capacity less bookings, week by week, for the weeks in capacity. */
export function freeCapacity(
  capacity: readonly Pick<WeekCapacity, 'week' | 'units'>[],
  bookings: readonly BookingLoad[],
): WeekFreeCapacity[] {
  capacity.forEach((c, i) => {
    assertWeekKey(c.week, `capacity[${i}].week`);
    if (!Number.isInteger(c.units) || c.units < 0) {
      throw new RangeError(`capacity[${i}].units must be a non-negative integer, got ${String(c.units)}`);
    }
  });
  // A booking claims every week its dates touch, so it reduces to a span of week keys.
  const spans = bookings.map((b, i) => {
    assertDateRange(b, `bookings[${i}]`);
    if (!Number.isInteger(b.unitsPerWeek) || b.unitsPerWeek < 0) {
      throw new RangeError(`bookings[${i}].unitsPerWeek must be a non-negative integer, got ${String(b.unitsPerWeek)}`);
    }
    return { first: isoWeekKey(b.start), last: isoWeekKey(b.end), units: b.unitsPerWeek };
  });
  return capacity.map(({ week, units }) => {
    // Week keys are fixed-width, so string order is week order.
    const bookedUnits = spans.reduce((sum, s) => (s.first <= week && week <= s.last ? sum + s.units : sum), 0);
    return {
      week,
      capacityUnits: units,
      bookedUnits,
      freeUnits: Math.max(0, units - bookedUnits),
      overBy: Math.max(0, bookedUnits - units),
    };
  });
}
