// The programme lead's pool pages: programme plans (run, list, compare,
// commit), the agreements queue, the pool ledger (chart and table) and the
// pool's central contracts (transitions, propose).
import type { OperationError } from '../operations.ts';
import { addFieldError, formErrorsFrom, noErrors, type FormErrors } from './form-errors.ts';
import {
  dateItems,
  dateMessage,
  datePartsFrom,
  days,
  figure,
  formatDate,
  formatPeriod,
  humanise,
  isoFromParts,
  noDate,
  partsFromIso,
  plural,
  pounds,
  statusTag,
  type DateParts,
} from './govuk-display.ts';

export const MY_POOL_QUERY = /* GraphQL */ `query WebMyPool { me { pool { id name } } }`;
export interface MyPoolData {
  me: { pool: { id: string; name: string } | null };
}

const withDateMessages = (errors: readonly OperationError[]) => errors.map((e) => ({ ...e, message: dateMessage(e.message) }));

// ---- Plans ----------------------------------------------------------------------

const PLAN_SUMMARY = 'id name status kind from to objective keepExistingBookings createdAt committedAt assignments { fixed } unfilled { missing } projects { id title }';

export const PLANS_QUERY = /* GraphQL */ `
  query WebPlans($poolId: ID!) {
    plans(poolId: $poolId, first: 200) { nodes { ${PLAN_SUMMARY} } }
    projects(filter: { poolId: $poolId, statuses: [APPROVED, STAFFING, STAFFED, ACTIVE] }, first: 200) { nodes { id title status priority start end } }
  }
`;

interface PlanSummary {
  id: string;
  name: string;
  status: string;
  kind: string;
  from: string;
  to: string;
  objective: number;
  keepExistingBookings: boolean;
  createdAt: string;
  committedAt: string | null;
  assignments: { fixed: boolean }[];
  unfilled: { missing: number }[];
  projects: { id: string; title: string }[];
}

export interface PlansData {
  plans: { nodes: PlanSummary[] };
  projects: { nodes: { id: string; title: string; status: string; priority: string; start: string; end: string }[] };
}

export const RUN_PLAN = /* GraphQL */ `
  mutation WebPlanProgramme($poolId: ID!, $projectIds: [ID!]!, $from: LocalDate!, $to: LocalDate!, $keep: Boolean, $name: String!) {
    planProgramme(poolId: $poolId, projectIds: $projectIds, from: $from, to: $to, keepExistingBookings: $keep, timeLimitSeconds: 5, save: { name: $name }) { id }
  }
`;

export interface PlanForm {
  name: string;
  projectIds: string[];
  from: DateParts;
  to: DateParts;
  keep: boolean;
}

export const emptyPlanForm = (): PlanForm => ({ name: '', projectIds: [], from: partsFromIso(null), to: partsFromIso(null), keep: true });

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

export function planFormFrom(body: Record<string, unknown>): PlanForm {
  return {
    name: typeof body.name === 'string' ? body.name : '',
    projectIds: list(body.projectIds),
    from: datePartsFrom(body, 'from'),
    to: datePartsFrom(body, 'to'),
    keep: body.keep !== 'no',
  };
}

export const planVariables = (poolId: string, f: PlanForm) => ({ poolId, projectIds: f.projectIds, from: isoFromParts(f.from), to: isoFromParts(f.to), keep: f.keep, name: f.name.trim() });

const PLAN_FIELDS = {
  'save.name': { id: 'name', label: 'Plan name' },
  projectIds: { id: 'projectIds', label: 'Projects' },
  from: { id: 'from-day', label: 'Start date' },
  to: { id: 'to-day', label: 'End date' },
};

