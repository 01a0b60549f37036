// The terms of a time-sharing agreement, pure: defaults at booking time (from
// the slot, the booking, the central contract and the practitioner's working
// pattern), checks of terms a lead gives, and the terms an amendment proposes.
// Input in, complete terms out, or a BAD_USER_INPUT naming the field.
import { badInput, type FieldPath } from '../errors.ts';
import { addDays, isValidIsoDate, isoWeekKey, weekStart } from '../calendar/iso-week.ts';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const PAYERS = ['HOST_COUNCIL', 'POOL', 'HOME_COUNCIL'] as const;
export type Payer = (typeof PAYERS)[number];
export const INVOICING = ['MONTHLY', 'QUARTERLY'] as const;
export type Invoicing = (typeof INVOICING)[number];

export interface Contact {
  name: string;
  email: string;
}

export interface Terms {
  roleLevelId: string;
  roleLevelName: string;
  daysPerWeek: number;
  weekdays: Weekday[];
  start: string;
  end: string;
  reviewDate: string;
  dayRatePence: number;
  payer: Payer;
  backfillPerDayPence: number;
  invoicing: Invoicing;
  earlyTerminationNoticeWeeks: number;
  recallNoticeWeeks: number;
  /** Null only in a draft: an agreement goes out for approval once both contacts are named. */
  homeLineManager: Contact | null;
  hostSupervisor: Contact | null;
}

/** What a lead may set (at booking time, or on a draft); absent or null keeps the default or current value. */
export interface TermsInput {
  weekdays?: Weekday[] | null;
  reviewDate?: string | null;
  dayRatePence?: number | null;
  payer?: Payer | null;
  backfillPerDayPence?: number | null;
  invoicing?: Invoicing | null;
  earlyTerminationNoticeWeeks?: number | null;
  homeLineManager?: Contact | null;
  hostSupervisor?: Contact | null;
}

/** An amendment: what changes, and why. */
export interface AmendmentInput extends TermsInput {
  summary: string;
  end?: string | null;
  daysPerWeek?: number | null;
  /** A Monday: when a change of days or weekdays starts to apply. */
  effectiveFrom?: string | null;
}

/** What the booking fixes and the defaults come from. */
export interface TermsContext {
  roleLevelId: string;
  roleLevelName: string;
  start: string;
  end: string;
  daysPerWeek: number;
  /** From the central contract. */
  recallNoticeWeeks: number;
  /** Half-day units Monday..Sunday. */
  workingPattern: readonly number[];
}

export const DEFAULT_EARLY_TERMINATION_NOTICE_WEEKS = 4;
/** The first review, unless the lead names one: twelve weeks in, or the end if sooner. */
export const DEFAULT_REVIEW_AFTER_DAYS = 84;
export const MAX_PENCE = 10_000_000; // £100,000 a day: anything above is a typo
export const MAX_NOTICE_WEEKS = 104;
export const MAX_SUMMARY = 500;
const MAX_NAME = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const termsComplete = (t: Terms): boolean => t.homeLineManager !== null && t.hostSupervisor !== null;

/**
 * Weekdays the practitioner works, Monday first, as many as the days need
 * (2.5 days take three): the default when the lead names none. Null when the
 * pattern has too few working days.
 */
export function defaultWeekdays(pattern: readonly number[], daysPerWeek: number): Weekday[] | null {
  const working = WEEKDAYS.filter((_, i) => (pattern[i] ?? 0) > 0);
  const need = Math.ceil(daysPerWeek);
  return working.length >= need ? working.slice(0, need) : null;
}

/**
 * Each agreed weekday carries between half a day and a full day, so
 * d days a week need between ceil(d) and 2d weekdays (the ledger and the
 * calendar feed spread the days evenly over them).
 */
export function weekdaysFit(count: number, daysPerWeek: number): boolean {
  return count >= Math.ceil(daysPerWeek) && count <= daysPerWeek * 2;
}

function checkWeekdays(days: readonly string[], daysPerWeek: number, pattern: readonly number[] | null, path: FieldPath): Weekday[] {
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (!(WEEKDAYS as readonly string[]).includes(d)) throw badInput([...path, i], 'is not a weekday (MON..SUN)');
    if (seen.has(d)) throw badInput([...path, i], `${d} is listed more than once`);
    seen.add(d);
    if (pattern && (pattern[WEEKDAYS.indexOf(d as Weekday)] ?? 0) === 0) throw badInput([...path, i], `${d} is not one of the practitioner's working days`);
  });
  if (!weekdaysFit(days.length, daysPerWeek)) {
    throw badInput(path, `${daysPerWeek} day(s) a week need between ${Math.ceil(daysPerWeek)} and ${daysPerWeek * 2} weekdays (each carries half a day to a full day); got ${days.length}`);
  }
  // Keep them in week order, whatever order they came in.
  return WEEKDAYS.filter((d) => seen.has(d));
}

