// Use-cases for bookings: book a practitioner onto a slot, end early, recall,
// cancel, confirm; and the reconciler that cleans up after a crash.
//
// Booking order, chosen so a crash at any point leaves nothing a client was
// told about half-done, and nothing the reconciler cannot undo:
//   0. wait for this process's turn for the person, and refuse there,
//      writing nothing, if the weeks have filled up meanwhile;
//   1. insert the booking as CLAIMING (never shown as booked);
//   2. under the practitioner's lock, claim a seat on the slot and the
//      capacity units of every week (unique keys: all or nothing);
//   3. create its agreement (services/booking-agreements.ts), then mark it
//      TENTATIVE and answer the client.
// A CLAIMING booking older than a few minutes is a crash's leftover: the
// reconciler releases its claims and seat and deletes it (and its agreement).
import { Types } from 'mongoose';
import { anyOf } from '../store/queries.ts';
import type { ProjectDoc, SlotDoc } from '../../models/project.ts';
import type { PractitionerDoc } from '../../models/practitioner.ts';
import type { Viewer } from '../auth/viewer.ts';
import { DomainError, badInput, conflict, forbidden, notFound, tryAgain, withArticle, type FieldPath } from '../errors.ts';
import { weeksBetween } from '../calendar/iso-week.ts';
import { daysToUnits, type WorkingPattern } from '../calendar/capacity.ts';
import { poolCapacity } from '../practitioners/practitioner-capacity.ts';
import {
  BOOKABLE_PROJECT_STATUSES,
  BOOKING_TRANSITIONS,
  capacityExceeded,
  checkBookingRequest,
  doesNotFitSlot,
  earliestWithNotice,
  weekAfter,
  weeklyNeeds,
  type BookingRequest,
} from '../bookings/booking-rules.ts';
import { ALL_POOLS, claimCapacity, claimHoldersByWeekShared, releaseCapacity, releaseCapacityFrom, unitsByHolder, type ClaimResult } from '../store/capacity-claims.ts';
import { withPractitionerTurn } from '../store/practitioner-locks.ts';
import { claimSeat, releaseSeat, releaseSeatFrom, type SeatResult } from '../store/slot-seats.ts';
import {
  bookingsByIds as storedBookingsByIds,
  bookingsPage,
  deleteClaimingBooking,
  findBooking,
  insertBooking,
  liveBookingIds,
  staleClaimingBookings,
  unfinishedClosings,
  unsettledBookingIds,
  updateBooking,
  type BookingDoc,
  type BookingStatus,
} from '../store/bookings.ts';
import { findAgreementByBooking } from '../store/agreements.ts';
import { findContract } from '../store/central-contracts.ts';
import { getProject } from './projects.ts';
import { getPractitioner } from './practitioners.ts';
import { findProjectShared } from '../store/projects.ts';
import { findPractitionerShared } from '../store/practitioners.ts';
import { bookableContractsOfShared } from './central-contracts.ts';
import type { CentralContractDoc } from '../store/central-contracts.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { recordAudit, recordAudits, type AuditEntry } from './audit.ts';
import { now as clockNow } from '../clock.ts';
import {
  closeBookingAgreement,
  createBookingAgreement,
  planBookingAgreement,
  removeBookingAgreement,
  type BookingTermsRequest,
} from './booking-agreements.ts';
import type { PageArgs } from '../pagination.ts';
import { OBJECT_ID } from '../ids.ts';
import { placementReadersFilter } from './placement-readers.ts';
import { profileViolations } from '../matching/eligibility.ts';
import { skillLevels, skillNeed } from '../planning/engine-input.ts';


export async function getBooking(id: string, field: FieldPath = ['id']): Promise<BookingDoc> {
  if (!OBJECT_ID.test(id)) throw badInput(field, 'is not a booking id');
  const doc = await findBooking(id);
  if (!doc || doc.status === 'CLAIMING') throw notFound('Booking', id, field);
  return doc;
}

