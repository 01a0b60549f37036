// Pure rules for bookings: input checks, what a booking needs from each ISO
// week, and the earliest date a recall or early end may take effect.
import { addDays, addWeeks, isValidIsoDate, isoWeekKey, londonDateOf, weekStart } from '../calendar/iso-week.ts';
import { badInput, DomainError, type FieldPath } from '../errors.ts';
import { unitsToDays } from '../calendar/capacity.ts';
import type { BookingStatus } from '../../models/booking.ts';
import { OBJECT_ID } from '../ids.ts';

export interface BookingRequest {
  practitionerId: string;
  projectId: string;
  slotId: string;
  start: string;
  end: string;
  daysPerWeek: number;
}

/** Project statuses in which people may be booked onto its slots. */
export const BOOKABLE_PROJECT_STATUSES = ['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE'] as const;


/** Shape checks that need no data; the service checks the rest against the slot and contract. */
export function checkBookingRequest(r: BookingRequest, path: FieldPath = ['input']): void {
  for (const f of ['practitionerId', 'projectId', 'slotId'] as const) {
    if (!OBJECT_ID.test(r[f])) throw badInput([...path, f], 'is not an id');
  }
  if (!isValidIsoDate(r.start)) throw badInput([...path, 'start'], 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(r.end)) throw badInput([...path, 'end'], 'must be a calendar date YYYY-MM-DD');
  if (r.end < r.start) throw badInput([...path, 'end'], 'must not be before start');
  if (!Number.isFinite(r.daysPerWeek) || r.daysPerWeek <= 0 || r.daysPerWeek > 5 || !Number.isInteger(r.daysPerWeek * 2)) {
    throw badInput([...path, 'daysPerWeek'], 'must be between 0.5 and 5 in half-day steps');
  }
}

/**
 * Units the booking claims in each week: its days per week, but never more
 * than the pool may call on that week (a week shortened by leave or a bank
 * holiday asks for less rather than failing).
 */
export function weeklyNeeds(unitsPerWeek: number, weeks: { week: string; pool: number }[]): { week: string; units: number }[] {
  return weeks.map((w) => ({ week: w.week, units: Math.min(unitsPerWeek, w.pool) }));
}

/** Earliest date (Europe/London) a change with `noticeWeeks` of notice may take effect, given now. */
export function earliestWithNotice(now: Date, noticeWeeks: number): string {
  return addDays(londonDateOf(now), noticeWeeks * 7);
}

/** The first ISO week after the one holding `date`: where released units start. */
export function weekAfter(date: string): string {
  return addWeeks(isoWeekKey(date), 1);
}

export function mondayOf(date: string): string {
  return weekStart(isoWeekKey(date));
}

/** Which statuses may move to which by an explicit booking action. */
export const BOOKING_TRANSITIONS: Record<BookingStatus, BookingStatus[]> = {
  CLAIMING: [],
  TENTATIVE: ['CONFIRMED', 'CANCELLED', 'ENDED', 'RECALLED'],
  CONFIRMED: ['ENDED', 'RECALLED', 'CANCELLED'],
  ENDED: [],
  RECALLED: [],
  CANCELLED: [],
};

/** Weeks that could not take a claim, with what they needed and had free (in half-day units). */
export interface ShortWeek {
  week: string;
  needed: number;
  free: number;
}

/** CAPACITY_EXCEEDED naming the short weeks in days (a booking's, or an amendment's). Names no person: the caller may not read them. */
export function capacityExceeded(message: string, weeks: readonly ShortWeek[], field: FieldPath): DomainError {
  return new DomainError('CAPACITY_EXCEEDED', `${message} in ${weeks.length} week(s)`, field, {
    weeks: weeks.map((w) => ({ week: w.week, neededDays: unitsToDays(w.needed), freeDays: unitsToDays(w.free) })),
  });
}

/**
 * The refusal for a practitioner whose role, level or skills do not meet the
 * slot: every failed constraint, as whyNot names them. The person is not
 * named (the caller may book by id someone they may not read).
 */
export function doesNotFitSlot(violations: readonly { code: string; message: string }[], field: FieldPath): DomainError {
  return new DomainError('CONFLICT', `The practitioner does not meet the slot: ${violations.map((v) => v.message).join('; ')}`, field, {
    reason: 'DOES_NOT_FIT_SLOT',
    violations: violations.map(({ code, message }) => ({ code, message })),
  });
}
