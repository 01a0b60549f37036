// A council's give-and-take ledger for a year: days given to and received
// from the pools, quarter by quarter, as a table and as a bar chart drawn on
// the server (an SVG of the same figures), plus the year's money.

export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;

const BALANCE = 'balance { council { gssCode name } daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence }';

export const COUNCIL_LEDGER_QUERY = /* GraphQL */ `
  query WebCouncilLedger($councilId: ID!, $yearFrom: LocalDate!, $yearTo: LocalDate!, $q1From: LocalDate!, $q1To: LocalDate!, $q2From: LocalDate!, $q2To: LocalDate!, $q3From: LocalDate!, $q3To: LocalDate!, $q4From: LocalDate!, $q4To: LocalDate!) {
    year: councilLedger(councilId: $councilId, from: $yearFrom, to: $yearTo) { from to ${BALANCE} }
    q1: councilLedger(councilId: $councilId, from: $q1From, to: $q1To) { from to ${BALANCE} }
    q2: councilLedger(councilId: $councilId, from: $q2From, to: $q2To) { from to ${BALANCE} }
    q3: councilLedger(councilId: $councilId, from: $q3From, to: $q3To) { from to ${BALANCE} }
    q4: councilLedger(councilId: $councilId, from: $q4From, to: $q4To) { from to ${BALANCE} }
  }
`;

export interface Balance {
  council: { gssCode: string; name: string };
  daysGiven: number;
  daysReceived: number;
  net: number;
  chargesPaidPence: number;
  chargesReceivedPence: number;
  backfillReceivedPence: number;
}

export interface LedgerPeriod {
  from: string;
  to: string;
  balance: Balance;
}

export type CouncilLedgerData = Record<'year' | 'q1' | 'q2' | 'q3' | 'q4', LedgerPeriod>;

/** The query's variables for a calendar year. */
export function ledgerVariables(councilId: string, year: number): Record<string, string> {
  const y = String(year);
  return {
    councilId,
    yearFrom: `${y}-01-01`,
    yearTo: `${y}-12-31`,
    q1From: `${y}-01-01`,
    q1To: `${y}-03-31`,
    q2From: `${y}-04-01`,
    q2To: `${y}-06-30`,
    q3From: `${y}-07-01`,
    q3To: `${y}-09-30`,
    q4From: `${y}-10-01`,
    q4To: `${y}-12-31`,
  };
}

/** A year from ?year=, else this one; only years near this one (the API allows five at most in one ask, these ask one). */
export function ledgerYear(raw: unknown, thisYear: number): number {
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : thisYear;
  return Math.abs(n - thisYear) <= 5 ? n : thisYear;
}

const fmtDays = (d: number) => (Math.round(d * 10) / 10).toLocaleString('en-GB', { maximumFractionDigits: 1 });
const signed = (d: number) => (d > 0 ? `+${fmtDays(d)}` : fmtDays(d));
export const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const QUARTER_NAMES: Record<string, string> = { Q1: 'January to March', Q2: 'April to June', Q3: 'July to September', Q4: 'October to December' };

// ---- the chart ---------------------------------------------------------------

const W = 640;
const H = 300;
const PAD = { top: 20, right: 16, bottom: 56, left: 56 };

/** A rounded-up scale top with 4 even steps, at least 4 (so each step is a day or more). */
export function niceMax(max: number): number {
  if (max <= 4) return 4; // whole-day steps at least
  const step = Math.pow(10, Math.floor(Math.log10(max / 4)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step * 4 >= max) return m * step * 4;
  return Math.ceil(max);
}

export function ledgerChart(rows: { label: string; given: number; received: number }[]) {
  const top = niceMax(Math.max(...rows.map((r) => Math.max(r.given, r.received)), 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const band = plotW / rows.length;
  const barW = Math.min(48, band / 3);
  const ticks = [0, 1, 2, 3, 4].map((i) => ({ value: fmtDays((top / 4) * i), y: y((top / 4) * i) }));
  const groups = rows.map((r, i) => {
    const x0 = PAD.left + band * i + band / 2 - barW - 2;
    const bar = (v: number, x: number, kind: 'given' | 'received') => ({ kind, x, y: y(v), width: barW, height: Math.max(0, y(0) - y(v)), label: fmtDays(v), labelY: y(v) - 4 });
    return { label: r.label, labelX: PAD.left + band * i + band / 2, bars: [bar(r.given, x0, 'given'), bar(r.received, x0 + barW + 4, 'received')] };
  });
  return { width: W, height: H, left: PAD.left, right: W - PAD.right, baseline: y(0), axisLabelY: H - PAD.bottom + 22, legendY: H - 12, ticks, groups };
}

// ---- the page ----------------------------------------------------------------------

export function ledgerView(data: CouncilLedgerData, year: number, thisYear: number) {
  const quarters = QUARTERS.map((q) => {
    const b = data[q.toLowerCase() as 'q1'].balance;
    return { label: q, name: QUARTER_NAMES[q]!, given: b.daysGiven, received: b.daysReceived, net: b.net, givenText: fmtDays(b.daysGiven), receivedText: fmtDays(b.daysReceived), netText: signed(b.net) };
  });
  const y = data.year.balance;
  return {
    pageTitle: `Your council’s ledger, ${year}`,
    council: y.council.name,
    year,
    years: [thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((v) => ({ value: String(v), text: String(v), selected: v === year })),
    quarters,
    total: { givenText: fmtDays(y.daysGiven), receivedText: fmtDays(y.daysReceived), netText: signed(y.net) },
    money: [
      { key: 'Day-rate charges paid (as a host)', value: pounds(y.chargesPaidPence) },
      { key: 'Day-rate income (for lending your people)', value: pounds(y.chargesReceivedPence) },
      { key: 'Backfill received', value: pounds(y.backfillReceivedPence) },
    ],
    netSentence:
      y.net > 0
        ? `${y.council.name} gave ${fmtDays(y.net)} more days than it received in ${year}.`
        : y.net < 0
          ? `${y.council.name} received ${fmtDays(-y.net)} more days than it gave in ${year}.`
          : `${y.council.name} gave as many days as it received in ${year}.`,
    chart: ledgerChart(quarters.map((q) => ({ label: q.label, given: q.given, received: q.received }))),
  };
}
