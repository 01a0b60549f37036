// Which agreed terms governed which dates, pure. An amendment that changes
// the days applies from a Monday (its effectiveFrom), so the weeks before it
// keep the terms they were worked under: the ledger counts them at the old
// rate and capacity claims change only from that week.
import { addDays, weeksBetween } from '../calendar/iso-week.ts';
import { daysToUnits } from '../calendar/capacity.ts';
import type { VersionStatus } from './agreement-status.ts';

export interface DatedTerms {
  start: string;
  end: string;
  daysPerWeek: number;
}

export interface DatedVersion<T extends DatedTerms> {
  version: number;
  status: VersionStatus;
  /** The first version's start; an amendment's Monday. */
  effectiveFrom: string;
  terms: T;
}

export interface Segment<T extends DatedTerms> {
  version: number;
  start: string;
  end: string;
  terms: T;
}

/** Versions that were approved: the one in force and those it superseded. */
const APPROVED: readonly VersionStatus[] = ['APPROVED', 'SUPERSEDED'];

/** The approved versions, oldest first. */
export function approvedChain<T extends DatedTerms>(versions: readonly DatedVersion<T>[]): DatedVersion<T>[] {
  return versions.filter((v) => APPROVED.includes(v.status)).sort((a, b) => a.version - b.version);
}

/**
 * The dates each version of a chain governed. The placement runs from the
 * first version's start to the last version's end (or the booking's end, if
 * it was ended early or recalled before that). A later version governs from
 * its effectiveFrom on, so each version runs until the day before the
 * earliest effectiveFrom of any later one; versions left with no dates drop out.
 */
export function segmentsOf<T extends DatedTerms>(chain: readonly DatedVersion<T>[], bookingEnd?: string | null): Segment<T>[] {
  const first = chain[0];
  const last = chain[chain.length - 1];
  if (!first || !last) return [];
  const start = first.terms.start;
  const end = bookingEnd && bookingEnd < last.terms.end ? bookingEnd : last.terms.end;
  const out: Segment<T>[] = [];
  chain.forEach((v, i) => {
    const from = i === 0 || v.effectiveFrom < start ? start : v.effectiveFrom;
    const laterStarts = chain.slice(i + 1).map((l) => l.effectiveFrom);
    const nextStart = laterStarts.length ? laterStarts.reduce((a, b) => (a < b ? a : b)) : null;
    const to = nextStart !== null && addDays(nextStart, -1) < end ? addDays(nextStart, -1) : end;
    if (from <= to) out.push({ version: v.version, start: from, end: to, terms: v.terms });
  });
  return out;
}

/** segmentsOf over the approved versions. */
export function segmentsInForce<T extends DatedTerms>(versions: readonly DatedVersion<T>[], bookingEnd?: string | null): Segment<T>[] {
  return segmentsOf(approvedChain(versions), bookingEnd);
}

/**
 * Half-day units wanted in each ISO week the segments touch (the larger,
 * where two segments share a week). Capacity claims follow this, capped by
 * each week's capacity.
 */
export function weeklyUnits(segments: readonly Segment<DatedTerms>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of segments) {
    const units = daysToUnits(s.terms.daysPerWeek);
    for (const w of weeksBetween(s.start, s.end)) out.set(w, Math.max(out.get(w) ?? 0, units));
  }
  return out;
}