export function planErrors(f: PlanForm, errors: readonly OperationError[]): FormErrors {
  const out = noErrors();
  // What the API cannot be asked without (a required argument), asked for GOV.UK's way.
  if (!f.name.trim()) addFieldError(out, PLAN_FIELDS['save.name'], 'Enter a name for the plan');
  if (!f.projectIds.length) addFieldError(out, PLAN_FIELDS.projectIds, 'Select at least one project');
  if (noDate(f.from)) addFieldError(out, PLAN_FIELDS.from, 'Enter the start date');
  if (noDate(f.to)) addFieldError(out, PLAN_FIELDS.to, 'Enter the end date');
  if (out.summary.length) return out;
  return formErrorsFrom(withDateMessages(errors), PLAN_FIELDS, { 'save.name': 'Plan name must be unique in the pool and not empty' });
}

export const planMissingRequired = (f: PlanForm) => !f.name.trim() || !f.projectIds.length || noDate(f.from) || noDate(f.to);

const planRow = (p: PlanSummary) => ({
  id: p.id,
  name: p.name,
  href: `/pool/plans/${encodeURIComponent(p.id)}`,
  status: statusTag(p.status),
  period: formatPeriod(p.from, p.to),
  projects: p.projects.map((x) => x.title).join(', '),
  assignments: p.assignments.length,
  newAssignments: p.assignments.filter((a) => !a.fixed).length,
  unfilled: p.unfilled.reduce((n, u) => n + u.missing, 0),
  objective: figure(p.objective),
});

export function plansView(pool: { name: string }, data: PlansData, form: PlanForm, errors: FormErrors, done: string | null, compare: { a: string; b: string } = { a: '', b: '' }) {
  const plans = data.plans.nodes.map(planRow);
  const options = (selected: string) => [{ value: '', text: 'Choose a plan' }, ...plans.map((p) => ({ value: p.id, text: `${p.name} (${p.status.text.toLowerCase()})`, selected: p.id === selected }))];
  return {
    pageTitle: 'Programme plans',
    poolName: pool.name,
    done,
    plans,
    compareA: options(compare.a || plans.at(-2)?.id || ''),
    compareB: options(compare.b || plans.at(-1)?.id || ''),
    projectItems: data.projects.nodes.map((p) => ({
      value: p.id,
      text: p.title,
      hint: { text: `${humanise(p.status)}, ${humanise(p.priority).toLowerCase()} priority, ${formatPeriod(p.start, p.end)}` },
      checked: form.projectIds.includes(p.id),
    })),
    form: { ...form, fromItems: dateItems(form.from, Boolean(errors.fields['from-day'])), toItems: dateItems(form.to, Boolean(errors.fields['to-day'])) },
    errors,
  };
}

export const PLANS_DONE = { committed: 'Plan committed: its bookings have been made' };

const ASSIGNMENT = `
  slot { id roleLevel { name } } project { id title } practitioner { label homeCouncil { name } }
  start end daysPerWeek score fixed booking { id status agreement { id status } }
`;

const PLAN_DETAIL = `
  ${PLAN_SUMMARY}
  objectiveBreakdown { term value }
  solver { method status gap ms }
  assignments { ${ASSIGNMENT} }
  unfilled { slot { roleLevel { name } } project { title } missing reasons { message } }
  releasedBookings { id practitioner { name } project { title } }
`;

export const PLAN_QUERY = /* GraphQL */ `query WebPlan($id: ID!) { plan(id: $id) { ${PLAN_DETAIL} } }`;

interface Assignment {
  slot: { id: string; roleLevel: { name: string } };
  project: { id: string; title: string };
  practitioner: { label: string; homeCouncil: { name: string } };
  start: string;
  end: string;
  daysPerWeek: number;
  score: number;
  fixed: boolean;
  booking: { id: string; status: string; agreement: { id: string; status: string } | null } | null;
}

export interface PlanDetail extends PlanSummary {
  objectiveBreakdown: { term: string; value: number }[];
  solver: { method: string; status: string; gap: number | null; ms: number };
  assignments: Assignment[];
  unfilled: { slot: { roleLevel: { name: string } }; project: { title: string }; missing: number; reasons: { message: string }[] }[];
  releasedBookings: { id: string; practitioner: { name: string }; project: { title: string } }[];
}

export const COMMIT_PLAN = /* GraphQL */ `mutation WebCommitPlan($id: ID!) { commitPlan(id: $id) { id status } }`;

