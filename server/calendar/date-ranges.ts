// Small pure functions on inclusive calendar-date ranges. Whole dates, not
// instants: a range covers every date from start to end, both included, so
// two ranges that touch (one ends the day before the other starts) are
// adjacent and merge into one.
import { addDays, assertIsoDate } from './iso-week.ts';

export interface DateRange {
  readonly start: string;
  readonly end: string;
}

export function assertDateRange(range: DateRange, label = 'range'): void {
  if (range === null || typeof range !== 'object') throw new RangeError(`${label} must be an object { start, end }`);
  assertIsoDate(range.start, `${label}.start`);
  assertIsoDate(range.end, `${label}.end`);
  if (range.end < range.start) {
    throw new RangeError(`${label}.end (${range.end}) is before ${label}.start (${range.start})`);
  }
}

/** Sorted, with overlapping and adjacent ranges merged. Returns new objects. */
export function normalise(ranges: readonly DateRange[]): DateRange[] {
  ranges.forEach((r, i) => assertDateRange(r, `ranges[${i}]`));
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: { start: string; end: string }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= addDays(last.end, 1)) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}

export function overlaps(a: DateRange, b: DateRange): boolean {
  assertDateRange(a, 'a');
  assertDateRange(b, 'b');
  return a.start <= b.end && b.start <= a.end;
}

/** The dates in both ranges, or null when they share none. */
export function intersect(a: DateRange, b: DateRange): DateRange | null {
  if (!overlaps(a, b)) return null;
  return { start: a.start > b.start ? a.start : b.start, end: a.end < b.end ? a.end : b.end };
}

/** The parts of a not covered by any of bs, in order. */
export function subtract(a: DateRange, bs: readonly DateRange[]): DateRange[] {
  assertDateRange(a, 'a');
  const out: DateRange[] = [];
  let cursor: string | null = a.start; // first date of a not yet accounted for
  for (const b of normalise(bs)) {
    if (cursor === null || b.start > a.end) break;
    if (b.end < cursor) continue;
    if (b.start > cursor) out.push({ start: cursor, end: addDays(b.start, -1) });
    cursor = b.end >= a.end ? null : addDays(b.end, 1);
  }
  if (cursor !== null) out.push({ start: cursor, end: a.end });
  return out;
}

export function contains(range: DateRange, date: string): boolean {
  assertDateRange(range);
  assertIsoDate(date);
  return range.start <= date && date <= range.end;
}

/** Every date in the range, in order. */
export function daysIn(range: DateRange): string[] {
  assertDateRange(range);
  const days: string[] = [];
  for (let d = range.start; d <= range.end; d = addDays(d, 1)) days.push(d);
  return days;
}
