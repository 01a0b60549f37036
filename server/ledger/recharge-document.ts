// A recharge statement as files a finance team can invoice from, pure: the
// statement and the names of its councils in, CSV rows or an HTML document
// out. Every value from users is escaped in the HTML (a practitioner's name
// cannot inject markup); the CSV writer neutralises formulas
// (server/http/csv.ts).
//
// The CSV is one table, so it sorts and filters in a spreadsheet: its first
// column says what a row is. LINE rows (one per agreement stretch and payer)
// come first, then a PAIR row per payer and payee (the sum of that pair's
// lines: the figure to invoice), then one TOTAL row. Money is in pounds with
// two decimals, exact from whole pence.
import type { RechargeParty, RechargeStatement, RechargeSums } from './recharges.ts';

export interface RechargeDocumentView extends RechargeStatement {
  poolId: string;
  poolName: string;
  from: string;
  to: string;
  councilId: string | null;
  /** Council names by GSS code. */
  councilNames: ReadonlyMap<string, string>;
}

const pounds = (pence: number) => (pence / 100).toFixed(2);
const money = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function party(v: RechargeDocumentView, p: RechargeParty): { code: string; name: string } {
  return p.kind === 'POOL' ? { code: p.poolId, name: v.poolName } : { code: p.councilId, name: v.councilNames.get(p.councilId) ?? p.councilId };
}
const council = (v: RechargeDocumentView, id: string) => ({ code: id, name: v.councilNames.get(id) ?? id });

export const RECHARGE_CSV_HEADER = [
  'row',
  'payer',
  'payer_name',
  'payee',
  'payee_name',
  'agreement_id',
  'booking_id',
  'version',
  'practitioner',
  'role_level',
  'start',
  'end',
  'payer_term',
  'days_placed',
  'days',
  'day_rate_gbp',
  'charge_gbp',
  'backfill_per_day_gbp',
  'backfill_gbp',
  'amount_gbp',
  'lines',
] as const;

const sums = (s: RechargeSums) => [s.days, pounds(s.chargePence), '', pounds(s.backfillPence), pounds(s.amountPence), s.lineCount];

export function rechargeCsvRows(v: RechargeDocumentView): unknown[][] {
  const lines = v.lines.map((l) => {
    const payer = party(v, l.payer);
    const payee = council(v, l.payeeCouncilId);
    return [
      'LINE', payer.code, payer.name, payee.code, payee.name, l.agreementId, l.bookingId, l.version, l.practitionerName, l.roleLevelName,
      l.start, l.end, l.payerTerm, l.daysPlaced, l.days, pounds(l.dayRatePence), pounds(l.chargePence), pounds(l.backfillPerDayPence),
      pounds(l.backfillPence), pounds(l.amountPence), 1,
    ];
  });
  const pairs = v.pairs.map((p) => {
    const payer = party(v, p.payer);
    const payee = council(v, p.payeeCouncilId);
    const [days, charge, , backfill, amount, count] = sums(p);
    return ['PAIR', payer.code, payer.name, payee.code, payee.name, '', '', '', '', '', v.from, v.to, '', '', days, '', charge, '', backfill, amount, count];
  });
  const [days, charge, , backfill, amount, count] = sums(v.totals);
  return [...lines, ...pairs, ['TOTAL', '', '', '', '', '', '', '', '', '', v.from, v.to, '', '', days, '', charge, '', backfill, amount, count]];
}

