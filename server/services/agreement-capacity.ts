// Capacity for amendments. An amendment that extends a placement or raises
// its days claims the extra units when it is proposed, so approving it can
// never overbook anyone. They are claimed under the amendment's own holder id
// (not the booking's), which keeps them apart from the units the booking
// already holds: a decline or withdrawal releases exactly them, and an
// approval hands them over to the booking. Same unique claim keys, same two
// scopes (the pool's allowance and the person's total) as a booking.
import type { Types } from 'mongoose';
import type { PractitionerDoc } from '../../models/practitioner.ts';
import { ALL_POOLS, claimCapacity, claimsHeldBy, handOverClaims, releaseCapacity, releaseClaims, type ClaimResult } from '../store/capacity-claims.ts';
import type { WorkingPattern } from '../calendar/capacity.ts';
import { poolCapacity } from '../practitioners/practitioner-capacity.ts';
import { bookableContractsOverlapping } from './central-contracts.ts';
import { bankHolidayDates } from './bank-holidays.ts';

interface WeekCapacities {
  /** Units the pool may call on, per ISO week. */
  pool: Map<string, number>;
  /** Units across every pool, per ISO week. */
  total: Map<string, number>;
}

/** The practitioner's capacity per ISO week over [from, to], read as the booking service reads it. */
async function weekCapacities(practitioner: PractitionerDoc, poolId: string, from: string, to: string): Promise<WeekCapacities> {
  const pid = String(practitioner._id);
  const [holidays, all] = await Promise.all([bankHolidayDates(from, to), bookableContractsOverlapping([practitioner._id], null, from, to)]);
  const contracts = all.get(pid) ?? [];
  const input = { pattern: practitioner.workingPattern as unknown as WorkingPattern, leave: practitioner.leave, bankHolidays: holidays, from, to };
  const pool = poolCapacity({ ...input, contracts: contracts.filter((c) => c.poolId === poolId) });
  const total = poolCapacity({ ...input, contracts });
  return { pool: new Map(pool.map((w) => [w.week, w.capacityUnits])), total: new Map(total.map((w) => [w.week, w.capacityUnits])) };
}

/** Units a holder has per scope and week, with their claim ids and unit numbers. */
async function heldBy(holderId: Types.ObjectId) {
  const docs = await claimsHeldBy(holderId);
  const out = new Map<string, { _id: string; unit: number }[]>();
  for (const d of docs) {
    const key = `${d.scope}|${d.week}`;
    out.set(key, [...(out.get(key) ?? []), { _id: d._id, unit: d.unit }]);
  }
  return out;
}

/**
 * Claim under `holderId` what the amended terms add: each week, the units
 * they want (at most the week's capacity, as for a booking) less what the
 * booking already holds. All or nothing over both scopes. The caller holds
 * the practitioner's lock.
 */
export async function claimAmendmentUnits(
  practitioner: PractitionerDoc,
  poolId: string,
  bookingId: Types.ObjectId,
  holderId: Types.ObjectId,
  wanted: Map<string, number>,
  range: { from: string; to: string },
): Promise<ClaimResult> {
  const caps = await weekCapacities(practitioner, poolId, range.from, range.to);
  const held = await heldBy(bookingId);
  const needs = (scope: string, capacity: Map<string, number>) =>
    [...wanted].flatMap(([week, units]) => {
      const need = Math.min(units, caps.pool.get(week) ?? 0);
      const extra = need - (held.get(`${scope}|${week}`)?.length ?? 0);
      return extra > 0 ? [{ week, units: extra, capacity: capacity.get(week) ?? 0 }] : [];
    });
  const pid = String(practitioner._id);
  // Claims carry the real time (the default), which the reconciler ages them by.
  const byPool = await claimCapacity(pid, holderId, needs(poolId, caps.pool), poolId);
  if (!byPool.ok) return byPool;
  return claimCapacity(pid, holderId, needs(ALL_POOLS, caps.total), ALL_POOLS);
}

/** An approved amendment's units become the booking's. Idempotent: a second run finds none left. */
export async function handOverUnits(holderId: Types.ObjectId, bookingId: Types.ObjectId, practitionerId: Types.ObjectId): Promise<void> {
  await handOverClaims(holderId, bookingId, practitionerId);
}

/** A declined or withdrawn amendment's units go back. */
export const releaseAmendmentUnits = (holderId: Types.ObjectId, practitionerId: Types.ObjectId) => releaseCapacity(holderId, practitionerId);

/**
 * Give back what the booking holds beyond what its terms now want (an
 * amendment that shortens it or lowers its days): per scope and week, the
 * highest-numbered units first; every unit of a week it no longer covers.
 * Idempotent.
 */
export async function trimUnits(bookingId: Types.ObjectId, wanted: Map<string, number>, practitionerId: Types.ObjectId): Promise<number> {
  const held = await heldBy(bookingId);
  const excess: string[] = [];
  for (const [key, claims] of held) {
    const week = key.split('|')[1]!;
    const keep = wanted.get(week) ?? 0;
    if (claims.length > keep) excess.push(...[...claims].sort((a, b) => b.unit - a.unit).slice(0, claims.length - keep).map((c) => c._id));
  }
  if (!excess.length) return 0;
  return releaseClaims(bookingId, excess, practitionerId);
}