function checkPence(v: number, path: FieldPath): number {
  if (!Number.isInteger(v) || v < 0 || v > MAX_PENCE) throw badInput(path, `must be a whole number of pence from 0 to ${MAX_PENCE}`);
  return v;
}

function checkWeeks(v: number, path: FieldPath): number {
  if (!Number.isInteger(v) || v < 0 || v > MAX_NOTICE_WEEKS) throw badInput(path, `must be a whole number of weeks from 0 to ${MAX_NOTICE_WEEKS}`);
  return v;
}

function checkContact(c: Contact, path: FieldPath): Contact {
  const name = (c.name ?? '').trim();
  if (!name) throw badInput([...path, 'name'], 'must not be empty');
  if (name.length > MAX_NAME) throw badInput([...path, 'name'], `must be at most ${MAX_NAME} characters`);
  const email = (c.email ?? '').trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw badInput([...path, 'email'], 'is not an email address');
  return { name, email };
}

function checkOneOf<T extends string>(v: string, allowed: readonly T[], what: string, path: FieldPath): T {
  if (!(allowed as readonly string[]).includes(v)) throw badInput(path, `is not ${what}`);
  return v as T;
}

/** The review date must fall inside the placement. */
function checkReviewDate(date: string, start: string, end: string, path: FieldPath): string {
  if (!isValidIsoDate(date)) throw badInput(path, 'must be a calendar date YYYY-MM-DD');
  if (date < start || date > end) throw badInput(path, `must be within the placement, ${start} to ${end}`);
  return date;
}

/** Apply a TermsInput over base terms, checking every field given. */
function applyInput(base: Terms, input: TermsInput, pattern: readonly number[] | null, path: FieldPath): Terms {
  const t: Terms = { ...base };
  if (input.weekdays != null) t.weekdays = checkWeekdays(input.weekdays, t.daysPerWeek, pattern, [...path, 'weekdays']);
  if (input.reviewDate != null) t.reviewDate = checkReviewDate(input.reviewDate, t.start, t.end, [...path, 'reviewDate']);
  if (input.dayRatePence != null) t.dayRatePence = checkPence(input.dayRatePence, [...path, 'dayRatePence']);
  if (input.backfillPerDayPence != null) t.backfillPerDayPence = checkPence(input.backfillPerDayPence, [...path, 'backfillPerDayPence']);
  if (input.payer != null) t.payer = checkOneOf(input.payer, PAYERS, 'a payer', [...path, 'payer']);
  if (input.invoicing != null) t.invoicing = checkOneOf(input.invoicing, INVOICING, 'an invoicing frequency', [...path, 'invoicing']);
  if (input.earlyTerminationNoticeWeeks != null) t.earlyTerminationNoticeWeeks = checkWeeks(input.earlyTerminationNoticeWeeks, [...path, 'earlyTerminationNoticeWeeks']);
  if (input.homeLineManager != null) t.homeLineManager = checkContact(input.homeLineManager, [...path, 'homeLineManager']);
  if (input.hostSupervisor != null) t.hostSupervisor = checkContact(input.hostSupervisor, [...path, 'hostSupervisor']);
  return t;
}

/** The agreement's terms when a booking is made: defaults, overridden by what the lead gave. */
export function initialTerms(ctx: TermsContext, input: TermsInput | null | undefined, path: FieldPath): Terms {
  const weekdays = input?.weekdays ? [] : defaultWeekdays(ctx.workingPattern, ctx.daysPerWeek);
  if (!weekdays) throw badInput([...path, 'weekdays'], "the practitioner's working pattern has too few working days to choose them: name the weekdays");
  const reviewDefault = addDays(ctx.start, DEFAULT_REVIEW_AFTER_DAYS);
  const base: Terms = {
    roleLevelId: ctx.roleLevelId,
    roleLevelName: ctx.roleLevelName,
    daysPerWeek: ctx.daysPerWeek,
    weekdays,
    start: ctx.start,
    end: ctx.end,
    reviewDate: reviewDefault < ctx.end ? reviewDefault : ctx.end,
    dayRatePence: 0,
    payer: 'HOST_COUNCIL',
    backfillPerDayPence: 0,
    invoicing: 'MONTHLY',
    earlyTerminationNoticeWeeks: DEFAULT_EARLY_TERMINATION_NOTICE_WEEKS,
    recallNoticeWeeks: ctx.recallNoticeWeeks,
    homeLineManager: null,
    hostSupervisor: null,
  };
  return applyInput(base, input ?? {}, ctx.workingPattern, path);
}

/** A draft's terms after a lead's edit. */
export function editedTerms(current: Terms, input: TermsInput, pattern: readonly number[], path: FieldPath): Terms {
  return applyInput(current, input, pattern, path);
}