export const bookingsByIds = storedBookingsByIds;

export function findSlot(project: ProjectDoc, slotId: string, field: FieldPath): SlotDoc {
  const slot = project.slots.find((s) => String(s._id) === slotId);
  if (!slot) throw notFound('Slot', slotId, field);
  return slot;
}

const snapshot = (b: Pick<BookingDoc, 'status' | 'start' | 'end' | 'unitsPerWeek'>) => ({ status: b.status, start: b.start, end: b.end, unitsPerWeek: b.unitsPerWeek });

// A booking attempt that has not finished claiming within this time gives up
// by itself, and the reconciler only touches attempts older than twice this,
// so the two can never both act on one booking (see setClaimDeadline).
let claimDeadlineMs = 60_000;

/** Set from RECONCILE_STALE_MS at start-up: attempts give up at half the staleness age. */
export function setClaimDeadline(staleMs: number): void {
  claimDeadlineMs = Math.floor(staleMs / 2);
}

export interface BookOptions {
  now?: Date;
  path?: FieldPath;
}

/**
 * Book a practitioner onto a slot: every check first (nothing is written if
 * one fails), then the claims. CAPACITY_EXCEEDED names the weeks that are short.
 */
export async function bookPractitioner(viewer: Viewer, input: BookingRequest & Pick<BookingTermsRequest, 'terms'>, opts: BookOptions = {}): Promise<BookingDoc> {
  const path = opts.path ?? ['input'];
  const now = opts.now ?? clockNow();
  checkBookingRequest(input, path);
  // The project and the person at once; the project's refusals come first. Read-only here, so
  // shared with the other bookings asking at the same moment (store/coalesce.ts), as are the
  // contracts and claims below: in a busy hour most requests are for the same few people.
  const [projectRead, practitionerRead] = await Promise.allSettled([
    getProject(input.projectId, [...path, 'projectId'], findProjectShared),
    getPractitioner(input.practitionerId, [...path, 'practitionerId'], findPractitionerShared),
  ]);
  if (projectRead.status === 'rejected') throw projectRead.reason;
  const project = projectRead.value;
  if (!(viewer.role === 'ADMIN' || (viewer.role === 'PROGRAMME_LEAD' && viewer.poolId === project.poolId))) {
    throw forbidden("Only a programme lead of the project's pool can book people onto it");
  }
  const slot = findSlot(project, input.slotId, [...path, 'slotId']);
  if (!(BOOKABLE_PROJECT_STATUSES as readonly string[]).includes(project.status)) {
    throw conflict(`People can be booked onto a project only once it is approved; this one is ${project.status}`, { status: project.status });
  }
  if (input.start < slot.start) throw badInput([...path, 'start'], `must be on or after the slot's start, ${slot.start}`);
  if (input.end > slot.end) throw badInput([...path, 'end'], `must be on or before the slot's end, ${slot.end}`);
  if (input.daysPerWeek > slot.daysPerWeek) throw badInput([...path, 'daysPerWeek'], `must not be above the slot's ${slot.daysPerWeek} days per week`);
  if (practitionerRead.status === 'rejected') throw practitionerRead.reason;
  const practitioner = practitionerRead.value;
  // One read of the person's bookable contracts: the one that makes them bookable here, and their capacity.
  const { weeks: capacityNow, contracts } = await weekCapacities(practitioner, project.poolId, input);
  const contract = contracts.find((c) => c.poolId === project.poolId && c.start <= input.start && c.end >= input.end);
  if (!contract) {
    // Not named: a lead may book by id someone whose profile they may not read.
    throw new DomainError('CONFLICT', `The practitioner has no approved central contract with this pool covering ${input.start} to ${input.end}`, [...path, 'practitionerId']);
  }
  if (input.daysPerWeek > contract.daysPerWeek) {
    throw badInput([...path, 'daysPerWeek'], `must not be above the central contract's ${contract.daysPerWeek} days per week`);
  }
  // The hard constraints that do not depend on time, as the matcher applies them: a booking
  // never places someone the engine would call MISSING_SKILL (after the contract check, so a
  // caller only learns about the profile of someone contracted to their pool).
  const misfit = profileViolations(
    { roleId: practitioner.roleId, levelRank: practitioner.levelRank, skills: skillLevels(practitioner.skills) },
    { roleId: slot.roleId, levelRank: slot.levelRank, required: slot.required.map(skillNeed) },
  );
  if (misfit.length) throw doesNotFitSlot(misfit, [...path, 'practitionerId']);

  const pid = String(practitioner._id);
  // The terms are checked, and a read-only look taken at the weeks, together:
  // when the weeks are already full, refuse without writing anything (most
  // requests in a rush for one person end here). The claims below re-check
  // under the lock; this look only saves work.
  const unitsPerWeek = daysToUnits(input.daysPerWeek);
  const [terms, heldNow] = await Promise.all([planBookingAgreement(input, slot, practitioner, contract, path), heldIn(pid, project.poolId, capacityNow)]);
  const shortNow = shortWeeks(heldNow, capacityNow, unitsPerWeek);
  if (shortNow.length) throw await capacityRefusal(heldNow, capacityNow, shortNow, input.daysPerWeek, path);

  // In this process's queue for the person: when the turn comes, look at the weeks again
  // (those ahead may have filled them) and refuse without writing; otherwise mark the
  // booking as claiming and claim under the database lock.
  // Set once the claiming marker is written (inside the turn); what undo() removes.
  const held: { booking: BookingDoc | null } = { booking: null };
  let startedAt = Date.now();
  const undo = () => (held.booking ? undoClaiming(held.booking._id, practitioner._id) : Promise.resolve());
  let failure: DomainError | null = null;
  try {
    failure = await withPractitionerTurn(
      pid,
      async (underLock) => {
        const heldByNow = await heldIn(pid, project.poolId, capacityNow);
        const shortByNow = shortWeeks(heldByNow, capacityNow, unitsPerWeek);
        if (shortByNow.length) return capacityRefusal(heldByNow, capacityNow, shortByNow, input.daysPerWeek, path);
        startedAt = Date.now();
        const claiming = await insertBooking({
          practitionerId: practitioner._id,
          projectId: project._id,
          slotId: slot._id,
          poolId: project.poolId,
          contractId: contract._id,
          homeCouncilId: practitioner.homeCouncilId,
          hostCouncilIds: project.councilIds,
          start: input.start,
          end: input.end,
          unitsPerWeek,
          status: 'CLAIMING',
          statusHistory: [],
          createdBy: viewer.userId,
        });
        held.booking = claiming;
        return underLock(async () => {
          // Claims carry the real time (not FIXED_NOW): the reconciler ages them by it.
          // Capacity is read again inside the lock (with the seat claim), so contracts changed a
          // moment ago are seen; the unique claim keys hold the limit regardless.
          const [seat, { weeks }] = await Promise.all([claimSeat(slot._id, pid, slot.headcount, claiming._id, weeksBetween(input.start, input.end), new Date()), weekCapacities(practitioner, project.poolId, input)]);
          if (!seat.ok) return seatRefusal(seat, slot.headcount);
          const needs = weeklyNeeds(claiming.unitsPerWeek, weeks);
          // Both scopes at once (each all or nothing); if either falls short, everything this booking holds goes back.
          const [byPool, total] = await Promise.all([
            claimCapacity(pid, claiming._id, needs.map((n, i) => ({ ...n, capacity: weeks[i]!.pool })), project.poolId),
            claimCapacity(pid, claiming._id, needs.map((n, i) => ({ ...n, capacity: weeks[i]!.total })), ALL_POOLS),
          ]);
          const overall = !byPool.ok ? byPool : total;
          if (!overall.ok) {
            await releaseCapacity(claiming._id, practitioner._id);
            await releaseSeat(claiming._id);
            return capacityRefusal(await heldIn(pid, project.poolId, overall.shortWeeks), weeks, overall.shortWeeks, input.daysPerWeek, path);
          }
          return null;
        });
      },
      claimDeadlineMs,
    );
  } catch (err) {
    await undo();
    throw err;
  }
  if (!failure && Date.now() - startedAt > claimDeadlineMs) {
    failure = tryAgain("The practitioner's calendar was too busy to book in time; nothing was changed, try again");
  }
  if (failure) {
    await undo();
    throw failure;
  }
  const booking = held.booking;
  if (!booking) throw new Error('a booking without a claim'); // unreachable: no failure means it was claimed
  let agreementAudit: AuditEntry;
  try {
    agreementAudit = (await createBookingAgreement(viewer, booking, terms, now)).audit;
  } catch (err) {
    await undo();
    throw err;
  }
  const history: BookingDoc['statusHistory'] = [{ status: 'TENTATIVE', at: now, byUserId: viewer.userId, note: null }];
  await updateBooking(booking, { status: 'TENTATIVE', statusHistory: history });
  const done = { ...booking, status: 'TENTATIVE', statusHistory: history } as BookingDoc;
  // Once the booking stands: its agreement's entry and its own, in one append.
  await recordAudits([agreementAudit, { actor: viewer, action: 'booking.create', entityType: 'Booking', entityId: String(booking._id), poolId: project.poolId, after: snapshot(done), at: now }]);
  return done;
}

