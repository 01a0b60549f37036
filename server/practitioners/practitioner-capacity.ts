// A practitioner's capacity for the pool(s), week by week, over one or more
// central contracts, and what is free once bookings are taken off. Pure: it
// only combines calls to the capacity calendar (server/calendar/capacity.ts),
// which owns the rules (pattern, leave, bank holidays, ISO weeks in
// Europe/London).
//
// One contract is the calendar's own case. Several contracts need two rules:
// - Contracts with one pool never overlap (services/central-contracts.ts),
//   but two can share an ISO week (one ends on a Tuesday, the next starts on
//   the Wednesday). The pool's call that week is the larger of the two, not
//   the sum.
// - Contracts with different pools add up, but never beyond the days the
//   person actually works in the week inside any contract.
// So: capacity = min(sum over pools of the pool's largest weekly allowance,
// days worked on dates inside the union of the contracts' terms).
import { freeCapacity, weeklyCapacity, type BookingLoad, type Leave, type WorkingPattern } from '../calendar/capacity.ts';
import { normalise } from '../calendar/date-ranges.ts';
import { weekStart, weeksBetween } from '../calendar/iso-week.ts';

/** The longest range a capacity view may cover: two years and a bit, in ISO weeks. */
export const MAX_CAPACITY_WEEKS = 106;

export interface CapacityContract {
  readonly poolId: string;
  readonly daysPerWeek: number;
  readonly start: string;
  readonly end: string;
}

export interface PoolCapacityInput {
  readonly pattern: WorkingPattern;
  /** Bookable contracts (APPROVED or ACTIVE) to count; none gives zero capacity. */
  readonly contracts: readonly CapacityContract[];
  readonly leave?: readonly Leave[];
  readonly bankHolidays?: readonly string[];
  readonly bookings?: readonly BookingLoad[];
  /** Inclusive; selects which whole ISO weeks are returned. */
  readonly from: string;
  readonly to: string;
}

/** One ISO week, in half-day units. */
export interface PoolCapacityWeek {
  readonly week: string;
  readonly weekStart: string;
  /** What the contracts allow the pool(s) to call on. */
  readonly contractUnits: number;
  /** Units worked on dates inside the contracts, less leave and bank holidays. */
  readonly workedUnits: number;
  readonly leaveUnits: number;
  readonly bankHolidayUnits: number;
  /** min(contractUnits, workedUnits). */
  readonly capacityUnits: number;
  readonly bookedUnits: number;
  /** Never negative. */
  readonly freeUnits: number;
  /** Booked beyond capacity. */
  readonly overBy: number;
}

export function poolCapacity(input: PoolCapacityInput): PoolCapacityWeek[] {
  const { pattern, contracts, leave = [], bankHolidays = [], bookings = [], from, to } = input;
  const weeks = weeksBetween(from, to);
  const zero = () => new Map(weeks.map((w) => [w, 0]));

  // The contract allowance: per pool the largest weekly call, then summed over pools.
  const allowance = zero();
  const byPool = new Map<string, CapacityContract[]>();
  for (const c of contracts) byPool.set(c.poolId, [...(byPool.get(c.poolId) ?? []), c]);
  for (const poolContracts of byPool.values()) {
    const largest = zero();
    for (const c of poolContracts) {
      for (const w of weeklyCapacity({ pattern, contract: c, from, to })) largest.set(w.week, Math.max(largest.get(w.week)!, w.contractUnits));
    }
    for (const [week, units] of largest) allowance.set(week, allowance.get(week)! + units);
  }

  // Days worked inside the union of the terms: the calendar with a 7-day
  // "contract" per merged range counts every working unit, once.
  const worked = zero();
  const leaveUnits = zero();
  const holidayUnits = zero();
  for (const range of normalise(contracts)) {
    for (const w of weeklyCapacity({ pattern, contract: { daysPerWeek: 7, start: range.start, end: range.end }, leave, bankHolidays, from, to })) {
      worked.set(w.week, worked.get(w.week)! + w.workedUnits);
      leaveUnits.set(w.week, leaveUnits.get(w.week)! + w.leaveUnits);
      holidayUnits.set(w.week, holidayUnits.get(w.week)! + w.bankHolidayUnits);
    }
  }

  const capacity = weeks.map((week) => ({ week, units: Math.min(allowance.get(week)!, worked.get(week)!) }));
  const free = freeCapacity(capacity, bookings);
  return free.map((f) => ({
    week: f.week,
    weekStart: weekStart(f.week),
    contractUnits: allowance.get(f.week)!,
    workedUnits: worked.get(f.week)!,
    leaveUnits: leaveUnits.get(f.week)!,
    bankHolidayUnits: holidayUnits.get(f.week)!,
    capacityUnits: f.capacityUnits,
    bookedUnits: f.bookedUnits,
    freeUnits: f.freeUnits,
    overBy: f.overBy,
  }));
}

const inDays = (units: number) => `${units / 2} day${units === 2 ? '' : 's'}`;

/**
 * Why a week is overbooked, in words; null when it is not. Bookings claim no
 * more than capacity, so an overbooked week means the capacity fell after
 * booking: leave added, a working pattern or contract changed.
 */
export function overbookedBecause(w: Pick<PoolCapacityWeek, 'overBy' | 'bookedUnits' | 'capacityUnits' | 'contractUnits' | 'workedUnits' | 'leaveUnits'>): string | null {
  if (w.overBy <= 0) return null;
  const cause =
    w.leaveUnits > 0
      ? `leave takes ${inDays(w.leaveUnits)} of it`
      : w.workedUnits < w.contractUnits
        ? 'the working pattern has fewer days'
        : 'the central contracts allow fewer days';
  return `${inDays(w.bookedUnits)} booked but ${inDays(w.capacityUnits)} can be worked: ${cause}, changed after the days were booked. The bookings that week are at risk.`;
}

/**
 * One pool's view of a person who may hold contracts with several pools.
 * Bookings claim capacity twice (models/capacity-claim.ts): within the
 * pool's own allowance, and within the person's total across pools. So the
 * pool's free time is what is left of its own call, and never more than
 * what is left of the total. `pool` is poolCapacity over that pool's
 * contracts and bookings; `total` over every pool's.
 */
export function poolView(pool: readonly PoolCapacityWeek[], total: readonly PoolCapacityWeek[]): PoolCapacityWeek[] {
  return pool.map((w, i) => {
    const t = total[i];
    if (!t || t.week !== w.week) throw new Error('pool and total capacity must cover the same weeks');
    return { ...w, freeUnits: Math.min(w.freeUnits, t.freeUnits) };
  });
}

/** True when every week has at least `units` free. */
export function hasFreeEveryWeek(weeks: readonly Pick<PoolCapacityWeek, 'freeUnits'>[], units: number): boolean {
  return weeks.length > 0 && weeks.every((w) => w.freeUnits >= units);
}
