// The capacity_claims collection: claiming and releasing a practitioner's
// half-day units, and reading what is claimed. The invariant "no week booked
// beyond capacity" rests on the unique _id of each claim (see
// models/capacity-claim.ts): unit numbers never exceed the week's capacity,
// and no two claims can share a number, so the count of claims can never
// exceed capacity, however many requests race. Every read here is an
// equality on practitionerId or bookingId (the holder), so it reads that
// person's or that holder's claims only.
import { Types } from 'mongoose';
import { CapacityClaim, claimId, ALL_POOLS } from '../../models/capacity-claim.ts';
import { insertAllUnlessTaken } from './duplicate-key.ts';
import { findIn } from './queries.ts';
import { changed } from './changes.ts';
import { retryWhenBusy } from './busy.ts';
import { coalesce } from './coalesce.ts';

export { ALL_POOLS };

export interface WeekNeed {
  week: string;
  /** Units this booking needs in the week. */
  units: number;
  /** The practitioner's capacity that week (units numbered 1..capacity). */
  capacity: number;
}

export interface ClaimResult {
  ok: boolean;
  /** Weeks that could not get all their units, with how many were free. */
  shortWeeks: { week: string; needed: number; free: number }[];
}

// Each retry re-reads which units are taken; races within one week settle in
// a few rounds, since every round either succeeds or sees more units taken.
const MAX_ROUNDS = 8;

type Holder = Types.ObjectId;
type Pid = string | Types.ObjectId;

/** Units already taken, per week, for one practitioner in one scope. */
async function takenUnits(practitionerId: Types.ObjectId, scope: string, weeks: string[]): Promise<Map<string, Set<number>>> {
  const docs = await CapacityClaim.find({ practitionerId, scope, week: { $in: weeks } }, { _id: 0, week: 1, unit: 1 }).lean<{ week: string; unit: number }[]>();
  const out = new Map<string, Set<number>>(weeks.map((w) => [w, new Set<number>()]));
  for (const d of docs) out.get(d.week)?.add(d.unit);
  return out;
}

/**
 * Claim every unit the holder needs in one scope ("all" or a pool id), or
 * none: on any shortfall every unit this holder has is released before
 * returning.
 */
export async function claimCapacity(practitionerId: string, holderId: Holder, needs: WeekNeed[], scope: string = ALL_POOLS, now = new Date()): Promise<ClaimResult> {
  const pid = new Types.ObjectId(practitionerId);
  const remaining = new Map(needs.filter((n) => n.units > 0).map((n) => [n.week, n]));
  const got = new Map<string, number>();
  try {
    for (let round = 0; round < MAX_ROUNDS && remaining.size > 0; round++) {
      const taken = await takenUnits(pid, scope, [...remaining.keys()]);
      const docs: ClaimRow[] = [];
      const short: ClaimResult['shortWeeks'] = [];
      for (const need of remaining.values()) {
        const want = need.units - (got.get(need.week) ?? 0);
        const free: number[] = [];
        for (let u = 1; u <= need.capacity && free.length < want; u++) if (!taken.get(need.week)!.has(u)) free.push(u);
        if (free.length < want) short.push({ week: need.week, needed: need.units, free: free.length + (got.get(need.week) ?? 0) });
        else for (const u of free) docs.push({ _id: claimId(practitionerId, scope, need.week, u), practitionerId: pid, scope, week: need.week, unit: u, bookingId: holderId, claimedAt: now });
      }
      if (short.length) {
        await releaseCapacity(holderId, practitionerId);
        return { ok: false, shortWeeks: short };
      }
      for (const d of await insertIgnoringDuplicates(docs)) got.set(d.week, (got.get(d.week) ?? 0) + 1);
      for (const [week, need] of remaining) if ((got.get(week) ?? 0) >= need.units) remaining.delete(week);
    }
    if (remaining.size > 0) {
      await releaseCapacity(holderId, practitionerId);
      return { ok: false, shortWeeks: [...remaining.values()].map((n) => ({ week: n.week, needed: n.units, free: got.get(n.week) ?? 0 })) };
    }
    return { ok: true, shortWeeks: [] };
  } finally {
    changed('capacity_claims', [practitionerId]);
  }
}

interface ClaimRow {
  _id: string;
  practitionerId: Types.ObjectId;
  scope: string;
  week: string;
  unit: number;
  bookingId: Holder;
  claimedAt: Date;
}

const insertIgnoringDuplicates = (docs: ClaimRow[]) => insertAllUnlessTaken(CapacityClaim, docs, 'bookingId');

/** Give back every unit a holder (a booking, or an amendment) has. */
export async function releaseCapacity(holderId: Holder, practitionerId?: Pid): Promise<number> {
  const res = await retryWhenBusy(() => CapacityClaim.deleteMany({ bookingId: holderId }).exec());
  changed('capacity_claims', practitionerId ? [practitionerId] : undefined);
  return res.deletedCount ?? 0;
}

/** Give back a holder's units from a week onwards (ending early, recall). */
export async function releaseCapacityFrom(holderId: Holder, fromWeek: string, practitionerId?: Pid): Promise<number> {
  const res = await retryWhenBusy(() => CapacityClaim.deleteMany({ bookingId: holderId, week: { $gte: fromWeek } }).exec());
  changed('capacity_claims', practitionerId ? [practitionerId] : undefined);
  return res.deletedCount ?? 0;
}