interface WeekCapacityUnits {
  week: string;
  /** What this pool may call on (its contracts, less leave and holidays). */
  pool: number;
  /** The person's total across every pool. */
  total: number;
}

/** Capacity per ISO week of the booking, in the pool's scope and overall, with the bookable contracts it was counted from. */
async function weekCapacities(practitioner: PractitionerDoc, poolId: string, input: BookingRequest): Promise<{ weeks: WeekCapacityUnits[]; contracts: CentralContractDoc[] }> {
  const pid = String(practitioner._id);
  const [holidays, contracts] = await Promise.all([
    bankHolidayDates(input.start, input.end),
    bookableContractsOfShared(pid, input.start, input.end),
  ]);
  const pattern = practitioner.workingPattern as unknown as WorkingPattern;
  const common = { pattern, leave: practitioner.leave, bankHolidays: holidays, from: input.start, to: input.end };
  const pool = poolCapacity({ ...common, contracts: contracts.filter((c) => c.poolId === poolId) });
  const total = new Map(poolCapacity({ ...common, contracts }).map((w) => [w.week, w.capacityUnits]));
  return { weeks: pool.map((w) => ({ week: w.week, pool: w.capacityUnits, total: total.get(w.week) ?? 0 })), contracts };
}

type Holders = Map<string, Types.ObjectId[]>;

