// The slot_seats collection (models/slot-seat.ts): in every ISO week, at
// most `headcount` bookings on a slot, and one per person, held by unique
// keys per seat and week so racing bookings cannot pass either. A booking
// that ends early or is recalled gives back the weeks after its new end, and
// those weeks can be booked again. Reads are equalities on the slot.
import type { Types } from 'mongoose';
import { SlotSeat } from '../../models/slot-seat.ts';
import { insertAllUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { changed } from './changes.ts';

/** Refused: with the bookings holding what was wanted, so a caller can tell a lasting refusal from a passing clash. */
export type SeatResult = { ok: true } | { ok: false; reason: 'SLOT_FULL' | 'ALREADY_ON_SLOT'; heldBy: Types.ObjectId[] };

interface SeatRow {
  _id: string;
  slotId: Types.ObjectId;
  bookingId: Types.ObjectId;
  week: string;
  /** The seat number; null for a person's seat. */
  n: number | null;
  claimedAt: Date;
  retired?: boolean;
}

export const seatId = (slotId: Types.ObjectId | string, n: number, week: string) => `${String(slotId)}:seat:${n}:${week}`;
export const personSeatId = (slotId: Types.ObjectId | string, practitionerId: string, week: string) => `${String(slotId)}:person:${practitionerId}:${week}`;

type NumberedSeat = Pick<SeatRow, '_id' | 'bookingId' | 'week' | 'retired'> & { n: number };

async function numberedSeats(slotId: Types.ObjectId): Promise<NumberedSeat[]> {
  const docs = await SlotSeat.find({ slotId }, { _id: 1, bookingId: 1, week: 1, n: 1, retired: 1 }).lean<SeatRow[]>();
  return docs.filter((s): s is SeatRow & { n: number } => typeof s.n === 'number');
}

const byWeek = <T extends { week: string }>(rows: readonly T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(r.week, [...(out.get(r.week) ?? []), r]);
  return out;
};

/**
 * Seat a booking on a slot in each of its weeks: the person's seat for the
 * week (nobody twice on one slot at once), then the lowest numbered seat free
 * that week up to the headcount. A seat lost to a racing booking is tried
 * again at the next number. All or nothing: refused, the booking holds none.
 */
export async function claimSeat(slotId: Types.ObjectId, practitionerId: string, headcount: number, bookingId: Types.ObjectId, weeks: readonly string[], now = new Date()): Promise<SeatResult> {
  const row = (week: string, n: number | null, _id: string): SeatRow => ({ _id, slotId, bookingId, week, n, claimedAt: now });
  try {
    const persons = weeks.map((w) => row(w, null, personSeatId(slotId, practitionerId, w)));
    const [gotPersons, seats] = await Promise.all([insertAllUnlessTaken(SlotSeat, persons, 'bookingId'), numberedSeats(slotId)]);
    if (gotPersons.length < persons.length) {
      await releaseSeat(bookingId);
      const got = new Set(gotPersons.map((p) => p._id));
      const refused = persons.filter((p) => !got.has(p._id)).map((p) => p._id);
      const holders = await SlotSeat.find({ _id: { $in: refused } }, { bookingId: 1 }).lean<{ bookingId: Types.ObjectId }[]>();
      return { ok: false, reason: 'ALREADY_ON_SLOT', heldBy: holders.map((h) => h.bookingId) };
    }
    const taken = new Map([...byWeek(seats)].map(([w, rows]) => [w, new Set(rows.map((r) => r.n))]));
    let wanting = [...weeks];
    while (wanting.length) {
      const tries: SeatRow[] = [];
      for (const w of wanting) {
        const used = taken.get(w) ?? new Set<number>();
        let n = 1;
        while (n <= headcount && used.has(n)) n++;
        if (n > headcount) return await slotFull(slotId, bookingId, w);
        used.add(n);
        taken.set(w, used);
        tries.push(row(w, n, seatId(slotId, n, w)));
      }
      const got = new Set((await insertAllUnlessTaken(SlotSeat, tries, 'bookingId')).map((t) => t._id));
      wanting = tries.filter((t) => !got.has(t._id)).map((t) => t.week); // lost those races: the next number
    }
    return { ok: true };
  } finally {
    changed('slot_seats');
  }
}

/** Give back what the booking holds; the bookings on the full week's numbered seats (not retired markers) as they are now. */
async function slotFull(slotId: Types.ObjectId, bookingId: Types.ObjectId, week: string): Promise<SeatResult> {
  await releaseSeat(bookingId);
  const holders = (await numberedSeats(slotId)).filter((s) => s.week === week && !s.retired);
  return { ok: false, reason: 'SLOT_FULL', heldBy: holders.map((s) => s.bookingId) };
}

export type RetireResult = { ok: true } | { ok: false; heldBy: Types.ObjectId[]; seated: number };

/**
 * Before a slot's headcount is cut: hold every numbered seat above
 * `headcount` (up to `upTo`, the highest headcount the slot has had) in each
 * of the slot's weeks with a retired marker under the seat's own unique key,
 * so no booking, however stale its view of the headcount, can sit there
 * afterwards. A booking on a seat above the new headcount is first moved
 * down to a free one that week. When one is left there (no free seat below,
 * or a booking took the seat meanwhile), nothing this call made stays and
 * the bookings in the way are returned, with the most seated in any week.
 */
export async function retireSeatsAbove(slotId: Types.ObjectId, headcount: number, upTo: number, changeId: Types.ObjectId, weeks: readonly string[]): Promise<RetireResult> {
  try {
    const seats = await numberedSeats(slotId);
    const weekly = byWeek(seats);
    for (const high of seats.filter((s) => !s.retired && s.n > headcount)) {
      const taken = new Set((weekly.get(high.week) ?? []).map((s) => s.n));
      const free = Array.from({ length: headcount }, (_, i) => i + 1).filter((n) => !taken.has(n));
      // Claim the lower seat before giving up the higher one: the booking always holds one.
      for (const k of free) {
        const moved = { _id: seatId(slotId, k, high.week), slotId, bookingId: high.bookingId, week: high.week, n: k, claimedAt: new Date() };
        if ((await insertAllUnlessTaken(SlotSeat, [moved], 'bookingId')).length) {
          await retryWhenBusy(() => SlotSeat.deleteOne({ _id: high._id, bookingId: high.bookingId }).exec());
          weekly.set(high.week, [...(weekly.get(high.week) ?? []), { ...moved, retired: false }]);
          break;
        }
      }
    }
    const inTheWay: Types.ObjectId[] = [];
    let markers = weeks.flatMap((week) =>
      Array.from({ length: Math.max(0, upTo - headcount) }, (_, i) => ({ _id: seatId(slotId, headcount + 1 + i, week), slotId, bookingId: changeId, week, n: headcount + 1 + i, claimedAt: new Date(), retired: true })),
    );
    while (markers.length) {
      const got = new Set((await insertAllUnlessTaken(SlotSeat, markers, 'bookingId')).map((m) => m._id));
      const refused = markers.filter((m) => !got.has(m._id));
      const holders = await SlotSeat.find({ _id: { $in: refused.map((m) => m._id) } }, { _id: 1, bookingId: 1, retired: 1 }).lean<{ _id: string; bookingId: Types.ObjectId; retired?: boolean }[]>();
      const held = new Map(holders.map((h) => [h._id, h]));
      for (const h of holders) if (!h.retired) inTheWay.push(h.bookingId);
      markers = refused.filter((m) => !held.has(m._id)); // given back meanwhile: claim it again
    }
    if (inTheWay.length) {
      await releaseSeat(changeId);
      const seated = Math.max(0, ...[...byWeek((await numberedSeats(slotId)).filter((s) => !s.retired)).values()].map((rows) => rows.length));
      return { ok: false, heldBy: [...new Map(inTheWay.map((b) => [String(b), b])).values()], seated };
    }
    return { ok: true };
  } finally {
    changed('slot_seats');
  }
}

/** Before a slot's headcount is raised (or after a change that lost a race): reopen retired seats up to `headcount`. */
export async function reopenSeatsUpTo(slotId: Types.ObjectId, headcount: number): Promise<void> {
  const retired = (await numberedSeats(slotId)).filter((s) => s.retired && s.n <= headcount).map((s) => s._id);
  if (retired.length) await retryWhenBusy(() => SlotSeat.deleteMany({ _id: { $in: retired }, retired: true }).exec());
  changed('slot_seats');
}

export async function releaseSeat(bookingId: Types.ObjectId): Promise<void> {
  await retryWhenBusy(() => SlotSeat.deleteMany({ bookingId }).exec());
  changed('slot_seats');
}

/** Give back a booking's seats from a week onwards (ending early, recall): those weeks can be booked again. */
export async function releaseSeatFrom(bookingId: Types.ObjectId, fromWeek: string): Promise<void> {
  await retryWhenBusy(() => SlotSeat.deleteMany({ bookingId, week: { $gte: fromWeek } }).exec());
  changed('slot_seats');
}

/** How many seats a booking holds (tests, checks). */
export const countSeatsOf = (bookingId: Types.ObjectId) => SlotSeat.countDocuments({ bookingId });