const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const table = (caption: string, head: string[], rows: (string | number)[][], numeric: number[]) =>
  [
    '<table class="govuk-table">',
    `<caption class="govuk-table__caption govuk-table__caption--m">${esc(caption)}</caption>`,
    `<thead class="govuk-table__head"><tr class="govuk-table__row">${head.map((h, i) => `<th scope="col" class="govuk-table__header${numeric.includes(i) ? ' govuk-table__header--numeric' : ''}">${esc(h)}</th>`).join('')}</tr></thead>`,
    '<tbody class="govuk-table__body">',
    ...(rows.length
      ? rows.map((r) => `<tr class="govuk-table__row">${r.map((c, i) => `<td class="govuk-table__cell${numeric.includes(i) ? ' govuk-table__cell--numeric' : ''}">${esc(c)}</td>`).join('')}</tr>`)
      : [`<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="${head.length}">None in this period.</td></tr>`]),
    '</tbody>',
    '</table>',
  ].join('\n');

// GOV.UK Frontend's table look, inline: the document is served with a CSP that allows no other source.
const STYLE =
  'body{font-family:"GDS Transport",arial,sans-serif;color:#0b0c0c;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.3}' +
  '.govuk-table{border-collapse:collapse;width:100%;margin-bottom:2rem;font-size:1rem}.govuk-table__caption--m{font-weight:700;font-size:1.5rem;text-align:left;margin-bottom:.75rem}' +
  '.govuk-table__header,.govuk-table__cell{border-bottom:1px solid #b1b4b6;padding:.6rem 1.2rem .6rem 0;text-align:left;vertical-align:top}.govuk-table__header{font-weight:700}' +
  '.govuk-table__header--numeric,.govuk-table__cell--numeric{text-align:right}dl{display:grid;grid-template-columns:max-content auto;gap:.3rem 1.5rem}dt{font-weight:700}' +
  '@media print{body{margin:0;max-width:none}}';

export function renderRechargeHtml(v: RechargeDocumentView): string {
  const scope = v.councilId ? `${council(v, v.councilId).name} (${v.councilId})` : 'every council of the pool';
  const pairRows = v.pairs.map((p) => [
    party(v, p.payer).name,
    council(v, p.payeeCouncilId).name,
    p.lineCount,
    p.days,
    money(p.chargePence),
    money(p.backfillPence),
    money(p.amountPence),
  ]);
  const lineRows = v.lines.map((l) => [
    `${l.start} to ${l.end}`,
    l.practitionerName,
    l.roleLevelName,
    `${l.agreementId} v${l.version}`,
    party(v, l.payer).name,
    council(v, l.payeeCouncilId).name,
    l.days === l.daysPlaced ? l.days : `${l.days} of ${l.daysPlaced}`,
    money(l.dayRatePence),
    money(l.chargePence),
    money(l.backfillPence),
    money(l.amountPence),
  ]);
  const t = v.totals;
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8">',
    `<title>Recharge statement: ${esc(v.poolName)}, ${esc(v.from)} to ${esc(v.to)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>Recharge statement</h1>',
    '<dl>',
    `<dt>Pool</dt><dd>${esc(v.poolName)} (${esc(v.poolId)})</dd>`,
    `<dt>Period</dt><dd>${esc(v.from)} to ${esc(v.to)} inclusive</dd>`,
    `<dt>Councils</dt><dd>${esc(scope)}</dd>`,
    `<dt>Total</dt><dd>${esc(money(t.amountPence))} over ${esc(t.days)} days (charges ${esc(money(t.chargePence))}, backfill ${esc(money(t.backfillPence))})</dd>`,
    '</dl>',
    '<p>Days are days of placement (agreed weekdays, bank holidays left out) at the terms in force on each date. The payee is the practitioner\'s home council; host councils of a consortium pay equal shares.</p>',
    table('Totals per pair of councils: who pays whom', ['Payer', 'Payee', 'Lines', 'Days', 'Charges', 'Backfill', 'Amount'], pairRows, [2, 3, 4, 5, 6]),
    table('Lines', ['Dates', 'Practitioner', 'Role', 'Agreement', 'Payer', 'Payee', 'Days', 'Day rate', 'Charge', 'Backfill', 'Amount'], lineRows, [6, 7, 8, 9, 10]),
    '</body>',
    '</html>',
  ].join('\n');
}
