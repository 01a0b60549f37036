// The slot_seats collection (models/slot-seat.ts): at most `headcount`
// bookings on a slot, and one per person, held by unique keys so racing
// bookings cannot pass either. Reads are equalities on the slot.
import type { Types } from 'mongoose';
import { SlotSeat } from '../../models/slot-seat.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { changed } from './changes.ts';

/** Refused: with the bookings holding what was wanted, so a caller can tell a lasting refusal from a passing clash. */
export type SeatResult = { ok: true } | { ok: false; reason: 'SLOT_FULL' | 'ALREADY_ON_SLOT'; heldBy: Types.ObjectId[] };

export async function claimSeat(slotId: Types.ObjectId, practitionerId: string, headcount: number, bookingId: Types.ObjectId, now = new Date()): Promise<SeatResult> {
  const personSeat = `${String(slotId)}:person:${practitionerId}`;
  try {
    await SlotSeat.create({ _id: personSeat, slotId, bookingId, claimedAt: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const holder = await SlotSeat.findById(personSeat, { bookingId: 1 }).lean<{ bookingId: Types.ObjectId }>();
    return { ok: false, reason: 'ALREADY_ON_SLOT', heldBy: holder ? [holder.bookingId] : [] };
  }
  let seats: { _id: string; bookingId: Types.ObjectId }[] = [];
  try {
    seats = (await SlotSeat.find({ slotId }, { _id: 1, bookingId: 1 }).lean<{ _id: string; bookingId: Types.ObjectId }[]>()).filter((s) => s._id.includes(':seat:'));
    const taken = new Set(seats.map((s) => Number(s._id.split(':seat:')[1])));
    for (let n = 1; n <= headcount; n++) {
      if (taken.has(n)) continue;
      try {
        await SlotSeat.create({ _id: `${String(slotId)}:seat:${n}`, slotId, bookingId, claimedAt: now });
        return { ok: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // lost a race for seat n: try the next one
      }
    }
    await releaseSeat(bookingId);
    const holders = await SlotSeat.find({ slotId }, { bookingId: 1 }).lean<{ bookingId: Types.ObjectId }[]>();
    return { ok: false, reason: 'SLOT_FULL', heldBy: [...seats, ...holders].map((s) => s.bookingId).filter((id) => String(id) !== String(bookingId)) };
  } finally {
    changed('slot_seats');
  }
}

export async function releaseSeat(bookingId: Types.ObjectId): Promise<void> {
  await SlotSeat.deleteMany({ bookingId });
  changed('slot_seats');
}

/** How many seats a booking holds (tests, checks). */
export const countSeatsOf = (bookingId: Types.ObjectId) => SlotSeat.countDocuments({ bookingId });
