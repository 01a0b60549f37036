// The bookings collection. Reads are by _id or by an equality the database
// serves from an index (project and slot, practitioner, pool, a party
// council, a status or marker); ranges and status lists are applied over
// what that equality returns.
import { Types } from 'mongoose';
import { Booking, LIVE_BOOKING_STATUSES, type BookingDoc, type BookingStatus } from '../../models/booking.ts';
import { allOf, findByIds, findIn, findPage, orderByIds } from './queries.ts';
import { changed } from './changes.ts';
import { retryWhenBusy } from './busy.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import type { PageArgs } from '../pagination.ts';

export type { BookingDoc, BookingStatus };
export { LIVE_BOOKING_STATUSES };

type Filter = Record<string, unknown>;
const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

export const findBooking = (id: string | Types.ObjectId) => Booking.findById(id).lean<BookingDoc>();

/** Bookings by id for DataLoaders; bookings still being made answer null. */
export async function bookingsByIds(ids: readonly string[]): Promise<(BookingDoc | null)[]> {
  const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map(oid);
  const docs = await findByIds<BookingDoc>(Booking, valid);
  return orderByIds(docs.filter((d) => d.status !== 'CLAIMING'), ids);
}

export type NewBooking = Omit<BookingDoc, '_id' | 'createdAt' | 'updatedAt' | 'pendingEffects' | 'partyCouncilIds' | 'workingSince'>;

/** A new booking, written CLAIMING (services/bookings.ts explains the order). */
export async function insertBooking(b: NewBooking): Promise<BookingDoc> {
  // Its own fresh _id: a retried insert that meets it is meeting itself, never another booking.
  const doc = await insertUnlessTaken<BookingDoc>(Booking, { ...b, workingSince: new Date() });
  if (!doc) throw new Error('a new booking met an existing _id');
  changed('bookings', [b.practitionerId]);
  return doc;
}

/** Set fields (and append a status history entry) on one booking; `unchanged` adds fields the write relies on. */
export async function updateBooking(
  b: Pick<BookingDoc, '_id' | 'practitionerId'>,
  set: Partial<BookingDoc>,
  historyEntry?: BookingDoc['statusHistory'][number],
  unchanged: Filter = {},
): Promise<boolean> {
  // Starting a closing's effects starts the reconciler's real-time clock on them.
  if (set.pendingEffects === true) set = { ...set, workingSince: new Date() };
  const res = await retryWhenBusy(() => Booking.updateOne({ _id: b._id, ...unchanged }, { $set: set, ...(historyEntry ? { $push: { statusHistory: historyEntry } } : {}) }).exec());
  changed('bookings', [b.practitionerId]);
  return res.matchedCount === 1;
}

/** Remove a booking that never finished claiming. */
export async function deleteClaimingBooking(id: Types.ObjectId, practitionerId?: Types.ObjectId): Promise<void> {
  await retryWhenBusy(() => Booking.deleteOne({ _id: id, status: 'CLAIMING' }).exec());
  changed('bookings', practitionerId ? [practitionerId] : undefined);
}

/** CLAIMING bookings begun before the cutoff (real time): a crash's leftovers. */
export const staleClaimingBookings = (cutoff: Date) =>
  Booking.find({ status: 'CLAIMING', workingSince: { $lt: cutoff } }, { _id: 1, practitionerId: 1 }).lean<Pick<BookingDoc, '_id' | 'practitionerId'>[]>();

/** Closed bookings whose effects a crash interrupted, begun before the cutoff (real time). */
export const unfinishedClosings = (cutoff: Date) => Booking.find({ pendingEffects: true, workingSince: { $lt: cutoff } }).lean<BookingDoc[]>();

/** Ids of bookings still being made (their agreements are not shown yet). */
export const claimingBookingIds = () => Booking.find({ status: 'CLAIMING' }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().then((d) => d.map((b) => b._id));

/** Statuses of the bookings on one slot. */
export const bookingStatusesOnSlot = (projectId: Types.ObjectId, slotId: Types.ObjectId) =>
  Booking.find({ slotId, projectId }, { status: 1 }).lean<{ status: BookingStatus }[]>().then((d) => d.map((b) => b.status));

/** Of these booking ids, those that are live (hold days). */
export async function liveBookingIds(ids: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  const docs = await findByIds<Pick<BookingDoc, '_id' | 'status'>>(Booking, ids, { _id: 1, status: 1 });
  return docs.filter((d) => LIVE_BOOKING_STATUSES.includes(d.status as BookingStatus)).map((d) => d._id);
}

/**
 * Of these holder ids, the bookings not settled yet: still being made
 * (CLAIMING), or cancelled and still giving back what they held. Ids that
 * are no booking (an amendment's holder) are not among them.
 */
export async function unsettledBookingIds(ids: readonly Types.ObjectId[]): Promise<Types.ObjectId[]> {
  const docs = await findByIds<Pick<BookingDoc, '_id' | 'status'>>(Booking, ids, { _id: 1, status: 1 });
  return docs.filter((d) => !LIVE_BOOKING_STATUSES.includes(d.status as BookingStatus)).map((d) => d._id);
}

/**
 * Bookings matching `scope` (one equality: poolId, practitionerId, or
 * partyCouncilIds) with a status in `statuses` that overlap [from, to].
 */
export async function bookingsOverlapping(scope: Filter, statuses: readonly BookingStatus[], from: string, to: string): Promise<BookingDoc[]> {
  const docs = await Booking.find({ ...scope, end: { $gte: from }, start: { $lte: to } }).lean<BookingDoc[]>();
  return docs.filter((b) => statuses.includes(b.status as BookingStatus)).sort((a, b) => a.start.localeCompare(b.start) || String(a._id).localeCompare(String(b._id)));
}

/** Live bookings of these practitioners (any pool). */
export async function liveBookingsOf(practitionerIds: readonly (string | Types.ObjectId)[]): Promise<BookingDoc[]> {
  const docs = await findIn<BookingDoc>(Booking, 'practitionerId', practitionerIds.map(oid));
  return docs.filter((b) => LIVE_BOOKING_STATUSES.includes(b.status as BookingStatus));
}

/** Live bookings of one pool (anyone's). */
export async function liveBookingsOfPool(poolId: string): Promise<BookingDoc[]> {
  const docs = await Booking.find({ poolId }).lean<BookingDoc[]>();
  return docs.filter((b) => LIVE_BOOKING_STATUSES.includes(b.status as BookingStatus));
}

/** A page of bookings (cursor on _id) matching every condition. */
export const bookingsPage = (conditions: Filter[], page: PageArgs) => findPage<BookingDoc>(Booking, allOf(conditions), page);
