// Renders one version of a time-sharing agreement as a document a council can
// file: Markdown, and HTML made from it. Pure: a plain view in, text out.
// Every value from users is escaped, so a name cannot inject markup.
import { marked } from 'marked';

export interface AgreementView {
  agreementId: string;
  status: string;
  version: number;
  versionStatus: string;
  changeSummary: string;
  poolName: string;
  projectTitle: string;
  practitionerName: string;
  homeCouncilName: string;
  hostCouncilNames: string[];
  terms: {
    roleLevelName: string;
    daysPerWeek: number;
    weekdays: string[];
    start: string;
    end: string;
    reviewDate: string;
    dayRatePence: number;
    payer: string;
    backfillPerDayPence: number;
    invoicing: string;
    earlyTerminationNoticeWeeks: number;
    recallNoticeWeeks: number;
    homeLineManager: { name: string; email: string };
    hostSupervisor: { name: string; email: string };
  };
  /**
   * What this version's terms come to, counted as the ledger counts them
   * (calendar/placement-days.ts): its days of placement from `from` (its
   * effective date) to the end, and the bank holidays on agreed weekdays it
   * leaves out.
   */
  placement?: { from: string; days: number; bankHolidaysLeftOut: string[] };
  decisions: { party: string; decision: string; by: string; at: string; reason: string | null }[];
  awaiting: string[];
}

// HTML's special characters and the table separator; other Markdown in a name is harmless.
const esc = (s: string) => s.replace(/[&<>"'|]/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const PAYER: Record<string, string> = { HOST_COUNCIL: 'the host council(s)', POOL: 'the pool', HOME_COUNCIL: 'the home council' };

export function renderAgreementMarkdown(v: AgreementView): string {
  const t = v.terms;
  const lines = [
    `# Time-sharing agreement`,
    ``,
    `Agreement ${esc(v.agreementId)}, version ${v.version} (${esc(v.versionStatus)}); agreement status: ${esc(v.status)}.`,
    v.changeSummary ? `\nThis version: ${esc(v.changeSummary)}` : '',
    ``,
    `## Parties`,
    ``,
    `- **Practitioner:** ${esc(v.practitionerName)}`,
    `- **Home council:** ${esc(v.homeCouncilName)}`,
    `- **Host council${v.hostCouncilNames.length > 1 ? 's' : ''}:** ${v.hostCouncilNames.map(esc).join(', ')}`,
    `- **Pool:** ${esc(v.poolName)}`,
    ``,
    `## Placement`,
    ``,
    `| term | value |`,
    `| --- | --- |`,
    `| Project | ${esc(v.projectTitle)} |`,
    `| Role | ${esc(t.roleLevelName)} |`,
    `| Days per week | ${t.daysPerWeek} (${t.weekdays.map(esc).join(', ')}) |`,
    `| Start | ${esc(t.start)} |`,
    `| End | ${esc(t.end)} |`,
    ...(v.placement ? [`| Days of placement | ${placementLine(v.placement, t.start)} |`] : []),
    `| Review date | ${esc(t.reviewDate)} |`,
    `| Line manager at home | ${esc(t.homeLineManager.name)} (${esc(t.homeLineManager.email)}) |`,
    `| Supervisor at host | ${esc(t.hostSupervisor.name)} (${esc(t.hostSupervisor.email)}) |`,
    ``,
    `## Cost and notice`,
    ``,
    `| term | value |`,
    `| --- | --- |`,
    `| Day rate | ${money(t.dayRatePence)}, paid by ${PAYER[t.payer] ?? esc(t.payer)} |`,
    `| Backfill to the home council | ${money(t.backfillPerDayPence)} per day away |`,
    `| Invoicing | ${t.invoicing === 'MONTHLY' ? 'Monthly' : 'Quarterly'} |`,
    `| Early termination notice | ${t.earlyTerminationNoticeWeeks} week(s) |`,
    `| Home council's recall notice | ${t.recallNoticeWeeks} week(s) |`,
    ``,
    `## Approvals`,
    ``,
    ...(v.decisions.length
      ? v.decisions.map((d) => `- ${esc(d.party)}: **${esc(d.decision)}** by ${esc(d.by)} at ${esc(d.at)}${d.reason ? `; reason: ${esc(d.reason)}` : ''}`)
      : ['- None yet.']),
    ...(v.awaiting.length ? [``, `Awaiting: ${v.awaiting.map(esc).join(', ')}.`] : []),
    ``,
  ];
  return lines.filter((l, i) => !(l === '' && lines[i - 1] === '')).join('\n');
}

function placementLine(p: NonNullable<AgreementView['placement']>, start: string): string {
  const span = p.from === start ? '' : ` from ${esc(p.from)}`;
  const left = p.bankHolidaysLeftOut.length ? ` (bank holidays not worked: ${p.bankHolidaysLeftOut.map(esc).join(', ')})` : '';
  return `${p.days}${span}${left}`;
}

export function renderAgreementHtml(v: AgreementView): string {
  const body = marked.parse(renderAgreementMarkdown(v), { async: false });
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8">',
    `<title>Time-sharing agreement ${esc(v.agreementId)} v${v.version}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}</style>',
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}
