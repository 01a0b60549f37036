// Which days of a placement the practitioner will not work as agreed: the
// rule behind a booking "at risk". Pure: the placement, the person's working
// pattern and leave, and the bank holidays in; the days at risk out.
//
// Leave and working patterns belong to the practitioner, so they may change
// after a booking: nobody is refused leave because of a placement. Instead a
// day of placement (placement-days.ts: an agreed weekday inside the booking
// that is not a bank holiday) is at risk when the person is on leave that day
// or no longer works that weekday, for the share of the placement's days the
// rest of their working day cannot carry. Bookings at risk are shown to the
// practitioner, the pool's lead and the host council; the capacity views say
// why a week is overbooked (practitioner-capacity.ts).
import type { DateRange } from '../calendar/date-ranges.ts';
import { leaveByDate, type Leave, type WorkingPattern } from '../calendar/capacity.ts';
import { placementDates, WEEKDAY_ORDER, type PlacementSpan } from '../calendar/placement-days.ts';

export type PlacementRiskReason = 'LEAVE' | 'WORKING_PATTERN';

export interface PlacementDayAtRisk {
  date: string;
  reason: PlacementRiskReason;
  /** Days of the placement's share for that date that will not be worked (half-day steps or the share itself). */
  days: number;
}

export interface PersonAvailability {
  /** Half-day units worked MON..SUN. */
  readonly pattern: WorkingPattern;
  readonly leave: readonly Leave[];
}

/** The days of placement inside `period` (the whole placement when left out) that will not be worked as agreed, in date order. */
export function placementDaysAtRisk(p: PlacementSpan, person: PersonAvailability, bankHolidays: Iterable<string>, period?: DateRange): PlacementDayAtRisk[] {
  const dates = placementDates(p, bankHolidays, period);
  if (!dates.length) return [];
  const off = leaveByDate(person.leave, { start: dates[0]!.date, end: dates[dates.length - 1]!.date });
  const out: PlacementDayAtRisk[] = [];
  for (const d of dates) {
    const worked = person.pattern[WEEKDAY_ORDER.indexOf(d.weekday)] ?? 0;
    const taken = off.get(d.date);
    const leaveUnits = taken === 'full' ? worked : taken === 'half' ? Math.min(1, worked) : 0;
    const available = (worked - leaveUnits) / 2;
    const short = d.days - available;
    if (short <= 0) continue;
    out.push({ date: d.date, reason: leaveUnits > 0 ? 'LEAVE' : 'WORKING_PATTERN', days: Math.round(short * 100) / 100 });
  }
  return out;
}