const assignmentRow = (a: Assignment) => ({
  project: a.project.title,
  role: a.slot.roleLevel.name,
  person: a.practitioner.label,
  home: a.practitioner.homeCouncil.name,
  period: formatPeriod(a.start, a.end),
  daysPerWeek: days(a.daysPerWeek),
  score: figure(a.score),
  fixed: a.fixed,
  booking: a.booking ? { status: statusTag(a.booking.status), documentHref: a.booking.agreement ? `/agreements/${encodeURIComponent(a.booking.agreement.id)}/document.html` : null } : null,
});

export function planSummaryRows(p: PlanDetail) {
  const row = (k: string, v: string) => ({ key: { text: k }, value: { text: v } });
  return [
    row('Status', humanise(p.status)),
    row('Period', formatPeriod(p.from, p.to)),
    row('Projects', p.projects.map((x) => x.title).join(', ')),
    row('Existing bookings', p.keepExistingBookings ? 'Kept as they are' : 'Planned afresh'),
    row('Assignments', `${p.assignments.length} (${p.assignments.filter((a) => !a.fixed).length} new)`),
    row('Positions left open', String(p.unfilled.reduce((n, u) => n + u.missing, 0))),
    row('Score', figure(p.objective)),
    row('Solver', `${humanise(p.solver.method)}, ${humanise(p.solver.status).toLowerCase()}${p.solver.gap !== null ? `, gap ${figure(p.solver.gap * 100)}%` : ''}`),
  ];
}

export function planView(p: PlanDetail, done: string | null, errors: FormErrors = noErrors()) {
  return {
    pageTitle: p.name,
    done,
    id: p.id,
    name: p.name,
    status: statusTag(p.status),
    committable: p.status === 'DRAFT',
    summary: planSummaryRows(p),
    assignments: p.assignments.map(assignmentRow),
    unfilled: p.unfilled.map((u) => ({ project: u.project.title, role: u.slot.roleLevel.name, missing: u.missing, reasons: u.reasons.map((r) => r.message).join(' ') })),
    released: p.releasedBookings.map((b) => `${b.practitioner.name}: ${b.project.title}`),
    newCount: p.assignments.filter((a) => !a.fixed).length,
    committedAt: p.committedAt ? formatDate(p.committedAt) : null,
    errors,
  };
}

export const COMPARE_QUERY = /* GraphQL */ `
  query WebComparePlans($a: ID!, $b: ID!) {
    comparePlans(a: $a, b: $b) {
      a { ${PLAN_DETAIL} }
      b { ${PLAN_DETAIL} }
      objectiveDelta unfilledSlotsDelta unfilledPositionsDelta
      added { ${ASSIGNMENT} }
      removed { ${ASSIGNMENT} }
      changed { before { ${ASSIGNMENT} } after { ${ASSIGNMENT} } }
    }
  }
`;

export interface CompareData {
  comparePlans: {
    a: PlanDetail;
    b: PlanDetail;
    objectiveDelta: number;
    unfilledSlotsDelta: number;
    unfilledPositionsDelta: number;
    added: Assignment[];
    removed: Assignment[];
    changed: { before: Assignment; after: Assignment }[];
  };
}

const signed = (n: number) => (n > 0 ? `+${figure(n)}` : figure(n));

