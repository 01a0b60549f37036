// Claiming and releasing capacity units for a booking. The invariant "no
// week booked beyond capacity" rests on the unique _id of each claim (see
// models/capacity-claim.ts): unit numbers never exceed the week's capacity,
// and no two claims can share a number, so the count of claims can never
// exceed capacity, however many requests race.
import { Types } from 'mongoose';
import { CapacityClaim, claimId, ALL_POOLS } from '../../models/capacity-claim.ts';

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

const DUPLICATE_KEY = 11000;
// Each retry re-reads which units are taken; races within one week settle in
// a few rounds, since every round either succeeds or sees more units taken.
const MAX_ROUNDS = 8;

/** Units already taken, per week, for one practitioner in one scope. */
async function takenUnits(practitionerId: Types.ObjectId, scope: string, weeks: string[]): Promise<Map<string, Set<number>>> {
  const docs = await CapacityClaim.find({ practitionerId, scope, week: { $in: weeks } }, { week: 1, unit: 1 }).lean<{ week: string; unit: number }[]>();
  const out = new Map<string, Set<number>>(weeks.map((w) => [w, new Set<number>()]));
  for (const d of docs) out.get(d.week)?.add(d.unit);
  return out;
}

/**
 * Claim every unit the booking needs in one scope ("all" or a pool id), or
 * none: on any shortfall every unit this booking holds is released before
 * returning.
 */
export async function claimCapacity(
  practitionerId: string,
  bookingId: Types.ObjectId,
  needs: WeekNeed[],
  scope: string = ALL_POOLS,
  now = new Date(),
): Promise<ClaimResult> {
  const pid = new Types.ObjectId(practitionerId);
  const remaining = new Map(needs.filter((n) => n.units > 0).map((n) => [n.week, n]));
  const got = new Map<string, number>();
  for (let round = 0; round < MAX_ROUNDS && remaining.size > 0; round++) {
    const taken = await takenUnits(pid, scope, [...remaining.keys()]);
    const docs: object[] = [];
    const short: ClaimResult['shortWeeks'] = [];
    for (const need of remaining.values()) {
      const want = need.units - (got.get(need.week) ?? 0);
      const free: number[] = [];
      for (let u = 1; u <= need.capacity && free.length < want; u++) if (!taken.get(need.week)!.has(u)) free.push(u);
      if (free.length < want) short.push({ week: need.week, needed: need.units, free: free.length + (got.get(need.week) ?? 0) });
      else for (const u of free) docs.push({ _id: claimId(practitionerId, scope, need.week, u), practitionerId: pid, scope, week: need.week, unit: u, bookingId, claimedAt: now });
    }
    if (short.length) {
      await releaseCapacity(bookingId);
      return { ok: false, shortWeeks: short };
    }
    const inserted = await insertIgnoringDuplicates(docs);
    for (const d of inserted) {
      const week = (d as { week: string }).week;
      got.set(week, (got.get(week) ?? 0) + 1);
    }
    for (const [week, need] of remaining) if ((got.get(week) ?? 0) >= need.units) remaining.delete(week);
  }
  if (remaining.size > 0) {
    await releaseCapacity(bookingId);
    return { ok: false, shortWeeks: [...remaining.values()].map((n) => ({ week: n.week, needed: n.units, free: got.get(n.week) ?? 0 })) };
  }
  return { ok: true, shortWeeks: [] };
}

/** insertMany, unordered: returns the documents that went in; a lost race (duplicate key) is not an error. */
async function insertIgnoringDuplicates(docs: object[]): Promise<object[]> {
  if (docs.length === 0) return [];
  try {
    await CapacityClaim.insertMany(docs, { ordered: false, lean: true });
    return docs;
  } catch (err) {
    const e = err as { writeErrors?: { index?: number; err?: { index?: number; code?: number }; code?: number }[]; code?: number };
    const writeErrors = e.writeErrors ?? [];
    if (!writeErrors.length && e.code !== DUPLICATE_KEY) throw err;
    const codeOf = (w: (typeof writeErrors)[number]) => w.code ?? w.err?.code;
    if (writeErrors.some((w) => codeOf(w) !== DUPLICATE_KEY)) throw err;
    const failed = new Set(writeErrors.map((w) => w.index ?? w.err?.index));
    if (!writeErrors.length) {
      // Some drivers report a single duplicate without writeErrors: re-read what is ours.
      const ids = docs.map((d) => (d as { _id: string })._id);
      const mine = await CapacityClaim.find({ _id: { $in: ids } }, { _id: 1, bookingId: 1 }).lean<{ _id: string; bookingId: Types.ObjectId }[]>();
      const bookingId = String((docs[0] as { bookingId: Types.ObjectId }).bookingId);
      const ours = new Set(mine.filter((m) => String(m.bookingId) === bookingId).map((m) => m._id));
      return docs.filter((d) => ours.has((d as { _id: string })._id));
    }
    return docs.filter((_, i) => !failed.has(i));
  }
}

/** Give back every unit a booking holds. */
export async function releaseCapacity(bookingId: Types.ObjectId): Promise<number> {
  const res = await CapacityClaim.deleteMany({ bookingId });
  return res.deletedCount ?? 0;
}

/** Give back a booking's units from a week onwards (ending early, recall). */
export async function releaseCapacityFrom(bookingId: Types.ObjectId, fromWeek: string): Promise<number> {
  const res = await CapacityClaim.deleteMany({ bookingId, week: { $gte: fromWeek } });
  return res.deletedCount ?? 0;
}

/** Units claimed per week for one practitioner in one scope (for views and checks). */
export async function claimedUnitsByWeek(practitionerId: string, weeks: string[], scope: string = ALL_POOLS): Promise<Map<string, number>> {
  const taken = await takenUnits(new Types.ObjectId(practitionerId), scope, weeks);
  return new Map([...taken].map(([w, s]) => [w, s.size]));
}
