// ISO weeks and calendar dates in Europe/London. Pure: no clock, no database.
//
// Dates are ISO calendar dates ('YYYY-MM-DD'); weeks are keyed 'YYYY-Www'
// by ISO week-year, so 2027-01-01 belongs to '2026-W53'. Both formats are
// fixed-width, so valid values compare correctly as strings.
//
// All arithmetic is by calendar date through luxon in Europe/London, never by
// adding 24h of milliseconds: the weeks the clocks change have a 23-hour or a
// 25-hour day, so "midnight + 24h" lands on the wrong date there.
import { DateTime } from 'luxon';

export const ZONE = 'Europe/London';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
// An instant must say which offset it is in; a bare local time is ambiguous.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

// A luxon call in a named zone costs tens of microseconds, and the planners
// ask the same few hundred dates and weeks for every practitioner. The
// answers are pure functions of the input string, so they are memoised; the
// bound only stops a long-running process growing without limit.
const MEMO_LIMIT = 50_000;
function memoise<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= monthLength;
}

export function assertIsoDate(s: unknown, label = 'date'): asserts s is string {
  if (!isValidIsoDate(s)) {
    throw new RangeError(`${label} must be an ISO calendar date 'YYYY-MM-DD', got ${JSON.stringify(s)}`);
  }
}

/** 52 or 53. */
export function weeksInWeekYear(weekYear: number): number {
  if (!Number.isInteger(weekYear) || weekYear < 1 || weekYear > 9999) {
    throw new RangeError(`week-year must be an integer from 1 to 9999, got ${weekYear}`);
  }
  return weeksInYearMemo(String(weekYear));
}
const weeksInYearMemo = memoise(
  (year) => DateTime.fromObject({ weekYear: Number(year), weekNumber: 1, weekday: 1 }, { zone: ZONE }).weeksInWeekYear,
);

export function isValidWeekKey(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = WEEK_KEY.exec(s);
  if (!m) return false;
  const [weekYear, weekNumber] = [Number(m[1]), Number(m[2])];
  return weekYear >= 1 && weekNumber >= 1 && weekNumber <= weeksInWeekYear(weekYear);
}

export function assertWeekKey(s: unknown, label = 'week'): asserts s is string {
  if (!isValidWeekKey(s)) {
    throw new RangeError(`${label} must be an ISO week key 'YYYY-Www' that exists, got ${JSON.stringify(s)}`);
  }
}

function isoDateOf(dt: DateTime): string {
  const date = dt.toISODate();
  if (date === null) throw new RangeError(`not a valid date: ${dt.invalidExplanation ?? 'unknown reason'}`);
  return date;
}

function weekKeyOf(dt: DateTime): string {
  return `${String(dt.weekYear).padStart(4, '0')}-W${String(dt.weekNumber).padStart(2, '0')}`;
}

function fromDate(date: string): DateTime {
  return DateTime.fromISO(date, { zone: ZONE });
}

interface WeekInfo {
  readonly dates: readonly string[]; // Monday..Sunday
  readonly next: string;
  readonly previous: string;
}

const weekInfo = memoise((weekKey): WeekInfo => {
  const m = WEEK_KEY.exec(weekKey) as RegExpExecArray;
  const monday = DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: ZONE });
  return Object.freeze({
    dates: Object.freeze(Array.from({ length: 7 }, (_, i) => isoDateOf(monday.plus({ days: i })))),
    next: weekKeyOf(monday.plus({ weeks: 1 })),
    previous: weekKeyOf(monday.minus({ weeks: 1 })),
  });
});

function infoOf(weekKey: string, label = 'week'): WeekInfo {
  assertWeekKey(weekKey, label);
  return weekInfo(weekKey);
}

const weekKeyMemo = memoise((date) => weekKeyOf(fromDate(date)));

export function isoWeekKey(date: string): string {
  assertIsoDate(date);
  return weekKeyMemo(date);
}

/** Monday of the week. */
export function weekStart(weekKey: string): string {
  return infoOf(weekKey).dates[0] as string;
}

/** Sunday of the week. */
export function weekEnd(weekKey: string): string {
  return infoOf(weekKey).dates[6] as string;
}

/** The week's 7 dates, Monday first (also in clock-change weeks). */
export function weekDates(weekKey: string): string[] {
  return [...infoOf(weekKey).dates];
}

const addDaysMemo = memoise((key) => {
  const [date, n] = key.split('|') as [string, string];
  return isoDateOf(fromDate(date).plus({ days: Number(n) }));
});

export function addDays(date: string, n: number): string {
  assertIsoDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`days to add must be an integer, got ${n}`);
  return n === 0 ? date : addDaysMemo(`${date}|${n}`);
}

export function addWeeks(weekKey: string, n: number): string {
  assertWeekKey(weekKey);
  if (!Number.isInteger(n)) throw new RangeError(`weeks to add must be an integer, got ${n}`);
  // Step by cached neighbours for short hops, by luxon for long ones.
  if (Math.abs(n) > 60) return isoWeekKey(addDays(weekStart(weekKey), n * 7));
  let key = weekKey;
  for (let i = 0; i < Math.abs(n); i++) key = n > 0 ? weekInfo(key).next : weekInfo(key).previous;
  return key;
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  assertIsoDate(a, 'first date');
  assertIsoDate(b, 'second date');
  return Math.round(fromDate(b).diff(fromDate(a), 'days').days);
}

export function compareDates(a: string, b: string): number {
  assertIsoDate(a, 'first date');
  assertIsoDate(b, 'second date');
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareWeeks(a: string, b: string): number {
  assertWeekKey(a, 'first week');
  assertWeekKey(b, 'second week');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Week keys, in order, of every ISO week that the inclusive range [from, to] touches. */
export function weeksBetween(from: string, to: string): string[] {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`);
  const last = isoWeekKey(to);
  const weeks = [isoWeekKey(from)];
  while (weeks[weeks.length - 1] !== last) weeks.push(weekInfo(weeks[weeks.length - 1] as string).next);
  return weeks;
}

/** The Europe/London calendar date of a UTC instant (a Date, or an ISO string with Z or an offset). */
export function londonDateOf(instant: Date | string): string {
  let dt: DateTime;
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError('instant is an invalid Date');
    dt = DateTime.fromJSDate(instant, { zone: ZONE });
  } else {
    if (typeof instant !== 'string' || !ISO_INSTANT.test(instant)) {
      throw new RangeError(`instant must be an ISO date-time with Z or an offset, got ${JSON.stringify(instant)}`);
    }
    dt = DateTime.fromISO(instant, { zone: ZONE });
  }
  if (!dt.isValid) throw new RangeError(`instant is not a valid date-time: ${String(instant)}`);
  return isoDateOf(dt);
}