export function compareView(data: CompareData) {
  const c = data.comparePlans;
  const side = (p: PlanDetail) => ({ id: p.id, name: p.name, href: `/pool/plans/${encodeURIComponent(p.id)}`, status: statusTag(p.status), summary: planSummaryRows(p), assignments: p.assignments.map(assignmentRow) });
  return {
    pageTitle: `Compare ${c.a.name} and ${c.b.name}`,
    a: side(c.a),
    b: side(c.b),
    differences: [
      { key: { text: 'Score' }, value: { text: `${signed(c.objectiveDelta)} (${figure(c.a.objective)} to ${figure(c.b.objective)})` } },
      { key: { text: 'Slots left unfilled' }, value: { text: signed(c.unfilledSlotsDelta) } },
      { key: { text: 'Positions left open' }, value: { text: signed(c.unfilledPositionsDelta) } },
      { key: { text: 'Assignments only in the second plan' }, value: { text: String(c.added.length) } },
      { key: { text: 'Assignments only in the first plan' }, value: { text: String(c.removed.length) } },
      { key: { text: 'Same person and slot, changed' }, value: { text: String(c.changed.length) } },
    ],
    added: c.added.map(assignmentRow),
    removed: c.removed.map(assignmentRow),
    changed: c.changed.map((x) => ({ ...assignmentRow(x.after), before: `${formatPeriod(x.before.start, x.before.end)}, ${days(x.before.daysPerWeek)}, score ${figure(x.before.score)}` })),
  };
}

// ---- Agreements queue ------------------------------------------------------------

export const POOL_AGREEMENTS_QUERY = /* GraphQL */ `
  query WebPoolAgreements($poolId: ID!, $statuses: [AgreementStatus!]) {
    agreements(filter: { poolId: $poolId, statuses: $statuses }, first: 200) {
      totalCount
      nodes {
        id status practitioner { name } project { title } homeCouncil { name } hostCouncils { name }
        terms { start end daysPerWeek }
        pendingVersion { version changeSummary }
        awaiting { kind council { name } } myParties { kind }
      }
    }
  }
`;

interface QueueAgreement {
  id: string;
  status: string;
  practitioner: { name: string };
  project: { title: string };
  homeCouncil: { name: string };
  hostCouncils: { name: string }[];
  terms: { start: string; end: string; daysPerWeek: number };
  pendingVersion: { version: number; changeSummary: string } | null;
  awaiting: { kind: string; council: { name: string } | null }[];
  myParties: { kind: string }[];
}

export interface PoolAgreementsData {
  agreements: { totalCount: number; nodes: QueueAgreement[] };
}

export const LEAD_APPROVE = /* GraphQL */ `mutation WebLeadApprove($id: ID!) { approveAgreement(id: $id, as: PROGRAMME_LEAD) { id status } }`;
export const LEAD_DECLINE = /* GraphQL */ `mutation WebLeadDecline($id: ID!, $reason: String!) { declineAgreement(id: $id, reason: $reason, as: PROGRAMME_LEAD) { id status } }`;

const PARTY: Record<string, string> = { PRACTITIONER: 'the practitioner', HOME_COUNCIL: 'home council', HOST_COUNCIL: 'host council', PROGRAMME_LEAD: 'the pool (you)' };

const awaitsLead = (a: QueueAgreement) => a.awaiting.some((p) => p.kind === 'PROGRAMME_LEAD') && a.myParties.some((p) => p.kind === 'PROGRAMME_LEAD');

export function agreementsQueueView(pool: { name: string }, data: PoolAgreementsData, done: string | null, errors: FormErrors = noErrors(), declining: { id: string; reason: string } | null = null) {
  const row = (a: QueueAgreement) => ({
    id: a.id,
    practitioner: a.practitioner.name,
    project: a.project.title,
    councils: `From ${a.homeCouncil.name} to ${a.hostCouncils.map((c) => c.name).join(', ')}`,
    placement: `${formatPeriod(a.terms.start, a.terms.end)}, ${days(a.terms.daysPerWeek)} a week`,
    status: statusTag(a.status),
    version: a.pendingVersion && a.pendingVersion.version > 1 ? `Amendment (version ${a.pendingVersion.version}): ${a.pendingVersion.changeSummary}` : a.status === 'DRAFT' ? 'Draft: contacts still to name' : 'New placement',
    awaiting: a.awaiting.map((p) => (p.council ? `${p.council.name} (${PARTY[p.kind]})` : PARTY[p.kind] ?? humanise(p.kind))).join(', '),
    documentHref: `/agreements/${encodeURIComponent(a.id)}/document.html`,
    canDecide: awaitsLead(a),
    declining: declining?.id === a.id,
  });
  const rows = data.agreements.nodes.map(row);
  return {
    pageTitle: 'Agreements',
    poolName: pool.name,
    done,
    mine: rows.filter((r) => r.canDecide),
    others: rows.filter((r) => !r.canDecide),
    reason: declining?.reason ?? '',
    errors,
  };
}