/** Who holds each claimed unit of the person, per week, in the pool's scope and overall. */
interface Held {
  inPool: Holders;
  overall: Holders;
}

/** The holders of these weeks' units: one read per scope, shared with the bookings asking at the same moment. */
async function heldIn(pid: string, poolId: string, weeks: readonly { week: string }[]): Promise<Held> {
  const keys = weeks.map((w) => w.week);
  const [inPool, overall] = await Promise.all([claimHoldersByWeekShared(pid, keys, poolId), claimHoldersByWeekShared(pid, keys, ALL_POOLS)]);
  return { inPool, overall };
}

/** Weeks that cannot take `units` more (capped, like the claims, at what the pool may call on that week). */
function shortWeeks(held: Held, weeks: WeekCapacityUnits[], units: number): ClaimResult['shortWeeks'] {
  const short: ClaimResult['shortWeeks'] = [];
  const needs = weeklyNeeds(units, weeks);
  for (const [i, w] of weeks.entries()) {
    const need = needs[i]!.units;
    const free = Math.min(w.pool - (held.inPool.get(w.week)?.length ?? 0), w.total - (held.overall.get(w.week)?.length ?? 0));
    if (free < need) short.push({ week: w.week, needed: need, free: Math.max(0, free) });
  }
  return short;
}

