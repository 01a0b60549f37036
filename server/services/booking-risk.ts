// Bookings at risk: days of placement from today on that the practitioner
// will not work as agreed, because they are on leave or their working pattern
// lacks that weekday (the rule: server/bookings/placement-risk.ts).
// Weekly capacity can still cover such a week, so a booking may be made over
// leave and be at risk from the start: the agreed day is what counts. Leave is
// never refused for a placement; the booking is shown at risk instead, to the
// practitioner when they add the leave, and to the lead and the host
// councils on the booking and in their queue of things to decide.
import type { Viewer } from '../auth/viewer.ts';
import { LIVE_BOOKING_STATUSES, type BookingDoc, type BookingStatus } from '../../models/booking.ts';
import type { PractitionerDoc } from '../../models/practitioner.ts';
import type { DateRange } from '../calendar/date-ranges.ts';
import type { WorkingPattern } from '../calendar/capacity.ts';
import { londonDateOf } from '../calendar/iso-week.ts';
import { placementDaysAtRisk, type PlacementDayAtRisk } from '../bookings/placement-risk.ts';
import { agreementsOfBookings } from '../store/agreements.ts';
import { practitionersWithIds } from '../store/practitioners.ts';
import { readAll } from '../pagination.ts';
import { now as clockNow } from '../clock.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { placementStretches } from './agreement-records.ts';
import { listBookings } from './bookings.ts';

/** From when days count as at risk: today, or the start of the period asked about if later. */
function riskFrom(within?: Partial<DateRange>): string {
  const today = londonDateOf(clockNow());
  return within?.start && within.start > today ? within.start : today;
}

/** Most bookings a list of those at risk reads: a queue, not a report. */
const MAX_READ = 1000;

export interface BookingAtRisk {
  booking: BookingDoc;
  days: PlacementDayAtRisk[];
}

/**
 * Each booking's days at risk from today (or `within`'s start, if later) to
 * its end (or `within`'s end): one read of the people and one of the
 * agreements for all of them.
 */
export async function daysAtRiskOf(bookings: readonly BookingDoc[], within?: Partial<DateRange>): Promise<PlacementDayAtRisk[][]> {
  const from = riskFrom(within);
  // Live bookings' days still count (an ended or recalled one's up to its new end).
  const live = bookings.filter((b) => LIVE_BOOKING_STATUSES.includes(b.status as BookingStatus) && b.end >= from && (!within?.end || b.start <= within.end));
  if (!live.length) return bookings.map(() => []);
  const lastEnd = live.reduce((m, b) => (b.end > m ? b.end : m), from);
  const to = within?.end && within.end < lastEnd ? within.end : lastEnd;
  const [people, agreements, holidays] = await Promise.all([
    practitionersWithIds([...new Set(live.map((b) => String(b.practitionerId)))], { workingPattern: 1, leave: 1 }),
    agreementsOfBookings(live.map((b) => b._id)),
    bankHolidayDates(from, to),
  ]);
  const placed = new Set(live);
  const personOf = new Map(people.map((p) => [String(p._id), p]));
  const agreementOf = new Map(agreements.map((a) => [String(a.bookingId), a]));
  return bookings.map((b) => {
    const person = personOf.get(String(b.practitionerId));
    if (!placed.has(b) || !person) return [];
    return placementStretches(b, agreementOf.get(String(b._id))).flatMap((s) =>
      placementDaysAtRisk({ start: s.start, end: s.end, ...s.terms }, availability(person), holidays, { start: from, end: to }),
    );
  });
}

const availability = (p: Pick<PractitionerDoc, 'workingPattern' | 'leave'>) => ({ pattern: p.workingPattern as unknown as WorkingPattern, leave: p.leave });

/**
 * The viewer's bookings (scoped as the bookings query is) with days at risk
 * from today, inside `within` when given; of one practitioner when named.
 */
export async function bookingsAtRisk(viewer: Viewer, opts: { practitionerId?: string; within?: DateRange } = {}): Promise<BookingAtRisk[]> {
  const from = riskFrom(opts.within);
  if (opts.within && opts.within.end < from) return [];
  const bookings = await readAll(
    (page) => listBookings(viewer, { practitionerId: opts.practitionerId ?? null, statuses: LIVE_BOOKING_STATUSES, from, to: opts.within?.end ?? null }, page),
    MAX_READ,
  );
  const days = await daysAtRiskOf(bookings, opts.within);
  return bookings.map((booking, i) => ({ booking, days: days[i]! })).filter((r) => r.days.length > 0);
}
