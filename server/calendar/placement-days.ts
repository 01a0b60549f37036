// What a day of placement is: the one rule the ledger, the calendar feed, the
// agreement documents and the booking's capacity view count placements by.
// Pure: plain data in, plain data out.
//
// A day of placement is a date inside the placement (its start to its end,
// inclusive), on one of its agreed weekdays, that is not an England and Wales
// bank holiday. Nobody works a bank holiday (capacity leaves them out too:
// capacity.ts), so it is not a day given by the home council nor received by
// the host. Each day of placement carries the placement's days per week
// spread evenly over its agreed weekdays (2 days over TUE and WED: a day
// each; 2.5 over MON..FRI: half a day each), so a week with a bank holiday on
// an agreed weekday counts that share less, and adjacent periods split a week
// without counting a day twice.
import { daysIn, intersect, type DateRange } from './date-ranges.ts';
import { isoWeekKey, weekStart } from './iso-week.ts';

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';
export const WEEKDAY_ORDER: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

export interface PlacementSpan {
  /** Inclusive calendar dates. */
  readonly start: string;
  readonly end: string;
  readonly daysPerWeek: number;
  /** The agreed weekdays the days per week are worked on. */
  readonly weekdays: readonly string[];
}

export interface PlacementDate {
  date: string;
  weekday: Weekday;
  /** The share of the week's days this date carries. */
  days: number;
}

/** The weekday of an ISO calendar date. */
export function weekdayOf(date: string): Weekday {
  const monday = weekStart(isoWeekKey(date));
  const index = Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${monday}T12:00:00Z`)) / 86_400_000);
  return WEEKDAY_ORDER[index]!;
}

const holidaySet = (bankHolidays: Iterable<string>): ReadonlySet<string> => (bankHolidays instanceof Set ? (bankHolidays as Set<string>) : new Set(bankHolidays));

/**
 * The days of placement inside `period` (the whole placement when left out),
 * in date order, each with the share of days it carries.
 */
export function placementDates(p: PlacementSpan, bankHolidays: Iterable<string>, period?: DateRange): PlacementDate[] {
  const overlap = period ? intersect({ start: p.start, end: p.end }, period) : { start: p.start, end: p.end };
  if (!overlap || p.weekdays.length === 0 || overlap.start > overlap.end) return [];
  const holidays = holidaySet(bankHolidays);
  const perDay = p.daysPerWeek / p.weekdays.length;
  const out: PlacementDate[] = [];
  for (const date of daysIn(overlap)) {
    const weekday = weekdayOf(date);
    if (!p.weekdays.includes(weekday) || holidays.has(date)) continue;
    out.push({ date, weekday, days: perDay });
  }
  return out;
}

/** Days of placement inside `period` (the whole placement when left out), to two decimals. */
export function placementDays(p: PlacementSpan, bankHolidays: Iterable<string>, period?: DateRange): number {
  return round2(placementDates(p, bankHolidays, period).reduce((sum, d) => sum + d.days, 0));
}

/** The bank holidays that fall on an agreed weekday inside the placement: the days it does not count. */
export function bankHolidaysLeftOut(p: PlacementSpan, bankHolidays: Iterable<string>): string[] {
  if (p.weekdays.length === 0 || p.start > p.end) return [];
  return [...holidaySet(bankHolidays)].filter((d) => d >= p.start && d <= p.end && p.weekdays.includes(weekdayOf(d))).sort();
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