const notEnoughDays = (daysPerWeek: number, weeks: ClaimResult['shortWeeks'], path: FieldPath) =>
  capacityExceeded(`The practitioner does not have ${daysPerWeek} days free`, weeks, [...path, 'daysPerWeek']);

async function undoClaiming(bookingId: Types.ObjectId, practitionerId?: Types.ObjectId): Promise<void> {
  await releaseCapacity(bookingId, practitionerId);
  await releaseSeat(bookingId);
  await removeBookingAgreement(bookingId);
  await deleteClaimingBooking(bookingId, practitionerId);
}

// A refusal names a state that holds: bookings made (answered to someone),
// never attempts still in flight, which may yet fail and give back what
// they hold. A clash with those is contention: TRY_AGAIN, nothing written.
const passingClash = (what: string) => tryAgain(`Other bookings ${what} are being made at this moment; nothing was changed, try again`);

/** Why a seat was refused: the slot full, or the person on it, with made bookings; else a passing clash. */
async function seatRefusal(seat: Extract<SeatResult, { ok: false }>, headcount: number): Promise<DomainError> {
  const made = await liveBookingIds(seat.heldBy);
  if (seat.reason === 'ALREADY_ON_SLOT') {
    return made.length ? conflict('This practitioner is already booked on this slot') : passingClash('of this practitioner on this slot');
  }
  if (made.length < headcount) return passingClash('for this slot');
  return conflict(`The slot already has its ${headcount} ${headcount === 1 ? 'person' : 'people'}`, { headcount });
}

/**
 * CAPACITY_EXCEEDED for the weeks that are short counting only units held by
 * settled holders (made bookings, proposed amendments); when every short
 * week is short only because of attempts in flight, a passing clash.
 */
async function capacityRefusal({ inPool, overall }: Held, weeks: WeekCapacityUnits[], short: ClaimResult['shortWeeks'], daysPerWeek: number, path: FieldPath): Promise<DomainError> {
  const inShort = (held: Holders) => short.flatMap((s) => held.get(s.week) ?? []);
  const unsettled = new Set((await unsettledBookingIds([...inShort(inPool), ...inShort(overall)])).map(String));
  const settled = (held: Holders, week: string) => (held.get(week) ?? []).filter((h) => !unsettled.has(String(h))).length;
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  const inFact = short.filter((s) => {
    const w = byWeek.get(s.week);
    return !w || Math.min(w.pool - settled(inPool, s.week), w.total - settled(overall, s.week)) < s.needed;
  });
  return inFact.length ? notEnoughDays(daysPerWeek, inFact, path) : passingClash("of this practitioner's time");
}

function assertTransition(b: BookingDoc, to: BookingStatus) {
  if (!BOOKING_TRANSITIONS[b.status as BookingStatus].includes(to)) {
    throw conflict(`${withArticle(b.status, true)} booking cannot become ${to}`, { allowed: BOOKING_TRANSITIONS[b.status as BookingStatus] });
  }
}

async function setStatus(viewer: Viewer | null, b: BookingDoc, to: BookingStatus, changes: Partial<Pick<BookingDoc, 'end' | 'pendingEffects'>>, action: string, note: string | null, now: Date) {
  const entry = { status: to, at: now, byUserId: viewer?.userId ?? null, note };
  await updateBooking(b, { status: to, ...changes }, entry);
  const after = { ...b, ...changes, status: to, statusHistory: [...(b.statusHistory ?? []), entry] } as BookingDoc;
  await recordAudit({ actor: viewer, action, entityType: 'Booking', entityId: String(b._id), poolId: b.poolId, before: snapshot(b), after: snapshot(after), at: now });
  return after;
}

