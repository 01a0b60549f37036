// The give-and-take ledger, pure: from confirmed placements, the days each
// council gave to the pool (its practitioners' time) and received (time on its
// projects) over a period, the net balance, and the money the cost terms move.
//
// A placement's days in a period are its days of placement inside the period
// (server/calendar/placement-days.ts, the rule the calendar feed and the
// agreement documents count by too): its agreed weekdays inside both, bank
// holidays left out, each carrying the days per week spread evenly over the
// weekdays. So adjacent periods split a week without counting it twice. Days
// received by a consortium project are shared equally between its host
// councils.
import type { DateRange } from '../calendar/date-ranges.ts';
import { placementDays as daysOfPlacement, round2, type Weekday } from '../calendar/placement-days.ts';

export type { Weekday };

export interface Placement {
  id: string;
  homeCouncilId: string;
  hostCouncilIds: string[];
  start: string;
  end: string;
  daysPerWeek: number;
  weekdays: Weekday[];
  dayRatePence: number;
  payer: 'HOST_COUNCIL' | 'POOL' | 'HOME_COUNCIL';
  backfillPerDayPence: number;
}

export interface CouncilBalance {
  councilId: string;
  daysGiven: number;
  daysReceived: number;
  /** Given minus received: positive means the council has lent more than it took. */
  net: number;
  /** Day-rate charges this council pays (as host, or as home when it is the payer). */
  chargesPaidPence: number;
  /** Day-rate income for lending its people (when someone else pays). */
  chargesReceivedPence: number;
  /** Backfill payments to this council for time its people spent away. */
  backfillReceivedPence: number;
}

/** Days of one placement that fall inside a period, bank holidays left out (see the header comment). */
export function placementDays(p: Placement, period: DateRange, bankHolidays: Iterable<string> = []): number {
  return daysOfPlacement(p, bankHolidays, period);
}

/**
 * A whole number of units (hundredths of a day, pence) split into n shares
 * that differ by at most one unit and add up to the whole: a consortium's
 * hosts together receive exactly the days and pay exactly the charge the
 * home council gives, so a pool's totals balance to the hundredth.
 */
export function shareEqually(units: number, n: number): number[] {
  const base = Math.floor(units / n);
  return Array.from({ length: n }, (_, i) => base + (i < units - base * n ? 1 : 0));
}

/** Balances over a period; `bankHolidays` (ISO dates) are not days of placement. */
export function ledger(placements: Placement[], period: DateRange, councilIds?: string[], bankHolidays: Iterable<string> = []): CouncilBalance[] {
  const holidays = new Set(bankHolidays);
  const rows = new Map<string, CouncilBalance>();
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) {
      r = { councilId: id, daysGiven: 0, daysReceived: 0, net: 0, chargesPaidPence: 0, chargesReceivedPence: 0, backfillReceivedPence: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const id of councilIds ?? []) row(id);

  for (const p of placements) {
    const days = placementDays(p, period, holidays);
    if (days === 0) continue;
    const hosts = [...new Set(p.hostCouncilIds)].sort();
    const home = row(p.homeCouncilId);
    home.daysGiven += days;
    home.backfillReceivedPence += Math.round(days * p.backfillPerDayPence);
    // When the home council is the payer it carries its own cost: no charge moves.
    const charge = Math.round(days * p.dayRatePence);
    if (p.payer !== 'HOME_COUNCIL') home.chargesReceivedPence += charge;
    const dayShares = shareEqually(Math.round(days * 100), hosts.length);
    const chargeShares = shareEqually(charge, hosts.length);
    hosts.forEach((h, i) => {
      const host = row(h);
      host.daysReceived += dayShares[i]! / 100;
      if (p.payer === 'HOST_COUNCIL') host.chargesPaidPence += chargeShares[i]!;
    });
  }
  const out = [...rows.values()].map((r) => ({
    ...r,
    daysGiven: round2(r.daysGiven),
    daysReceived: round2(r.daysReceived),
    net: round2(r.daysGiven - r.daysReceived),
  }));
  if (councilIds) {
    const wanted = new Set(councilIds);
    return out.filter((r) => wanted.has(r.councilId)).sort((a, b) => a.councilId.localeCompare(b.councilId));
  }
  return out.sort((a, b) => a.councilId.localeCompare(b.councilId));
}

/** Sum of balances (a pool's total over its councils). */
export function totals(rows: CouncilBalance[]): Omit<CouncilBalance, 'councilId'> {
  const t = { daysGiven: 0, daysReceived: 0, net: 0, chargesPaidPence: 0, chargesReceivedPence: 0, backfillReceivedPence: 0 };
  for (const r of rows) {
    t.daysGiven += r.daysGiven;
    t.daysReceived += r.daysReceived;
    t.chargesPaidPence += r.chargesPaidPence;
    t.chargesReceivedPence += r.chargesReceivedPence;
    t.backfillReceivedPence += r.backfillReceivedPence;
  }
  return { ...t, daysGiven: round2(t.daysGiven), daysReceived: round2(t.daysReceived), net: round2(t.daysGiven - t.daysReceived) };
}
