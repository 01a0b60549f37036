// The slot_seats collection (models/slot-seat.ts): at most `headcount`
// bookings on a slot, and one per person, held by unique keys so racing
// bookings cannot pass either. Reads are equalities on the slot.
import type { Types } from 'mongoose';
import { SlotSeat } from '../../models/slot-seat.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { changed } from './changes.ts';

/** Refused: with the bookings holding what was wanted, so a caller can tell a lasting refusal from a passing clash. */
export type SeatResult = { ok: true } | { ok: false; reason: 'SLOT_FULL' | 'ALREADY_ON_SLOT'; heldBy: Types.ObjectId[] };

export async function claimSeat(slotId: Types.ObjectId, practitionerId: string, headcount: number, bookingId: Types.ObjectId, now = new Date()): Promise<SeatResult> {
  const personSeat = `${String(slotId)}:person:${practitionerId}`;
  // The seats as they are, read while the person's seat is claimed: the numbered seats' unique keys settle races.
  const [personClaimed, allSeats] = await Promise.all([
    insertUnlessTaken(SlotSeat, { _id: personSeat, slotId, bookingId, claimedAt: now }),
    SlotSeat.find({ slotId }, { _id: 1, bookingId: 1 }).lean<{ _id: string; bookingId: Types.ObjectId }[]>(),
  ]);
  if (!personClaimed) {
    const holder = await SlotSeat.findById(personSeat, { bookingId: 1 }).lean<{ bookingId: Types.ObjectId }>();
    return { ok: false, reason: 'ALREADY_ON_SLOT', heldBy: holder ? [holder.bookingId] : [] };
  }
  try {
    const seats = allSeats.filter((s) => s._id.includes(':seat:'));
    const taken = new Set(seats.map((s) => Number(s._id.split(':seat:')[1])));
    for (let n = 1; n <= headcount; n++) {
      if (taken.has(n)) continue;
      if (await insertUnlessTaken(SlotSeat, { _id: `${String(slotId)}:seat:${n}`, slotId, bookingId, claimedAt: now })) return { ok: true };
      // lost a race for seat n: try the next one
    }
    await releaseSeat(bookingId);
    // The holders of the numbered seats as they are now (not person seats: those say nothing about the headcount).
    const holders = (await SlotSeat.find({ slotId }, { _id: 1, bookingId: 1 }).lean<{ _id: string; bookingId: Types.ObjectId }[]>()).filter((s) => s._id.includes(':seat:'));
    return { ok: false, reason: 'SLOT_FULL', heldBy: holders.map((s) => s.bookingId) };
  } finally {
    changed('slot_seats');
  }
}

export async function releaseSeat(bookingId: Types.ObjectId): Promise<void> {
  await retryWhenBusy(() => SlotSeat.deleteMany({ bookingId }).exec());
  changed('slot_seats');
}

/** How many seats a booking holds (tests, checks). */
export const countSeatsOf = (bookingId: Types.ObjectId) => SlotSeat.countDocuments({ bookingId });
