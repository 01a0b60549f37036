// Use-cases for the give-and-take ledger: load the placements behind a
// council's or a pool's figures over a period and hand them to the pure
// ledger (server/ledger/ledger.ts). A placement is a booking that was
// confirmed (CONFIRMED, or ENDED/RECALLED up to its new end) with the terms
// its agreement's approved versions set, each over the dates it governed
// (server/agreements/terms-in-force.ts), counted by the one rule for days of
// placement (server/calendar/placement-days.ts: bank holidays left out).
// Two queries and the (cached) bank holidays, whatever the period.
import { agreementsOfBookings } from '../store/agreements.ts';
import { bookingsOverlapping, type BookingStatus } from '../store/bookings.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, forbidden } from '../errors.ts';
import { daysBetween, isValidIsoDate } from '../calendar/iso-week.ts';
import { ledger, totals, type CouncilBalance, type Weekday } from '../ledger/ledger.ts';
import type { PlacementRecord } from '../ledger/recharges.ts';
import { segmentsInForce } from '../agreements/terms-in-force.ts';
import { getCouncil } from './councils.ts';
import { getPool } from './pools.ts';
import { datedVersions } from './agreement-records.ts';
import { bankHolidayDates } from './bank-holidays.ts';

/** Statuses whose agreed days count: confirmed placements, and ended or recalled ones up to their new end. */
const COUNTED: BookingStatus[] = ['CONFIRMED', 'ENDED', 'RECALLED'];
const MAX_PERIOD_DAYS = 5 * 366 + 1;

export interface Period {
  from: string;
  to: string;
}

export function checkPeriod(p: Period): { start: string; end: string } {
  if (!isValidIsoDate(p.from)) throw badInput(['from'], 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(p.to)) throw badInput(['to'], 'must be a calendar date YYYY-MM-DD');
  if (p.to < p.from) throw badInput(['to'], 'must not be before from');
  if (daysBetween(p.from, p.to) > MAX_PERIOD_DAYS) throw badInput(['to'], 'the period may be at most five years');
  return { start: p.from, end: p.to };
}

/**
 * Placements (one per version's stretch of a booking) matching `scope` that
 * overlap the period, with the agreement, version, practitioner and role a
 * recharge line names (server/services/recharges.ts reads them too).
 */
export async function placementsIn(scope: Record<string, unknown>, period: { start: string; end: string }): Promise<PlacementRecord[]> {
  const bookings = await bookingsOverlapping(scope, COUNTED, period.start, period.end);
  if (!bookings.length) return [];
  const agreements = await agreementsOfBookings(bookings.map((b) => b._id));
  const byBooking = new Map(agreements.map((a) => [String(a.bookingId), a]));
  return bookings.flatMap((b) => {
    const a = byBooking.get(String(b._id));
    if (!a) return [];
    return segmentsInForce(datedVersions(a), b.end).map((s) => ({
      id: `${String(b._id)}:v${s.version}`,
      homeCouncilId: b.homeCouncilId,
      hostCouncilIds: b.hostCouncilIds,
      start: s.start,
      end: s.end,
      daysPerWeek: s.terms.daysPerWeek,
      weekdays: s.terms.weekdays as Weekday[],
      dayRatePence: s.terms.dayRatePence,
      payer: s.terms.payer,
      backfillPerDayPence: s.terms.backfillPerDayPence,
      poolId: b.poolId,
      agreementId: String(a._id),
      bookingId: String(b._id),
      version: s.version,
      practitionerId: String(b.practitionerId),
      roleLevelName: s.terms.roleLevelName,
    }));
  });
}

export interface CouncilLedger extends CouncilBalance {
  from: string;
  to: string;
  /** The pool the figures are limited to, or null for every pool. */
  poolId: string | null;
}

/**
 * One council's figures over a period: across every pool, or one pool's. A
 * lead sees only their own pool's dealings, whichever pool they ask for.
 */
export async function councilLedger(viewer: Viewer, councilId: string, period: Period, poolId?: string | null): Promise<CouncilLedger> {
  const p = checkPeriod(period);
  await getCouncil(councilId, ['councilId']);
  let pool = poolId ?? null;
  if (viewer.role === 'PROGRAMME_LEAD') {
    if (pool && pool !== viewer.poolId) throw forbidden("A lead sees councils' dealings with their own pool only");
    pool = viewer.poolId;
  }
  if (pool) await getPool(pool, ['poolId']);
  const scope: Record<string, unknown> = { partyCouncilIds: councilId };
  if (pool) scope.poolId = pool;
  const [placements, holidays] = await Promise.all([placementsIn(scope, p), bankHolidayDates(p.start, p.end)]);
  const [row] = ledger(placements, p, [councilId], holidays);
  return { ...row!, from: p.start, to: p.end, poolId: pool };
}

export interface PoolLedger {
  poolId: string;
  from: string;
  to: string;
  /** Every council of the footprint (and any other with placements), by GSS code. */
  councils: CouncilBalance[];
  totals: Omit<CouncilBalance, 'councilId'>;
}

export async function poolLedger(poolId: string, period: Period): Promise<PoolLedger> {
  const p = checkPeriod(period);
  const pool = await getPool(poolId, ['poolId']);
  const [placements, holidays] = await Promise.all([placementsIn({ poolId }, p), bankHolidayDates(p.start, p.end)]);
  const involved = placements.flatMap((x) => [x.homeCouncilId, ...x.hostCouncilIds]);
  const councils = ledger(placements, p, [...new Set([...pool.footprint, ...involved])], holidays);
  return { poolId, from: p.start, to: p.end, councils, totals: totals(councils) };
}

/**
 * Net days (given minus received) of each council of the pool's footprint
 * over a period: what the matching engine's fairness factor reads. Councils
 * with no placements answer 0.
 */
export async function ledgerBalances(poolId: string, from: string, to: string): Promise<Map<string, number>> {
  const l = await poolLedger(poolId, { from, to });
  return new Map(l.councils.map((c) => [c.councilId, c.net]));
}
