// What existing bookings take from practitioners' capacity, as the capacity
// calendar's BookingLoad records, one per practitioner and ISO week. Read from
// the capacity claims (scope "all" for the person's total, or one pool's id
// for what that pool's allowance holds), which are the truth: a booking holds
// exactly the units it claimed, which is fewer than its days per week in a
// week shortened by leave or a bank holiday. One query for many practitioners.
import { Types } from 'mongoose';
import { CapacityClaim, ALL_POOLS } from '../../models/capacity-claim.ts';
import type { BookingLoad } from '../calendar/capacity.ts';
import { weekEnd, weekStart, weeksBetween } from '../calendar/iso-week.ts';

export async function bookingLoadsFor(
  practitionerIds: readonly (string | Types.ObjectId)[],
  from: string,
  to: string,
  scope: string = ALL_POOLS,
): Promise<Map<string, BookingLoad[]>> {
  const ids = practitionerIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(String(id)));
  const weeks = weeksBetween(from, to);
  const groups = await CapacityClaim.aggregate<{ _id: { p: Types.ObjectId; week: string }; units: number }>([
    { $match: { practitionerId: { $in: ids }, scope, week: { $in: weeks } } },
    { $group: { _id: { p: '$practitionerId', week: '$week' }, units: { $sum: 1 } } },
  ]);
  const out = new Map<string, BookingLoad[]>();
  for (const g of groups) {
    const key = String(g._id.p);
    out.set(key, [...(out.get(key) ?? []), { start: weekStart(g._id.week), end: weekEnd(g._id.week), unitsPerWeek: g.units }]);
  }
  return out;
}
