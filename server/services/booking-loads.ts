// What existing bookings take from practitioners' capacity, as the capacity
// calendar's BookingLoad records (one query for many practitioners).
import type { Types } from 'mongoose';
import { Booking, LIVE_BOOKING_STATUSES, type BookingDoc } from '../../models/booking.ts';
import type { BookingLoad } from '../calendar/capacity.ts';

export async function bookingLoadsFor(practitionerIds: readonly (string | Types.ObjectId)[], from: string, to: string): Promise<Map<string, BookingLoad[]>> {
  const docs = await Booking.find(
    { practitionerId: { $in: [...practitionerIds] }, status: { $in: LIVE_BOOKING_STATUSES }, start: { $lte: to }, end: { $gte: from } },
    { practitionerId: 1, start: 1, end: 1, unitsPerWeek: 1 },
  ).lean<Pick<BookingDoc, '_id' | 'practitionerId' | 'start' | 'end' | 'unitsPerWeek'>[]>();
  const out = new Map<string, BookingLoad[]>();
  for (const d of docs) {
    const key = String(d.practitionerId);
    out.set(key, [...(out.get(key) ?? []), { start: d.start, end: d.end, unitsPerWeek: d.unitsPerWeek }]);
  }
  return out;
}
