// Small display helpers for the practitioner and programme lead pages: dates as
// GOV.UK writes them, enum values as words, days and money, status tags, and
// the GOV.UK date input's three fields into the API's YYYY-MM-DD.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2027-03-01" -> "1 March 2027" (other strings come back as they are). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "1 March 2027 to 28 March 2027", or one date when both are the same day. */
export function formatPeriod(start: string, end: string): string {
  return start === end ? formatDate(start) : `${formatDate(start)} to ${formatDate(end)}`;
}

/** "NORTH_EAST" -> "North east"; "AWAITING_APPROVALS" -> "Awaiting approvals". */
export function humanise(value: string | null | undefined): string {
  if (!value) return '';
  const s = value.toLowerCase().replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** 2 -> "2 days", 0.5 -> "half a day", 1.5 -> "1.5 days". */
export function days(n: number): string {
  if (n === 0.5) return 'half a day';
  return `${Number.isInteger(n) ? n : n.toFixed(1).replace(/\.0$/, '')} ${n === 1 ? 'day' : 'days'}`;
}

/** Whole pence -> "£1,234.50". */
export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A number for tables: at most two decimals, no trailing zeros. */
export function figure(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const TAG_COLOURS: Record<string, string> = {
  // Bookings, agreements, contracts, plans
  TENTATIVE: 'govuk-tag--yellow',
  CONFIRMED: 'govuk-tag--green',
  ACTIVE: 'govuk-tag--green',
  APPROVED: 'govuk-tag--turquoise',
  AWAITING_APPROVALS: 'govuk-tag--yellow',
  PROPOSED: 'govuk-tag--yellow',
  DRAFT: 'govuk-tag--grey',
  COMMITTED: 'govuk-tag--green',
  ENDED: 'govuk-tag--grey',
  RECALLED: 'govuk-tag--orange',
  CANCELLED: 'govuk-tag--red',
  DECLINED: 'govuk-tag--red',
};

/** For govukTag: { text, classes }. */
export function statusTag(status: string): { text: string; classes: string } {
  return { text: humanise(status), classes: TAG_COLOURS[status] ?? 'govuk-tag--grey' };
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const trim = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The three fields of a GOV.UK date input named <prefix>-day, -month, -year, as typed. */
export function datePartsFrom(body: Record<string, unknown>, prefix: string): DateParts {
  return { day: trim(body[`${prefix}-day`]), month: trim(body[`${prefix}-month`]), year: trim(body[`${prefix}-year`]) };
}

export const noDate = (p: DateParts) => !p.day && !p.month && !p.year;

/**
 * YYYY-MM-DD for the API: a 4-digit year and a 1 or 2-digit day and month are
 * padded; anything else is passed as typed, so the API refuses it at its field
 * ("must be a real date") rather than the page guessing.
 */
export function isoFromParts(p: DateParts): string {
  if (/^\d{4}$/.test(p.year) && /^\d{1,2}$/.test(p.month) && /^\d{1,2}$/.test(p.day)) {
    return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
  }
  return noDate(p) ? '' : `${p.year}-${p.month}-${p.day}`;
}

/** "2027-03-01" -> the date input's parts (to show a date back in the form). */
export function partsFromIso(iso: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { year: m[1]!, month: String(Number(m[2])), day: String(Number(m[3])) } : { day: '', month: '', year: '' };
}

/** govukDateInput's items for the parts, with the error class on every field when the date has an error. */
export function dateItems(p: DateParts, hasError: boolean) {
  const err = hasError ? ' govuk-input--error' : '';
  return [
    { name: 'day', classes: `govuk-input--width-2${err}`, value: p.day },
    { name: 'month', classes: `govuk-input--width-2${err}`, value: p.month },
    { name: 'year', classes: `govuk-input--width-4${err}`, value: p.year },
  ];
}

/** The API's message for a value GraphQL could not read as a date becomes GOV.UK's wording. */
export function dateMessage(message: string): string {
  return /LocalDate|Expected type|got invalid value|calendar date/i.test(message) ? 'must be a real date, for example 27 3 2027' : message;
}

/** One success message per `done` code a page redirects with (never user text in the URL). */
export function doneMessage(codes: Record<string, string>, done: unknown): string | null {
  return typeof done === 'string' && Object.hasOwn(codes, done) ? codes[done]! : null;
}

const RISK_WORDS: Record<string, string> = { LEAVE: 'leave', WORKING_PATTERN: 'a working-pattern change', UNAVAILABLE: 'the practitioner is not available' };

/** "2 days from 9 March 2027 will not be worked: leave" (a booking at risk: Booking.daysAtRisk). */
export function riskHint(daysAtRisk: readonly { date: string; reason: string; days: number }[]): string {
  const total = daysAtRisk.reduce((n, d) => n + d.days, 0);
  const why = [...new Set(daysAtRisk.map((d) => RISK_WORDS[d.reason] ?? d.reason))].join(' and ');
  return `${days(total)} from ${formatDate(daysAtRisk[0]?.date)} will not be worked: ${why}`;
}