/**
 * What closing a booking does beyond its status: give back its capacity (all
 * of it when cancelled, the weeks after its new end otherwise) and its seats
 * (likewise: the weeks after the new end can be booked again),
 * and close its agreement. The status change set pendingEffects, so a crash
 * half-way leaves a booking the reconciler finds and finishes. Idempotent.
 */
async function applyClosingEffects(actor: Viewer | null, b: BookingDoc, reason: string | null, now: Date): Promise<BookingDoc> {
  const to = b.status as 'CANCELLED' | 'ENDED' | 'RECALLED';
  if (to === 'CANCELLED') {
    await releaseCapacity(b._id, b.practitionerId);
    await releaseSeat(b._id);
  } else {
    await releaseCapacityFrom(b._id, weekAfter(b.end), b.practitionerId);
    await releaseSeatFrom(b._id, weekAfter(b.end));
  }
  await closeBookingAgreement(actor, b, to, reason, now);
  await updateBooking(b, { pendingEffects: false });
  return { ...b, pendingEffects: false };
}

/** Confirm a tentative booking (its agreement became active). Idempotent. */
export async function confirmBooking(actor: Viewer | null, id: Types.ObjectId, now = clockNow()): Promise<BookingDoc | null> {
  const b = await findBooking(id);
  if (!b || b.status !== 'TENTATIVE') return b;
  return setStatus(actor, b, 'CONFIRMED', {}, 'booking.confirm', null, now);
}

/** Cancel: a tentative booking, or a confirmed one that has not started. All its days come back. */
export async function cancelBooking(viewer: Viewer, id: string, reason: string | null, now = clockNow()): Promise<BookingDoc> {
  const b = await getBooking(id);
  assertTransition(b, 'CANCELLED');
  if (b.status === 'CONFIRMED' && b.start <= earliestWithNotice(now, 0)) {
    throw conflict('A confirmed booking that has started cannot be cancelled; end it early instead');
  }
  const after = await setStatus(viewer, b, 'CANCELLED', { pendingEffects: true }, 'booking.cancel', reason, now);
  return applyClosingEffects(viewer, after, reason, now);
}

/**
 * Move a booking's end earlier (ENDED by the pool or host, RECALLED by the
 * home council). The new end must respect the notice: the agreement's
 * early-termination notice, or the central contract's recall notice. Units
 * come back from the ISO week after the new end.
 */
export async function shortenBooking(
  viewer: Viewer,
  id: string,
  newEnd: string,
  kind: 'ENDED' | 'RECALLED',
  noticeWeeks: number,
  reason: string | null,
  now = clockNow(),
): Promise<BookingDoc> {
  const b = await getBooking(id);
  assertTransition(b, kind);
  if (newEnd < b.start) throw badInput(['end'], `must not be before the booking's start, ${b.start}`);
  if (newEnd >= b.end) throw badInput(['end'], `must be before the booking's current end, ${b.end}`);
  const earliest = earliestWithNotice(now, noticeWeeks);
  if (newEnd < earliest && viewer.role !== 'ADMIN') {
    throw badInput(['end'], `needs ${noticeWeeks} week(s) of notice: the earliest end is ${earliest}`, { earliest, noticeWeeks });
  }
  const after = await setStatus(viewer, b, kind, { end: newEnd, pendingEffects: true }, kind === 'RECALLED' ? 'booking.recall' : 'booking.end', reason, now);
  return applyClosingEffects(viewer, after, reason, now);
}

export interface ReconcileReport {
  abandonedBookings: number;
  /** Closed bookings whose release of capacity, seat or agreement a crash interrupted. */
  finishedClosings: number;
}

/**
 * Undo what crashes left: CLAIMING bookings older than `staleMs` (their
 * claims, seat and agreement go), and cancels, ends and recalls whose
 * effects did not all happen. Both are found by an equality on a field the
 * interrupted request set before its first claim or release, so the work is
 * in proportion to the leftovers, never to the bookings or claims there are.
 * Safe to run at any time and in several processes at once (every step is a
 * delete or an idempotent close).
 */
