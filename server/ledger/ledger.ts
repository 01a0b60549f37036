// The give-and-take ledger, pure: from confirmed placements, the days each
// council gave to the pool (its practitioners' time) and received (time on its
// projects) over a period, the net balance, and the money the cost terms move.
//
// A placement's days in a period: for each ISO week the placement covers, its
// days per week spread evenly over the agreed weekdays, counting only the
// weekdays inside both the placement and the period. So adjacent periods
// split a week without counting it twice. Days received by a consortium
// project are shared equally between its host councils.
import { daysIn, intersect, type DateRange } from '../calendar/date-ranges.ts';
import { weekStart, isoWeekKey } from '../calendar/iso-week.ts';

export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';
const WEEKDAY_ORDER: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

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

/** Days of one placement that fall inside a period (see the header comment). */
export function placementDays(p: Placement, period: DateRange): number {
  const overlap = intersect({ start: p.start, end: p.end }, period);
  if (!overlap || p.weekdays.length === 0) return 0;
  const perDay = p.daysPerWeek / p.weekdays.length;
  let days = 0;
  for (const date of daysIn(overlap)) {
    const dow = WEEKDAY_ORDER[dayIndex(date)]!;
    if (p.weekdays.includes(dow)) days += perDay;
  }
  return round2(days);
}

function dayIndex(date: string): number {
  // Days since the Monday of the date's ISO week.
  const monday = weekStart(isoWeekKey(date));
  return Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${monday}T12:00:00Z`)) / 86_400_000);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function ledger(placements: Placement[], period: DateRange, councilIds?: string[]): CouncilBalance[] {
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
    const days = placementDays(p, period);
    if (days === 0) continue;
    const hosts = [...new Set(p.hostCouncilIds)];
    const home = row(p.homeCouncilId);
    home.daysGiven += days;
    home.backfillReceivedPence += Math.round(days * p.backfillPerDayPence);
    // When the home council is the payer it carries its own cost: no charge moves.
    const charge = Math.round(days * p.dayRatePence);
    if (p.payer !== 'HOME_COUNCIL') home.chargesReceivedPence += charge;
    for (const h of hosts) {
      const host = row(h);
      host.daysReceived += days / hosts.length;
      if (p.payer === 'HOST_COUNCIL') host.chargesPaidPence += Math.round(charge / hosts.length);
    }
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