export const AGREEMENTS_DONE = { approved: 'Agreement approved', declined: 'Agreement declined' };

export function leadDeclineErrors(id: string, errors: readonly OperationError[]): FormErrors {
  return formErrorsFrom(errors, { reason: { id: `reason-${id}`, label: 'Reason' } }, { reason: 'Enter why the pool declines the agreement' });
}

// ---- Ledger -------------------------------------------------------------------------

export const POOL_LEDGER_QUERY = /* GraphQL */ `
  query WebPoolLedger($poolId: ID!, $from: LocalDate!, $to: LocalDate!) {
    poolLedger(poolId: $poolId, from: $from, to: $to) {
      from to pool { name }
      councils { council { gssCode name } daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence }
      totals { daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence }
    }
  }
`;

interface Balance {
  daysGiven: number;
  daysReceived: number;
  net: number;
  chargesPaidPence: number;
  chargesReceivedPence: number;
  backfillReceivedPence: number;
}

export interface PoolLedgerData {
  poolLedger: { from: string; to: string; pool: { name: string }; councils: (Balance & { council: { gssCode: string; name: string } })[]; totals: Balance };
}

/** The calendar year of `today` (YYYY-MM-DD), the ledger's default period. */
export const yearOf = (today: string) => ({ from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` });

const CHART = { width: 720, labelWidth: 230, barHeight: 14, gap: 4, rowGap: 14, top: 30, valueWidth: 60 };

/**
 * A horizontal bar chart, drawn on the server: for each council with any days,
 * a bar for days given and one for days received, each labelled with its value
 * (so nothing depends on telling the colours apart). Coordinates only: the
 * template draws it.
 */
export function ledgerChart(councils: PoolLedgerData['poolLedger']['councils']) {
  const active = councils.filter((c) => c.daysGiven > 0 || c.daysReceived > 0);
  const max = Math.max(1, ...active.flatMap((c) => [c.daysGiven, c.daysReceived]));
  const plot = CHART.width - CHART.labelWidth - CHART.valueWidth;
  const rowHeight = CHART.barHeight * 2 + CHART.gap + CHART.rowGap;
  const rows = active.map((c, i) => {
    const y = CHART.top + i * rowHeight;
    const bar = (v: number, dy: number) => ({ x: CHART.labelWidth, y: y + dy, width: Math.max(v > 0 ? 1 : 0, Math.round((v / max) * plot)), height: CHART.barHeight, value: figure(v), textX: CHART.labelWidth + Math.round((v / max) * plot) + 6, textY: y + dy + CHART.barHeight - 3 });
    return { name: c.council.name, labelY: y + CHART.barHeight + 3, given: bar(c.daysGiven, 0), received: bar(c.daysReceived, CHART.barHeight + CHART.gap) };
  });
  return { width: CHART.width, height: CHART.top + rows.length * rowHeight, labelWidth: CHART.labelWidth, rows, max: figure(max) };
}

export function ledgerView(data: PoolLedgerData, form: { from: DateParts; to: DateParts }, errors: FormErrors) {
  const l = data.poolLedger;
  const money = (b: Balance) => ({ paid: pounds(b.chargesPaidPence), income: pounds(b.chargesReceivedPence), backfill: pounds(b.backfillReceivedPence) });
  const chart = ledgerChart(l.councils);
  return {
    pageTitle: 'Pool ledger',
    poolName: l.pool.name,
    period: formatPeriod(l.from, l.to),
    chart,
    chartSummary: `${plural(chart.rows.length, 'council', 'councils')} gave or received days from ${formatDate(l.from)} to ${formatDate(l.to)}; ${figure(l.totals.daysGiven)} days in all.`,
    rows: l.councils.map((c) => ({ name: c.council.name, given: figure(c.daysGiven), received: figure(c.daysReceived), net: figure(c.net), ...money(c) })),
    totals: { given: figure(l.totals.daysGiven), received: figure(l.totals.daysReceived), net: figure(l.totals.net), ...money(l.totals) },
    form: { fromItems: dateItems(form.from, Boolean(errors.fields['from-day'])), toItems: dateItems(form.to, Boolean(errors.fields['to-day'])) },
    errors,
  };
}

export function ledgerErrors(errors: readonly OperationError[]): FormErrors {
  return formErrorsFrom(withDateMessages(errors), { from: { id: 'from-day', label: 'Start date' }, to: { id: 'to-day', label: 'End date' } });
}

// ---- Central contracts ----------------------------------------------------------------

export const CONTRACT_STATUSES = ['PROPOSED', 'APPROVED', 'ACTIVE', 'ENDED'] as const;

export const POOL_CONTRACTS_QUERY = /* GraphQL */ `
  query WebPoolContracts($poolId: ID!, $statuses: [CentralContractStatus!]) {
    centralContracts(filter: { poolId: $poolId, statuses: $statuses }, first: 200) {
      totalCount
      nodes { id practitioner { name } homeCouncil { name } daysPerWeek start end recallNoticeWeeks status nextStatuses }
    }
  }
`;

interface ContractRow {
  id: string;
  practitioner: { name: string };
  homeCouncil: { name: string };
  daysPerWeek: number;
  start: string;
  end: string;
  recallNoticeWeeks: number;
  status: string;
  nextStatuses: string[];
}

export interface PoolContractsData {
  centralContracts: { totalCount: number; nodes: ContractRow[] };
}

export const TRANSITION_CONTRACT = /* GraphQL */ `
  mutation WebTransitionContract($id: ID!, $to: CentralContractStatus!) { transitionCentralContract(id: $id, to: $to) { id status } }
`;

/** The lead's button for a move: ending a proposal withdraws it. */
export function transitionLabel(from: string, to: string): string {
  if (to === 'ACTIVE') return 'Activate';
  if (to === 'APPROVED') return 'Approve';
  if (to === 'ENDED') return from === 'PROPOSED' ? 'Withdraw' : 'End';
  return humanise(to);
}

export function contractsView(pool: { name: string }, data: PoolContractsData, status: string | null, done: string | null, errors: FormErrors = noErrors()) {
  return {
    pageTitle: 'Central contracts',
    poolName: pool.name,
    done,
    status,
    shown: data.centralContracts.nodes.length,
    total: data.centralContracts.totalCount,
    filters: [{ value: '', text: 'Every status', selected: !status }, ...CONTRACT_STATUSES.map((s) => ({ value: s, text: humanise(s), selected: s === status }))],
    rows: data.centralContracts.nodes.map((c) => ({
      id: c.id,
      practitioner: c.practitioner.name,
      home: c.homeCouncil.name,
      days: `${days(c.daysPerWeek)} a week`,
      period: formatPeriod(c.start, c.end),
      status: statusTag(c.status),
      moves: c.nextStatuses.map((to) => ({ to, label: transitionLabel(c.status, to), warning: to === 'ENDED' })),
    })),
    errors,
  };
}

export const CONTRACTS_DONE = { proposed: 'Contract proposed: the home council’s requester can now approve it', moved: 'Contract updated' };

export const POOL_PRACTITIONERS_QUERY = /* GraphQL */ `
  query WebPoolPractitioners($poolId: ID!) {
    practitioners(filter: { poolId: $poolId }, first: 200) { totalCount nodes { id name homeCouncil { name } roleLevel { name } } }
  }
`;

export interface PoolPractitionersData {
  practitioners: { totalCount: number; nodes: { id: string; name: string; homeCouncil: { name: string }; roleLevel: { name: string } }[] };
}

export const PROPOSE_CONTRACT = /* GraphQL */ `
  mutation WebProposeContract($input: ProposeCentralContractInput!) { proposeCentralContract(input: $input) { id } }
`;

export interface ContractForm {
  practitionerId: string;
  daysPerWeek: string;
  start: DateParts;
  end: DateParts;
  recallNoticeWeeks: string;
  guaranteedReleaseDays: string;
}

export const emptyContractForm = (): ContractForm => ({ practitionerId: '', daysPerWeek: '', start: partsFromIso(null), end: partsFromIso(null), recallNoticeWeeks: '4', guaranteedReleaseDays: '0' });

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function contractFormFrom(body: Record<string, unknown>): ContractForm {
  return {
    practitionerId: str(body.practitionerId),
    daysPerWeek: str(body.daysPerWeek),
    start: datePartsFrom(body, 'start'),
    end: datePartsFrom(body, 'end'),
    recallNoticeWeeks: str(body.recallNoticeWeeks),
    guaranteedReleaseDays: str(body.guaranteedReleaseDays),
  };
}

const CONTRACT_FIELDS = {
  'input.practitionerId': { id: 'practitionerId', label: 'Practitioner' },
  'input.daysPerWeek': { id: 'daysPerWeek', label: 'Days a week' },
  'input.start': { id: 'start-day', label: 'Start date' },
  'input.end': { id: 'end-day', label: 'End date' },
  'input.recallNoticeWeeks': { id: 'recallNoticeWeeks', label: 'Recall notice' },
  'input.guaranteedReleaseDays': { id: 'guaranteedReleaseDays', label: 'Days the home council keeps' },
};

/** The numbers as typed, as numbers when they are numbers; anything else fails here with the field's path, as the API would say. */
export function contractInput(poolId: string, f: ContractForm): { input: Record<string, unknown> | null; errors: FormErrors } {
  const errors = noErrors();
  if (!f.practitionerId) addFieldError(errors, CONTRACT_FIELDS['input.practitionerId'], 'Select a practitioner');
  const num = (v: string, field: keyof typeof CONTRACT_FIELDS, what: string, integer = false) => {
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      addFieldError(errors, CONTRACT_FIELDS[field], `Enter ${what} as a ${integer ? 'whole number' : 'number'}`);
      return null;
    }
    return n;
  };
  const daysPerWeek = num(f.daysPerWeek, 'input.daysPerWeek', 'the days a week');
  if (noDate(f.start)) addFieldError(errors, CONTRACT_FIELDS['input.start'], 'Enter the start date');
  if (noDate(f.end)) addFieldError(errors, CONTRACT_FIELDS['input.end'], 'Enter the end date');
  const recallNoticeWeeks = num(f.recallNoticeWeeks, 'input.recallNoticeWeeks', 'the recall notice in weeks', true);
  const guaranteedReleaseDays = num(f.guaranteedReleaseDays, 'input.guaranteedReleaseDays', 'the days the home council keeps');
  if (errors.summary.length) return { input: null, errors };
  return { input: { practitionerId: f.practitionerId, poolId, daysPerWeek, start: isoFromParts(f.start), end: isoFromParts(f.end), recallNoticeWeeks, guaranteedReleaseDays }, errors };
}

export const proposeErrors = (errors: readonly OperationError[]) => formErrorsFrom(withDateMessages(errors), CONTRACT_FIELDS);

export function proposeView(pool: { name: string }, data: PoolPractitionersData, f: ContractForm, errors: FormErrors) {
  return {
    pageTitle: 'Propose a central contract',
    poolName: pool.name,
    practitioners: [
      { value: '', text: 'Choose a practitioner' },
      ...[...data.practitioners.nodes].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ value: p.id, text: `${p.name}, ${p.roleLevel.name} (${p.homeCouncil.name})`, selected: p.id === f.practitionerId })),
    ],
    more: data.practitioners.totalCount > data.practitioners.nodes.length,
    form: { ...f, startItems: dateItems(f.start, Boolean(errors.fields['start-day'])), endItems: dateItems(f.end, Boolean(errors.fields['end-day'])) },
    errors,
  };
}