export async function reconcileBookings(staleMs = 120_000, now = new Date()): Promise<ReconcileReport> {
  // Real time, not the service clock: staleness is about how long ago a
  // request ran, which FIXED_NOW must not change.
  const cutoff = new Date(now.getTime() - staleMs);
  const stale = await staleClaimingBookings(cutoff);
  for (const s of stale) await undoClaiming(s._id, s.practitionerId);
  const unfinished = await unfinishedClosings(cutoff);
  for (const b of unfinished) await applyClosingEffects(null, b, null, clockNow());
  return { abandonedBookings: stale.length, finishedClosings: unfinished.length };
}

/** The weeks a booking holds units in (for views and tests). */
export function bookingWeeks(b: Pick<BookingDoc, 'start' | 'end'>): string[] {
  return weeksBetween(b.start, b.end);
}


export interface BookingFilter {
  practitionerId?: string | null;
  projectId?: string | null;
  statuses?: BookingStatus[] | null;
  poolId?: string | null;
  /** Bookings this council is home or host to. */
  councilId?: string | null;
  /** Bookings overlapping [from, to]. */
  from?: string | null;
  to?: string | null;
}

/** Bookings the viewer may see, newest id last, cursor-paginated. */
export async function listBookings(viewer: Viewer, filter: BookingFilter = {}, page: PageArgs = {}) {
  const conditions: Record<string, unknown>[] = [placementReadersFilter(viewer), filter.statuses?.length ? anyOf('status', filter.statuses) : { status: { $ne: 'CLAIMING' } }];
  if (filter.practitionerId) {
    if (!OBJECT_ID.test(filter.practitionerId)) throw badInput(['filter', 'practitionerId'], 'is not an id');
    conditions.push({ practitionerId: new Types.ObjectId(filter.practitionerId) });
  }
  if (filter.projectId) {
    if (!OBJECT_ID.test(filter.projectId)) throw badInput(['filter', 'projectId'], 'is not an id');
    conditions.push({ projectId: new Types.ObjectId(filter.projectId) });
  }
  if (filter.poolId) conditions.push({ poolId: filter.poolId });
  if (filter.councilId) conditions.push({ partyCouncilIds: filter.councilId });
  if (filter.from) conditions.push({ end: { $gte: filter.from } });
  if (filter.to) conditions.push({ start: { $lte: filter.to } });
  if (filter.from && filter.to && filter.to < filter.from) throw badInput(['filter', 'to'], 'must not be before from');
  return bookingsPage(conditions, page);
}

/** The host council or the pool ends a placement early, with the agreement's early-termination notice. */
export async function endBookingEarly(viewer: Viewer, id: string, end: string, reason: string | null, now = clockNow()): Promise<BookingDoc> {
  const b = await getBooking(id);
  const agreement = await findAgreementByBooking(b._id);
  const terms = agreement?.versions.find((v) => v.version === agreement.activeVersion)?.terms;
  return shortenBooking(viewer, id, end, 'ENDED', terms?.earlyTerminationNoticeWeeks ?? 0, reason, now);
}

/** The home council takes its practitioner back, with the central contract's recall notice. */
export async function recallBooking(viewer: Viewer, id: string, end: string, reason: string, now = clockNow()): Promise<BookingDoc> {
  if (!reason.trim()) throw badInput(['reason'], 'a recall needs a reason');
  const b = await getBooking(id);
  const contract = await findContract(b.contractId);
  return shortenBooking(viewer, id, end, 'RECALLED', contract?.recallNoticeWeeks ?? 0, reason, now);
}

/** Units held per ISO week, for many bookings (DataLoader batch). */
export async function bookedWeeksByBookingIds(ids: readonly string[]): Promise<{ week: string; units: number }[][]> {
  const byBooking = await unitsByHolder(ids.filter((id) => OBJECT_ID.test(id)).map((id) => new Types.ObjectId(id)), ALL_POOLS);
  return ids.map((id) => byBooking.get(id) ?? []);
}