/** Give back some of a holder's units, by claim id (an amendment that lowers its days). */
export async function releaseClaims(holderId: Holder, claimIds: readonly string[], practitionerId?: Pid): Promise<number> {
  if (!claimIds.length) return 0;
  // The holder's equality is what the database can use; the ids are checked over its claims.
  const res = await retryWhenBusy(() => CapacityClaim.deleteMany({ bookingId: holderId, _id: { $in: [...claimIds] } }).exec());
  changed('capacity_claims', practitionerId ? [practitionerId] : undefined);
  return res.deletedCount ?? 0;
}

/** An approved amendment's units become the booking's. Idempotent: a second run finds none left. */
export async function handOverClaims(fromHolder: Holder, toHolder: Holder, practitionerId?: Pid): Promise<void> {
  await retryWhenBusy(() => CapacityClaim.updateMany({ bookingId: fromHolder }, { $set: { bookingId: toHolder } }).exec());
  changed('capacity_claims', practitionerId ? [practitionerId] : undefined);
}

/** Units claimed per week for one practitioner in one scope (for views and checks). */
export async function claimedUnitsByWeek(practitionerId: string, weeks: string[], scope: string = ALL_POOLS): Promise<Map<string, number>> {
  const taken = await takenUnits(new Types.ObjectId(practitionerId), scope, weeks);
  return new Map([...taken].map(([w, s]) => [w, s.size]));
}

/** Who holds each claimed unit, per week, for one practitioner in one scope (to tell settled holds from passing ones). */
export async function claimHoldersByWeek(practitionerId: string, weeks: string[], scope: string): Promise<Map<string, Holder[]>> {
  const docs = await CapacityClaim.find({ practitionerId: new Types.ObjectId(practitionerId), scope, week: { $in: weeks } }, { _id: 0, week: 1, bookingId: 1 }).lean<{ week: string; bookingId: Holder }[]>();
  const out = new Map<string, Holder[]>();
  for (const d of docs) out.set(d.week, [...(out.get(d.week) ?? []), d.bookingId]);
  return out;
}

/** claimHoldersByWeek for read-only callers many of which ask at once (bookings of one person in a busy hour; coalesce.ts). */
export const claimHoldersByWeekShared = coalesce(claimHoldersByWeek, (practitionerId, weeks, scope) => `${practitionerId}|${scope}|${weeks.join(',')}`);

/** A holder's claims, with their ids, scopes, weeks and unit numbers. */
export async function claimsHeldBy(holderId: Holder): Promise<{ _id: string; scope: string; week: string; unit: number }[]> {
  return CapacityClaim.find({ bookingId: holderId }, { _id: 1, scope: 1, week: 1, unit: 1 }).lean();
}

/** Units per practitioner and ISO week in the given scopes: Map<practitionerId, Map<scope, Map<week, units>>>. */
export async function unitsByPractitioner(practitionerIds: readonly Pid[], scopes: readonly string[], weeks?: readonly string[]): Promise<Map<string, Map<string, Map<string, number>>>> {
  const ids = practitionerIds.filter((id) => Types.ObjectId.isValid(String(id))).map((id) => new Types.ObjectId(String(id)));
  const wanted = weeks ? new Set(weeks) : null;
  const inScope = new Set(scopes);
  const rest = { ...(scopes.length === 1 ? { scope: scopes[0] } : {}), ...(weeks ? { week: { $in: [...weeks] } } : {}) };
  const docs = await findIn<{ practitionerId: Types.ObjectId; scope: string; week: string }>(CapacityClaim, 'practitionerId', ids, rest, {
    _id: 0,
    practitionerId: 1,
    scope: 1,
    week: 1,
  });
  const out = new Map<string, Map<string, Map<string, number>>>();
  for (const d of docs) {
    if (!inScope.has(d.scope) || (wanted && !wanted.has(d.week))) continue;
    const p = String(d.practitionerId);
    let byScope = out.get(p);
    if (!byScope) out.set(p, (byScope = new Map()));
    let byWeek = byScope.get(d.scope);
    if (!byWeek) byScope.set(d.scope, (byWeek = new Map()));
    byWeek.set(d.week, (byWeek.get(d.week) ?? 0) + 1);
  }
  return out;
}

/** Units per ISO week that each holder has in one scope, weeks in order. */
export async function unitsByHolder(holderIds: readonly Holder[], scope: string = ALL_POOLS): Promise<Map<string, { week: string; units: number }[]>> {
  const docs = await findIn<{ bookingId: Holder; week: string }>(CapacityClaim, 'bookingId', holderIds, { scope }, { _id: 0, bookingId: 1, week: 1 });
  const counts = new Map<string, Map<string, number>>();
  for (const d of docs) {
    const k = String(d.bookingId);
    let byWeek = counts.get(k);
    if (!byWeek) counts.set(k, (byWeek = new Map()));
    byWeek.set(d.week, (byWeek.get(d.week) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, byWeek]) => [k, [...byWeek].map(([week, units]) => ({ week, units })).sort((a, b) => a.week.localeCompare(b.week))]));
}

/** How many claims a holder has (tests, reconciler checks). */
export const countClaimsOf = (holderId: Holder) => CapacityClaim.countDocuments({ bookingId: holderId });