/** What bounds an amendment, from the booking's slot, its central contract and today. */
export interface AmendmentLimits {
  /** Europe/London date of today. */
  today: string;
  slotEnd: string;
  slotDaysPerWeek: number;
  contractEnd: string;
  contractDaysPerWeek: number;
  workingPattern: readonly number[];
}

/** The Monday a change applies from when the lead names none: the booking's start if it has not begun, else next week. */
export function defaultEffectiveFrom(start: string, today: string): string {
  const firstMonday = weekStart(isoWeekKey(start));
  const nextMonday = addDays(weekStart(isoWeekKey(today)), 7);
  return today < start ? firstMonday : nextMonday;
}

/**
 * The terms an amendment proposes, and the Monday they apply from. The start
 * never changes; the end may move (not into the past, not beyond the slot or
 * the central contract); days a week stay within the slot and the contract.
 * Weekdays that no longer fit new days are re-chosen from the working
 * pattern unless the lead names them.
 */
export function amendedTerms(current: Terms, input: AmendmentInput, limits: AmendmentLimits, path: FieldPath): { terms: Terms; effectiveFrom: string; summary: string } {
  const summary = (input.summary ?? '').trim();
  if (!summary) throw badInput([...path, 'summary'], 'say what the amendment changes and why');
  if (summary.length > MAX_SUMMARY) throw badInput([...path, 'summary'], `must be at most ${MAX_SUMMARY} characters`);

  const t: Terms = { ...current };
  if (input.end != null) {
    if (!isValidIsoDate(input.end)) throw badInput([...path, 'end'], 'must be a calendar date YYYY-MM-DD');
    if (input.end < current.start) throw badInput([...path, 'end'], `must not be before the start, ${current.start}`);
    if (input.end < limits.today) throw badInput([...path, 'end'], `must not be in the past (today is ${limits.today}); end the booking early instead`);
    if (input.end > limits.slotEnd) throw badInput([...path, 'end'], `must be on or before the slot's end, ${limits.slotEnd}`);
    if (input.end > limits.contractEnd) throw badInput([...path, 'end'], `must be on or before the central contract's end, ${limits.contractEnd}`);
    t.end = input.end;
  }
  if (input.daysPerWeek != null) {
    const d = input.daysPerWeek;
    if (!Number.isFinite(d) || d <= 0 || d > 5 || !Number.isInteger(d * 2)) throw badInput([...path, 'daysPerWeek'], 'must be between 0.5 and 5 in half-day steps');
    if (d > limits.contractDaysPerWeek) throw badInput([...path, 'daysPerWeek'], `must not be above the central contract's ${limits.contractDaysPerWeek} days per week`);
    if (d > limits.slotDaysPerWeek) throw badInput([...path, 'daysPerWeek'], `must not be above the slot's ${limits.slotDaysPerWeek} days per week`);
    t.daysPerWeek = d;
    if (input.weekdays == null && !weekdaysFit(t.weekdays.length, d)) {
      const chosen = defaultWeekdays(limits.workingPattern, d);
      if (!chosen) throw badInput([...path, 'weekdays'], `name the weekdays for ${d} day(s) a week`);
      t.weekdays = chosen;
    }
  }
  // A review date the new end leaves outside the placement moves to the end, unless the lead names one.
  if (input.reviewDate == null && t.reviewDate > t.end) t.reviewDate = t.end;
  const terms = applyInput(t, input, limits.workingPattern, path);

  let effectiveFrom = defaultEffectiveFrom(current.start, limits.today);
  if (input.effectiveFrom != null) {
    const e = input.effectiveFrom;
    const field = [...path, 'effectiveFrom'];
    if (!isValidIsoDate(e)) throw badInput(field, 'must be a calendar date YYYY-MM-DD');
    if (weekStart(isoWeekKey(e)) !== e) throw badInput(field, 'must be a Monday: capacity is counted in ISO weeks');
    if (e < weekStart(isoWeekKey(current.start))) throw badInput(field, `must not be before the week the placement starts, ${weekStart(isoWeekKey(current.start))}`);
    if (e < weekStart(isoWeekKey(limits.today))) throw badInput(field, 'must not be in a past week');
    if (e > terms.end) throw badInput(field, `must be on or before the end, ${terms.end}`);
    effectiveFrom = e;
  }
  if (effectiveFrom > terms.end) effectiveFrom = weekStart(isoWeekKey(terms.end));

  if (sameTerms(terms, current)) throw badInput(path, 'changes nothing: give at least one new term');
  return { terms, effectiveFrom, summary };
}

export function sameTerms(a: Terms, b: Terms): boolean {
  return JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
}

const normalised = (t: Terms) => ({ ...t, weekdays: [...t.weekdays] });
