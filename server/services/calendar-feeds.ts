// Use-cases for calendar feeds: a practitioner (their own bookings) or a lead
// (their pool's) gets a secret feed URL to subscribe to in a calendar app,
// can replace it with a new one, or revoke it. Calendar apps cannot send a
// login token, so the URL itself is the secret: only its sha256 is stored,
// so a copy of the database does not reveal anyone's feed.
import { createHash, randomBytes } from 'node:crypto';
import { agreementsOfBookings } from '../store/agreements.ts';
import { bookingsOverlapping, LIVE_BOOKING_STATUSES, type BookingDoc } from '../store/bookings.ts';
import { councilsByIds } from '../store/councils.ts';
import { findPool } from '../store/pools.ts';
import { practitionersWithIds } from '../store/practitioners.ts';
import { projectsWithIds } from '../store/projects.ts';
import { findUser, findUserByCalendarToken, setCalendarToken } from '../store/users.ts';
import type { Viewer } from '../auth/viewer.ts';
import { forbidden } from '../errors.ts';
import { addDays, londonDateOf } from '../calendar/iso-week.ts';
import { bookingsCalendar, type FeedBooking } from '../feeds/bookings-ical.ts';
import { now as clockNow } from '../clock.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { recordAudit } from './audit.ts';
import { toViewer } from './users.ts';
import { placementStretches } from './agreement-records.ts';
import { daysAtRiskOf } from './booking-risk.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url
// A feed covers recent and coming bookings, so a busy pool's feed stays a size calendar apps accept.
const PAST_DAYS = 84;
const FUTURE_DAYS = 366;

export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const feedPath = (token: string) => `/calendar/${token}.ics`;

const canHaveFeed = (v: Viewer) => v.role === 'PRACTITIONER' || v.role === 'PROGRAMME_LEAD';

/** A new secret feed URL for the viewer; any earlier one stops working. */
export async function createCalendarFeed(viewer: Viewer): Promise<{ url: string }> {
  if (!canHaveFeed(viewer)) throw forbidden('Calendar feeds are for practitioners and programme leads');
  const token = randomBytes(32).toString('base64url');
  const before = await findUser(viewer.userId);
  await setCalendarToken(viewer.userId, hashFeedToken(token));
  await recordAudit({ actor: viewer, action: 'user.calendar-feed.create', entityType: 'User', entityId: viewer.userId, before: { calendarFeed: Boolean(before?.calendarToken) }, after: { calendarFeed: true }, at: clockNow() });
  return { url: feedPath(token) };
}

/** Stop the viewer's feed. True if there was one. */
export async function revokeCalendarFeed(viewer: Viewer): Promise<boolean> {
  const had = await setCalendarToken(viewer.userId, null);
  if (had) await recordAudit({ actor: viewer, action: 'user.calendar-feed.revoke', entityType: 'User', entityId: viewer.userId, before: { calendarFeed: true }, after: { calendarFeed: false }, at: clockNow() });
  return had;
}

/**
 * The iCalendar text behind a feed token, or null for a token that is
 * malformed, unknown or revoked (all look the same to the caller). Built
 * from the owner's role now, so a changed role changes what the feed shows.
 */
export async function calendarForToken(token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const user = await findUserByCalendarToken(hashFeedToken(token));
  if (!user) return null;
  const v = toViewer(user);
  let scope: Record<string, unknown>;
  let name: string;
  if (v.role === 'PRACTITIONER' && v.practitionerId) {
    scope = { practitionerId: user.practitionerId };
    name = `${user.name}: bookings`;
  } else if (v.role === 'PROGRAMME_LEAD' && v.poolId) {
    scope = { poolId: v.poolId };
    const pool = await findPool(v.poolId);
    name = `${pool?.name ?? v.poolId}: bookings`;
  } else {
    return null;
  }
  const now = clockNow();
  const today = londonDateOf(now);
  const window = { start: addDays(today, -PAST_DAYS), end: addDays(today, FUTURE_DAYS) };
  const bookings = await bookingsOverlapping(scope, LIVE_BOOKING_STATUSES, window.start, window.end);
  const feed = await feedBookings(bookings, window);
  const ics = bookingsCalendar(name, feed, await bankHolidayDates(window.start, window.end), now);
  // RFC 5545 ends every content line, the last included, with CRLF; ical-generator leaves the last one bare.
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}

/** One feed entry per stretch of agreed terms, clipped to the window; names in three queries. */
async function feedBookings(bookings: BookingDoc[], window: { start: string; end: string }): Promise<FeedBooking[]> {
  if (!bookings.length) return [];
  const [agreements, projects, practitioners, councils, risks] = await Promise.all([
    agreementsOfBookings(bookings.map((b) => b._id)),
    projectsWithIds(bookings.map((b) => b.projectId), { title: 1 }),
    practitionersWithIds(bookings.map((b) => b.practitionerId), { name: 1 }),
    councilsByIds([...new Set(bookings.flatMap((b) => b.hostCouncilIds))]).then((cs) => cs.filter((c) => c !== null)),
    daysAtRiskOf(bookings, window),
  ]);
  const name = <T extends { _id: unknown }>(docs: T[], id: unknown, f: (d: T) => string) => {
    const d = docs.find((x) => String(x._id) === String(id));
    return d ? f(d) : String(id);
  };
  return bookings.flatMap((b, i) => {
    const a = agreements.find((x) => String(x.bookingId) === String(b._id));
    const base = {
      id: String(b._id),
      status: b.status,
      practitionerName: name(practitioners, b.practitionerId, (p) => p.name),
      projectTitle: name(projects, b.projectId, (p) => p.title),
      hostCouncilNames: b.hostCouncilIds.map((c) => name(councils, c, (x) => x.name)),
      daysAtRisk: risks[i],
    };
    const stretches = placementStretches(b, a);
    return stretches.flatMap((s) => {
      const start = s.start > window.start ? s.start : window.start;
      const end = s.end < window.end ? s.end : window.end;
      if (start > end) return [];
      return [{ ...base, start, end, roleLevelName: s.terms.roleLevelName, weekdays: [...s.terms.weekdays], daysPerWeek: s.terms.daysPerWeek }];
    });
  });
}
