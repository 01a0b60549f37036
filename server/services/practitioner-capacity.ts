// Use-case: practitioners' capacity for the pool(s), week by week, from their
// bookable central contracts, working pattern, leave, bank holidays and
// bookings. Batched: any number of practitioners over one range cost one
// query each for contracts, bookings (two for a pool's view) and bank holidays.
//
// Without a pool, the view is the person's total across pools, less every
// pool's bookings. With a pool, it is that pool's call less that pool's
// bookings, its free time also capped by what is left of the total (see
// practitioner-capacity.ts poolView): the same two limits the booking code
// claims under (models/capacity-claim.ts).
import { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, forbidden, type FieldPath } from '../errors.ts';
import { isValidIsoDate, weekEnd, weekStart, weeksBetween } from '../calendar/iso-week.ts';
import type { BookingLoad, Leave, WorkingPattern } from '../calendar/capacity.ts';
import { MAX_CAPACITY_WEEKS, poolCapacity, poolView, type CapacityContract, type PoolCapacityWeek } from '../practitioners/practitioner-capacity.ts';
import { bookableContractsOverlapping } from './central-contracts.ts';
import { ALL_POOLS, unitsByPractitioner } from '../store/capacity-claims.ts';
import { bankHolidayDates } from './bank-holidays.ts';

/**
 * What existing bookings take from these practitioners' capacity, as the
 * capacity calendar's BookingLoad records (one per practitioner and ISO
 * week), read from the capacity claims in one scope: "all" for the person's
 * total, or a pool's id for what that pool's allowance holds. The claims are
 * the truth: a booking holds exactly the units it claimed, which is fewer
 * than its days per week in a week shortened by leave or a bank holiday.
 */
/** Claimed units per ISO week as the capacity calendar's BookingLoad records, one per week. */
export const loadsOfWeeklyUnits = (byWeek: ReadonlyMap<string, number> | undefined): BookingLoad[] =>
  [...(byWeek ?? [])].map(([week, unitsPerWeek]) => ({ start: weekStart(week), end: weekEnd(week), unitsPerWeek }));

async function bookingLoadsFor(ids: readonly Types.ObjectId[], from: string, to: string, scopes: readonly string[]): Promise<Map<string, BookingLoad[]>[]> {
  // Both scopes in one read per practitioner: round trips, not the few claims of other pools, are the cost.
  const units = await unitsByPractitioner(ids, scopes, weeksBetween(from, to));
  return scopes.map((scope) => new Map([...units].map(([pid, byScope]) => [pid, loadsOfWeeklyUnits(byScope.get(scope))])));
}

/** What a capacity view needs of a person: a stored profile, or a matching roster entry. */
export interface CapacityPractitioner {
  readonly _id: string | Types.ObjectId;
  readonly workingPattern: readonly number[];
  readonly leave: readonly Leave[];
}

export interface CapacityRequest {
  practitioner: CapacityPractitioner;
  /** One pool's view, or null for the total across pools. */
  poolId: string | null;
  from: string;
  to: string;
}

export interface CapacityRange {
  from: string;
  to: string;
  /** The whole ISO weeks the range touches: what bookings, contracts and holidays are loaded for. */
  spanStart: string;
  spanEnd: string;
  weeks: string[];
}

/** Validate a capacity range (dates, order, at most MAX_CAPACITY_WEEKS ISO weeks). */
export function checkCapacityRange(from: string, to: string, path: FieldPath = []): CapacityRange {
  if (!isValidIsoDate(from)) throw badInput([...path, 'from'], 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(to)) throw badInput([...path, 'to'], 'must be a calendar date YYYY-MM-DD');
  if (to < from) throw badInput([...path, 'to'], 'must not be before from');
  const weeks = weeksBetween(from, to);
  if (weeks.length > MAX_CAPACITY_WEEKS) throw badInput([...path, 'to'], `the range may cover at most ${MAX_CAPACITY_WEEKS} ISO weeks, not ${weeks.length}`);
  return { from, to, spanStart: weekStart(weeks[0]!), spanEnd: weekEnd(weeks[weeks.length - 1]!), weeks };
}

/**
 * Whose view a capacity query gets. A lead sees their own pool's (also when
 * they name none); anyone else who may read the practitioner may name a
 * pool, or see the total across pools.
 */
export function capacityPoolFor(viewer: Viewer, poolId: string | null | undefined, field: FieldPath = ['poolId']): string | null {
  if (viewer.role === 'PROGRAMME_LEAD') {
    if (poolId && poolId !== viewer.poolId) throw forbidden(`A programme lead sees capacity for their own pool only (${field.join('.')})`);
    return viewer.poolId;
  }
  return poolId ?? null;
}

/** Everything a batch of capacity views needs, loaded once. */
export interface CapacityData {
  /** Bookable contracts with any pool, by practitioner id. */
  contracts: ReadonlyMap<string, readonly CapacityContract[]>;
  /** Bookings across all pools, by practitioner id. */
  allLoads: ReadonlyMap<string, readonly BookingLoad[]>;
  /** Bookings within the pool's allowance (pool views only). */
  poolLoads: ReadonlyMap<string, readonly BookingLoad[]> | null;
  holidays: readonly string[];
}

/** Bookings (and, once per range, bank holidays) for these practitioners; contracts too unless already loaded. */
export async function loadCapacityData(
  ids: readonly Types.ObjectId[],
  poolId: string | null,
  range: CapacityRange,
  known: Partial<Pick<CapacityData, 'contracts' | 'holidays'>> = {},
): Promise<CapacityData> {
  const [contracts, [allLoads, poolLoads], holidays] = await Promise.all([
    known.contracts ?? bookableContractsOverlapping(ids, null, range.spanStart, range.spanEnd),
    bookingLoadsFor(ids, range.spanStart, range.spanEnd, poolId ? [ALL_POOLS, poolId] : [ALL_POOLS]),
    known.holidays ?? bankHolidayDates(range.spanStart, range.spanEnd),
  ]);
  return { contracts, allLoads: allLoads!, poolLoads: poolLoads ?? null, holidays };
}

/** One practitioner's view from loaded data. Pure apart from its inputs. */
export function capacityFrom(p: CapacityPractitioner, poolId: string | null, data: CapacityData, range: Pick<CapacityRange, 'from' | 'to'>): PoolCapacityWeek[] {
  const id = String(p._id);
  const contracts = data.contracts.get(id) ?? [];
  const base = { pattern: p.workingPattern as unknown as WorkingPattern, leave: p.leave, bankHolidays: data.holidays, from: range.from, to: range.to };
  const total = poolCapacity({ ...base, contracts, bookings: data.allLoads.get(id) ?? [] });
  if (!poolId) return total;
  const pool = poolCapacity({ ...base, contracts: contracts.filter((c) => c.poolId === poolId), bookings: data.poolLoads?.get(id) ?? [] });
  return poolView(pool, total);
}

/** Batch: one answer per request, in order. Requests are grouped by (pool, range); each group costs three or four queries. */
export async function capacitiesFor(requests: readonly CapacityRequest[]): Promise<PoolCapacityWeek[][]> {
  const groups = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const key = JSON.stringify([r.poolId, r.from, r.to]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: PoolCapacityWeek[][] = new Array(requests.length);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const first = requests[indexes[0]!]!;
      const range = checkCapacityRange(first.from, first.to);
      const ids = indexes.map((i) => new Types.ObjectId(String(requests[i]!.practitioner._id)));
      const data = await loadCapacityData(ids, first.poolId, range);
      for (const i of indexes) out[i] = capacityFrom(requests[i]!.practitioner, first.poolId, data, range);
    }),
  );
  return out;
}
