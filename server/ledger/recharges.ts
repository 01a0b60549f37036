// Recharges, pure: from the same placements the ledger counts, who pays whom
// for a period, line by line and summed per ordered pair (payer, payee) so
// each council's finance team can invoice from it.
//
// Every figure comes from the ledger's rules (./ledger.ts): the days placed
// are placementDays (bank holidays left out, each stretch at the terms in
// force), money is Math.round(days x rate) pence per stretch, and a
// consortium's share is shareEqually over its host councils (sorted), so the
// statement and the ledger agree to the penny for the same period.
//
// Who pays whom, from the agreement's `payer` term; the payee is always the
// home council (it lends the time):
// - HOST_COUNCIL: each host council pays its equal share of the day-rate
//   charge and of the backfill.
// - POOL: the pool pays the charge and the backfill (payer {kind: POOL}).
// - HOME_COUNCIL: the home council carries its own day rate, so no charge
//   moves; the backfill, which the ledger credits to the home council
//   whoever the payer is, is paid by the host councils in equal shares (they
//   have its person's time). A line is still listed, for its days, when it
//   comes to nothing.
// One line per stretch (an agreement version's dates inside the period) and
// payer: a two-host placement gives two lines, one per host.
import { intersect, type DateRange } from '../calendar/date-ranges.ts';
import { placementDays, shareEqually, type Placement } from './ledger.ts';

/** A ledger placement with what a statement line names. */
export interface PlacementRecord extends Placement {
  poolId: string;
  agreementId: string;
  bookingId: string;
  /** The agreement version whose terms govern this stretch. */
  version: number;
  practitionerId: string;
  roleLevelName: string;
}

export interface RechargePlacement extends PlacementRecord {
  practitionerName: string;
}

export type RechargeParty = { kind: 'COUNCIL'; councilId: string } | { kind: 'POOL'; poolId: string };

export interface RechargeLine {
  agreementId: string;
  bookingId: string;
  version: number;
  practitionerId: string;
  practitionerName: string;
  roleLevelName: string;
  /** The stretch's dates inside the period. */
  start: string;
  end: string;
  payerTerm: Placement['payer'];
  /** The stretch's days of placement in the period (all hosts together). */
  daysPlaced: number;
  /** The part of daysPlaced this payer is charged for (its share, when hosts split). */
  days: number;
  dayRatePence: number;
  chargePence: number;
  backfillPerDayPence: number;
  backfillPence: number;
  /** chargePence + backfillPence: what the payer owes the payee for this line. */
  amountPence: number;
  payer: RechargeParty;
  payeeCouncilId: string;
}

export interface RechargeSums {
  lineCount: number;
  days: number;
  chargePence: number;
  backfillPence: number;
  amountPence: number;
}

export interface RechargePair extends RechargeSums {
  payer: RechargeParty;
  payeeCouncilId: string;
}

export interface RechargeStatement {
  lines: RechargeLine[];
  pairs: RechargePair[];
  totals: RechargeSums;
}

export const partyKey = (p: RechargeParty): string => (p.kind === 'POOL' ? `POOL:${p.poolId}` : `COUNCIL:${p.councilId}`);

const emptySums = (): RechargeSums => ({ lineCount: 0, days: 0, chargePence: 0, backfillPence: 0, amountPence: 0 });

// Days are summed in hundredths, as the ledger shares them, so sums are exact.
function add(s: RechargeSums, l: RechargeLine): void {
  s.lineCount += 1;
  s.days = Math.round(s.days * 100 + l.days * 100) / 100;
  s.chargePence += l.chargePence;
  s.backfillPence += l.backfillPence;
  s.amountPence += l.amountPence;
}

/** The lines of one stretch: one per payer. */
function linesOf(p: RechargePlacement, period: DateRange, holidays: ReadonlySet<string>): RechargeLine[] {
  const daysPlaced = placementDays(p, period, holidays);
  const dates = intersect({ start: p.start, end: p.end }, period);
  if (daysPlaced === 0 || !dates) return [];
  const hosts = [...new Set(p.hostCouncilIds)].sort();
  const charge = p.payer === 'HOME_COUNCIL' ? 0 : Math.round(daysPlaced * p.dayRatePence);
  const backfill = Math.round(daysPlaced * p.backfillPerDayPence);
  const line = (payer: RechargeParty, days: number, chargePence: number, backfillPence: number): RechargeLine => ({
    agreementId: p.agreementId,
    bookingId: p.bookingId,
    version: p.version,
    practitionerId: p.practitionerId,
    practitionerName: p.practitionerName,
    roleLevelName: p.roleLevelName,
    start: dates.start,
    end: dates.end,
    payerTerm: p.payer,
    daysPlaced,
    days,
    dayRatePence: p.dayRatePence,
    chargePence,
    backfillPerDayPence: p.backfillPerDayPence,
    backfillPence,
    amountPence: chargePence + backfillPence,
    payer,
    payeeCouncilId: p.homeCouncilId,
  });
  if (p.payer === 'POOL') return [line({ kind: 'POOL', poolId: p.poolId }, daysPlaced, charge, backfill)];
  const dayShares = shareEqually(Math.round(daysPlaced * 100), hosts.length);
  const chargeShares = shareEqually(charge, hosts.length);
  const backfillShares = shareEqually(backfill, hosts.length);
  return hosts.map((h, i) => line({ kind: 'COUNCIL', councilId: h }, dayShares[i]! / 100, chargeShares[i]!, backfillShares[i]!));
}

/**
 * The statement over a period: lines in date order, pairs by payer then
 * payee, and grand totals. With `councilId`, only what that council pays or
 * is paid (a requester's view), the pairs and totals summed from those lines.
 */
export function rechargeStatement(placements: readonly RechargePlacement[], period: DateRange, bankHolidays: Iterable<string> = [], councilId?: string | null): RechargeStatement {
  const holidays = new Set(bankHolidays);
  const involves = (l: RechargeLine) => !councilId || l.payeeCouncilId === councilId || (l.payer.kind === 'COUNCIL' && l.payer.councilId === councilId);
  const lines = placements
    .flatMap((p) => linesOf(p, period, holidays))
    .filter(involves)
    .sort(
      (a, b) =>
        a.start.localeCompare(b.start) ||
        a.agreementId.localeCompare(b.agreementId) ||
        a.version - b.version ||
        partyKey(a.payer).localeCompare(partyKey(b.payer)),
    );
  const pairs = new Map<string, RechargePair>();
  const totals = emptySums();
  for (const l of lines) {
    const key = `${partyKey(l.payer)}>${l.payeeCouncilId}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { payer: l.payer, payeeCouncilId: l.payeeCouncilId, ...emptySums() };
      pairs.set(key, pair);
    }
    add(pair, l);
    add(totals, l);
  }
  const ordered = [...pairs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
  return { lines, pairs: ordered, totals };
}
