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
    // The bookings on the numbered seats as they are now (not person seats, which say nothing about the headcount, nor retired ones).
    const holders = (await numberedSeats(slotId)).filter((s) => !s.retired);
    return { ok: false, reason: 'SLOT_FULL', heldBy: holders.map((s) => s.bookingId) };
  } finally {
    changed('slot_seats');
  }
}

type NumberedSeat = { _id: string; bookingId: Types.ObjectId; retired?: boolean; n: number };
const seatId = (slotId: Types.ObjectId, n: number) => `${String(slotId)}:seat:${n}`;

async function numberedSeats(slotId: Types.ObjectId): Promise<NumberedSeat[]> {
  const docs = await SlotSeat.find({ slotId }, { _id: 1, bookingId: 1, retired: 1 }).lean<Omit<NumberedSeat, 'n'>[]>();
  return docs.filter((s) => s._id.includes(':seat:')).map((s) => ({ ...s, n: Number(s._id.split(':seat:')[1]) }));
}

export type RetireResult = { ok: true } | { ok: false; heldBy: Types.ObjectId[]; seated: number };

/**
 * Before a slot's headcount is cut: hold every numbered seat above
 * `headcount` (up to `upTo`, the most a slot may have) with a retired marker
 * under the seat's own unique key, so no booking, however stale its view of
 * the headcount, can sit there afterwards. A booking on a seat above the new
 * headcount is first moved down to a free one. When one is left there (no
 * free seat below, or a booking took the seat meanwhile), nothing this call
 * made stays and the bookings in the way are returned.
 */
export async function retireSeatsAbove(slotId: Types.ObjectId, headcount: number, upTo: number, changeId: Types.ObjectId): Promise<RetireResult> {
  try {
    const seats = await numberedSeats(slotId);
    const taken = new Set(seats.map((s) => s.n));
    const free = Array.from({ length: headcount }, (_, i) => i + 1).filter((n) => !taken.has(n));
    for (const high of seats.filter((s) => !s.retired && s.n > headcount)) {
      // Claim the lower seat before giving up the higher one: the booking always holds one.
      for (let k = free.shift(); k !== undefined; k = free.shift()) {
        if (await insertUnlessTaken(SlotSeat, { _id: seatId(slotId, k), slotId, bookingId: high.bookingId, claimedAt: new Date() })) {
          await retryWhenBusy(() => SlotSeat.deleteOne({ _id: high._id, bookingId: high.bookingId }).exec());
          break;
        }
      }
    }
    const inTheWay: Types.ObjectId[] = [];
    for (let n = headcount + 1; n <= upTo; n++) {
      if (await insertUnlessTaken(SlotSeat, { _id: seatId(slotId, n), slotId, bookingId: changeId, claimedAt: new Date(), retired: true })) continue;
      const holder = await SlotSeat.findById(seatId(slotId, n), { bookingId: 1, retired: 1 }).lean<{ bookingId: Types.ObjectId; retired?: boolean }>();
      if (holder && !holder.retired) inTheWay.push(holder.bookingId);
      else if (!holder) n -= 1; // given back meanwhile: claim it again
    }
    if (inTheWay.length) {
      await releaseSeat(changeId);
      const seated = (await numberedSeats(slotId)).filter((s) => !s.retired).length;
      return { ok: false, heldBy: inTheWay, seated };
    }
    return { ok: true };
  } finally {
    changed('slot_seats');
  }
}

/** Before a slot's headcount is raised (or after a change that lost a race): reopen retired seats up to `headcount`. */
export async function reopenSeatsUpTo(slotId: Types.ObjectId, headcount: number): Promise<void> {
  const retired = (await numberedSeats(slotId)).filter((s) => s.retired && s.n <= headcount);
  for (const s of retired) await retryWhenBusy(() => SlotSeat.deleteOne({ _id: s._id, retired: true }).exec());
  changed('slot_seats');
}

export async function releaseSeat(bookingId: Types.ObjectId): Promise<void> {
  await retryWhenBusy(() => SlotSeat.deleteMany({ bookingId }).exec());
  changed('slot_seats');
}

/** How many seats a booking holds (tests, checks). */
export const countSeatsOf = (bookingId: Types.ObjectId) => SlotSeat.countDocuments({ bookingId });
