// A practitioner's (or a pool's) bookings as an iCalendar feed. Pure: plain
// bookings in, .ics text out. Each day of placement (calendar/placement-days.ts:
// an agreed weekday inside the booking that is not a bank holiday, the days
// the ledger counts) is one all-day event, which every calendar shows the
// same way (no time zones to get wrong).
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { placementDates } from '../calendar/placement-days.ts';
import type { PlacementRiskReason } from '../bookings/placement-risk.ts';

export interface FeedBooking {
  id: string;
  status: string;
  practitionerName: string;
  projectTitle: string;
  roleLevelName: string;
  hostCouncilNames: string[];
  start: string;
  end: string;
  weekdays: string[]; // MON..SUN
  daysPerWeek: number;
  /** Days of placement the practitioner will not work as agreed (server/bookings/placement-risk.ts): shown as at risk. */
  daysAtRisk?: readonly { date: string; reason: PlacementRiskReason }[];
}

const RISK_WORDS: Record<PlacementRiskReason, string> = { LEAVE: 'on leave', WORKING_PATTERN: 'not a working day in their pattern' };

export function bookingsCalendar(name: string, bookings: FeedBooking[], bankHolidays: string[], generatedAt: Date): string {
  const cal = ical({ name, prodId: { company: 'talent-pool', product: 'bookings', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  const holidays = new Set(bankHolidays);
  for (const b of bookings) {
    const risks = new Map((b.daysAtRisk ?? []).map((r) => [r.date, r.reason]));
    for (const { date } of placementDates(b, holidays)) {
      const d = DateTime.fromISO(date, { zone: 'UTC' });
      const risk = risks.get(date);
      cal.createEvent({
        id: `${b.id}-${date}@talent-pool`,
        allDay: true,
        // All-day events are dates: build them in UTC so the host's time zone cannot shift them.
        start: d.toJSDate(),
        end: d.plus({ days: 1 }).toJSDate(),
        timezone: 'UTC',
        stamp: generatedAt,
        summary: `${risk ? 'At risk: ' : ''}${b.projectTitle} (${b.roleLevelName})${b.status === 'TENTATIVE' ? ' [tentative]' : ''}`,
        description: `${b.practitionerName}: ${b.daysPerWeek} day(s) a week for ${b.hostCouncilNames.join(', ')}. Booking ${b.id}, ${b.status.toLowerCase()}.${risk ? ` At risk: ${RISK_WORDS[risk]} this day.` : ''}`,
      });
    }
  }
  return cal.toString();
}
