// Seats on a slot (models/slot-seat.ts): at most `headcount` bookings, and
// one per person, held by unique keys so racing bookings cannot pass either.
import type { Types } from 'mongoose';
import { SlotSeat } from '../../models/slot-seat.ts';

export type SeatResult = { ok: true } | { ok: false; reason: 'SLOT_FULL' | 'ALREADY_ON_SLOT' };

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

export async function claimSeat(slotId: Types.ObjectId, practitionerId: string, headcount: number, bookingId: Types.ObjectId, now = new Date()): Promise<SeatResult> {
  try {
    await SlotSeat.create({ _id: `${String(slotId)}:person:${practitionerId}`, slotId, bookingId, claimedAt: now });
  } catch (err) {
    if (isDuplicate(err)) return { ok: false, reason: 'ALREADY_ON_SLOT' };
    throw err;
  }
  const taken = new Set(
    (await SlotSeat.find({ slotId, _id: { $regex: ':seat:' } }, { _id: 1 }).lean<{ _id: string }[]>()).map((s) => Number(s._id.split(':seat:')[1])),
  );
  for (let n = 1; n <= headcount; n++) {
    if (taken.has(n)) continue;
    try {
      await SlotSeat.create({ _id: `${String(slotId)}:seat:${n}`, slotId, bookingId, claimedAt: now });
      return { ok: true };
    } catch (err) {
      if (!isDuplicate(err)) throw err; // lost a race for seat n: try the next one
    }
  }
  await releaseSeat(bookingId);
  return { ok: false, reason: 'SLOT_FULL' };
}

export async function releaseSeat(bookingId: Types.ObjectId): Promise<void> {
  await SlotSeat.deleteMany({ bookingId });
}
