// A council requester's projects: the list by status, the project form (its
// fields), the slot form, check your answers, and the project page with each
// slot's candidates. Query strings and plain mappings only: the rules (who may
// edit, which status comes next) are the API's (Project.editable, nextStatuses).
import { SERVICE_AREAS } from '../../reference/service-areas.ts';
import type { FormErrors } from './form-errors.ts';

// ---- labels -------------------------------------------------------------

export const STATUS_ORDER = ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED', 'CANCELLED'] as const;

export const STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  APPROVED: 'Approved',
  STAFFING: 'Staffing',
  STAFFED: 'Staffed',
  ACTIVE: 'Active',
  CLOSED: 'Closed',
  CANCELLED: 'Cancelled',
};

/** govuk-tag colour classes by status. */
export const STATUS_TAG_CLASSES: Record<string, string> = {
  DRAFT: 'govuk-tag--grey',
  SUBMITTED: 'govuk-tag--blue',
  APPROVED: 'govuk-tag--turquoise',
  STAFFING: 'govuk-tag--yellow',
  STAFFED: 'govuk-tag--purple',
  ACTIVE: 'govuk-tag--green',
  CLOSED: 'govuk-tag--grey',
  CANCELLED: 'govuk-tag--red',
};

export const PHASE_LABELS: Record<string, string> = { DISCOVERY: 'Discovery', ALPHA: 'Alpha', BETA: 'Beta', LIVE: 'Live' };
export const PRIORITY_LABELS: Record<string, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' };
export const WORK_LABELS: Record<string, string> = { REMOTE: 'Remote', HYBRID: 'Hybrid', ONSITE: 'On site at the host council' };
export const PROFICIENCY_LABELS: Record<string, string> = { AWARENESS: 'Awareness', WORKING: 'Working', PRACTITIONER: 'Practitioner', EXPERT: 'Expert' };
export const ACTION_LABELS: Record<string, string> = {
  create: 'Created',
  submit: 'Submitted for review',
  withdraw: 'Withdrawn',
  'return-to-draft': 'Returned to draft',
  approve: 'Approved',
  'start-staffing': 'Staffing started',
  'mark-staffed': 'Marked as staffed',
  'reopen-staffing': 'Staffing reopened',
  activate: 'Started',
  close: 'Closed',
  cancel: 'Cancelled',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2027-01-04" -> "4 January 2027" (GOV.UK date style). */
export function longDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!m) return iso ?? '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A DateTime as "4 January 2027 at 9:30am" in UTC (the service's times are UTC). */
export function longDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = d.getUTCHours();
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${longDate(d.toISOString())} at ${h % 12 || 12}:${mm}${h < 12 ? 'am' : 'pm'}`;
}

export const daysText = (d: number) => `${d} ${d === 1 ? 'day' : 'days'}`;

// ---- queries ------------------------------------------------------------

const PROJECT_FIELDS = /* GraphQL */ `
  id title outcome serviceArea phase start end priority onSiteExpectation status editable nextStatuses
  pool { id name }
  leadCouncil { gssCode name }
  councils { gssCode name }
  slots {
    id daysPerWeek start end headcount requiredFromRoleLevel
    roleLevel { id name }
    required { skill { id name } proficiency }
    desired { skill { id name } proficiency }
  }
`;

export const PROJECTS_QUERY = /* GraphQL */ `
  query WebCouncilProjects($filter: ProjectFilter, $after: String) {
    projects(filter: $filter, first: 200, after: $after) {
      nodes { id title status start end phase leadCouncil { gssCode name } slots { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const PROJECT_QUERY = /* GraphQL */ `
  query WebCouncilProject($id: ID!) {
    project(id: $id) {
      ${PROJECT_FIELDS}
      statusHistory { from to action at note by { name } }
    }
  }
`;

/** What the project form offers: the pools whose footprint includes the requester's council, and their councils. */
export const PROJECT_FORM_QUERY = /* GraphQL */ `
  query WebCouncilProjectForm {
    me { council { gssCode name } }
    pools { id name footprint { gssCode name } }
  }
`;

export const ROLE_LEVELS_QUERY = /* GraphQL */ `
  query WebCouncilRoleLevels {
    roleFamilies { id name roles { id name levels { id name } } }
  }
`;

export const ROLE_LEVEL_SKILLS_QUERY = /* GraphQL */ `
  query WebCouncilRoleLevelSkills($id: ID!) {
    roleLevel(id: $id) { id name expectedSkills { skill { id name } proficiency } }
  }
`;

export const CREATE_PROJECT = /* GraphQL */ `
  mutation WebCreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }
`;
export const UPDATE_PROJECT = /* GraphQL */ `
  mutation WebUpdateProject($id: ID!, $input: UpdateProjectInput!) { updateProject(id: $id, input: $input) { id } }
`;
export const ADD_SLOT = /* GraphQL */ `
  mutation WebAddSlot($projectId: ID!, $input: SlotInput!) { addProjectSlot(projectId: $projectId, input: $input) { id slots { id } } }
`;
export const UPDATE_SLOT = /* GraphQL */ `
  mutation WebUpdateSlot($projectId: ID!, $slotId: ID!, $input: UpdateSlotInput!) {
    updateProjectSlot(projectId: $projectId, slotId: $slotId, input: $input) { id }
  }
`;
export const REMOVE_SLOT = /* GraphQL */ `
  mutation WebRemoveSlot($projectId: ID!, $slotId: ID!) { removeProjectSlot(projectId: $projectId, slotId: $slotId) { id } }
`;
export const TRANSITION_PROJECT = /* GraphQL */ `
  mutation WebTransitionProject($id: ID!, $to: ProjectStatus!, $note: String) { transitionProject(id: $id, to: $to, note: $note) { id status } }
`;

export const SLOT_CANDIDATES_QUERY = /* GraphQL */ `
  query WebSlotCandidates($projectId: ID!, $slotId: ID!) {
    slotCandidates(projectId: $projectId, slotId: $slotId, limit: 10) {
      eligibleCount partialCount
      candidates { rank score levelStep practitioner { label identified homeCouncil { name } } }
      partialFits { score fitWeeks failingWeeks practitioner { label identified homeCouncil { name } } }
    }
  }
`;

// ---- data shapes ----------------------------------------------------------

export interface SkillReq {
  skill: { id: string; name: string };
  proficiency: string;
}

export interface SlotData {
  id: string;
  daysPerWeek: number;
  start: string;
  end: string;
  headcount: number;
  requiredFromRoleLevel: boolean;
  roleLevel: { id: string; name: string };
  required: SkillReq[];
  desired: SkillReq[];
}

export interface ProjectData {
  id: string;
  title: string;
  outcome: string;
  serviceArea: string;
  phase: string;
  start: string;
  end: string;
  priority: string;
  onSiteExpectation: string;
  status: string;
  editable: boolean;
  nextStatuses: string[];
  pool: { id: string; name: string };
  leadCouncil: { gssCode: string; name: string };
  councils: { gssCode: string; name: string }[];
  slots: SlotData[];
  statusHistory?: { from: string | null; to: string; action: string; at: string; note: string | null; by: { name: string } | null }[];
}

export interface ProjectListItem {
  id: string;
  title: string;
  status: string;
  start: string;
  end: string;
  phase: string;
  leadCouncil: { gssCode: string; name: string };
  slots: { id: string }[];
}

export interface ProjectFormData {
  me: { council: { gssCode: string; name: string } | null };
  pools: { id: string; name: string; footprint: { gssCode: string; name: string }[] }[];
}

export interface RoleLevelsData {
  roleFamilies: { id: string; name: string; roles: { id: string; name: string; levels: { id: string; name: string }[] }[] }[];
}

export interface CandidateData {
  eligibleCount: number;
  partialCount: number;
  candidates: { rank: number; score: number; levelStep: number; practitioner: { label: string; identified: boolean; homeCouncil: { name: string } } }[];
  partialFits: { score: number; fitWeeks: number; failingWeeks: string[]; practitioner: { label: string; identified: boolean; homeCouncil: { name: string } } }[];
}

// ---- the list by status ----------------------------------------------------

export interface StatusGroup {
  status: string;
  label: string;
  tagClass: string;
  rows: { id: string; title: string; href: string; leadCouncil: string; dates: string; phase: string; slots: number; lead: boolean }[];
}

/** Every status in life-cycle order, each with its projects (title order); empty groups included so the tabs stay put. */
export function projectGroups(projects: readonly ProjectListItem[], councilId: string | null): StatusGroup[] {
  return STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_LABELS[status]!,
    tagClass: STATUS_TAG_CLASSES[status]!,
    rows: projects
      .filter((p) => p.status === status)
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((p) => ({
        id: p.id,
        title: p.title,
        href: `/projects/${encodeURIComponent(p.id)}`,
        leadCouncil: p.leadCouncil.name,
        dates: `${longDate(p.start)} to ${longDate(p.end)}`,
        phase: PHASE_LABELS[p.phase] ?? p.phase,
        slots: p.slots.length,
        lead: p.leadCouncil.gssCode === councilId,
      })),
  }));
}

// ---- forms: what the user typed ----------------------------------------------

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface ProjectFormValues {
  title: string;
  outcome: string;
  serviceArea: string;
  phase: string;
  priority: string;
  onSiteExpectation: string;
  poolId: string;
  councilIds: string[];
  start: DateParts;
  end: DateParts;
}

export interface SlotFormValues {
  roleLevelId: string;
  daysPerWeek: string;
  headcount: string;
  start: DateParts;
  end: DateParts;
}

type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim();
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

export const dateParts = (body: Body, name: string): DateParts => ({ day: str(body[`${name}-day`]), month: str(body[`${name}-month`]), year: str(body[`${name}-year`]) });

export const partsOf = (iso: string | null | undefined): DateParts => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' };
};

export const isBlankDate = (p: DateParts) => !p.day && !p.month && !p.year;

/**
 * The ISO date the parts make, or null when they are not a real date
 * (the page then says "enter a real date": the API never sees it).
 */
export function isoDate(p: DateParts): string | null {
  if (!/^\d{1,2}$/.test(p.day) || !/^\d{1,2}$/.test(p.month) || !/^\d{4}$/.test(p.year)) return null;
  const [d, m, y] = [Number(p.day), Number(p.month), Number(p.year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export function projectFormValues(body: Body): ProjectFormValues {
  return {
    title: str(body.title),
    outcome: str(body.outcome),
    serviceArea: str(body.serviceArea),
    phase: str(body.phase),
    priority: str(body.priority),
    onSiteExpectation: str(body.onSiteExpectation),
    poolId: str(body.poolId),
    councilIds: list(body.councilIds),
    start: dateParts(body, 'start'),
    end: dateParts(body, 'end'),
  };
}

export function projectFormValuesOf(p: ProjectData): ProjectFormValues {
  return {
    title: p.title,
    outcome: p.outcome,
    serviceArea: p.serviceArea,
    phase: p.phase,
    priority: p.priority,
    onSiteExpectation: p.onSiteExpectation,
    poolId: p.pool.id,
    councilIds: p.councils.filter((c) => c.gssCode !== p.leadCouncil.gssCode).map((c) => c.gssCode),
    start: partsOf(p.start),
    end: partsOf(p.end),
  };
}

export function slotFormValues(body: Body): SlotFormValues {
  return { roleLevelId: str(body.roleLevelId), daysPerWeek: str(body.daysPerWeek), headcount: str(body.headcount), start: dateParts(body, 'start'), end: dateParts(body, 'end') };
}

export function slotFormValuesOf(s: SlotData): SlotFormValues {
  return { roleLevelId: s.roleLevel.id, daysPerWeek: String(s.daysPerWeek), headcount: String(s.headcount), start: partsOf(s.start), end: partsOf(s.end) };
}

/** Problems the page finds before asking the API: missing choices and dates that are not dates. */
export interface LocalProblem {
  id: string;
  text: string;
}

/**
 * The createProject/updateProject input from the form. Empty choices are
 * left out (the API then answers for a missing field, or the page does, as a
 * GraphQL variable of an enum type cannot be ""); blank or impossible dates
 * are the page's own errors.
 */
export function projectInput(v: ProjectFormValues): { input: Record<string, unknown>; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const choice = (id: string, value: string, text: string) => {
    if (!value) problems.push({ id, text });
    return value || undefined;
  };
  const date = (id: string, parts: DateParts, label: string) => {
    if (isBlankDate(parts)) problems.push({ id: `${id}-day`, text: `Enter the ${label}` });
    else {
      const iso = isoDate(parts);
      if (!iso) problems.push({ id: `${id}-day`, text: `The ${label} must be a real date` });
      return iso ?? undefined;
    }
    return undefined;
  };
  const input: Record<string, unknown> = {
    title: v.title,
    outcome: v.outcome,
    serviceArea: choice('serviceArea', v.serviceArea, 'Select the service area'),
    phase: choice('phase', v.phase, 'Select the phase'),
    start: date('start', v.start, 'start date'),
    end: date('end', v.end, 'end date'),
    priority: choice('priority', v.priority, 'Select the priority'),
    onSiteExpectation: choice('onSiteExpectation', v.onSiteExpectation, 'Select where the work happens'),
    poolId: choice('poolId', v.poolId, 'Select the pool to ask'),
    councilIds: v.councilIds,
  };
  return { input, problems };
}

/** The slot input: numbers and dates checked for shape here, their ranges by the API. Blank dates mean the project's. */
export function slotInput(v: SlotFormValues): { input: Record<string, unknown>; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const input: Record<string, unknown> = {};
  if (!v.roleLevelId) problems.push({ id: 'roleLevelId', text: 'Select the role level' });
  else input.roleLevelId = v.roleLevelId;
  if (!v.daysPerWeek) problems.push({ id: 'daysPerWeek', text: 'Enter the days per week' });
  else if (!/^\d+(\.\d+)?$/.test(v.daysPerWeek)) problems.push({ id: 'daysPerWeek', text: 'Days per week must be a number, like 2 or 2.5' });
  else input.daysPerWeek = Number(v.daysPerWeek);
  if (!v.headcount) input.headcount = 1;
  else if (!/^\d{1,3}$/.test(v.headcount)) problems.push({ id: 'headcount', text: 'How many people must be a whole number, like 2' });
  else input.headcount = Number(v.headcount);
  for (const [name, label] of [
    ['start', 'start date'],
    ['end', 'end date'],
  ] as const) {
    const parts = v[name];
    if (isBlankDate(parts)) continue;
    const iso = isoDate(parts);
    if (iso) input[name] = iso;
    else problems.push({ id: `${name}-day`, text: `The ${label} must be a real date` });
  }
  return { input, problems };
}

/** Local problems first, then the API's (a field has one message: the first wins). */
export function withProblems(errors: FormErrors, problems: readonly LocalProblem[]): FormErrors {
  const out: FormErrors = { summary: [], fields: {} };
  for (const p of problems) {
    if (!out.fields[p.id]) {
      out.fields[p.id] = { text: p.text };
      out.summary.push({ text: p.text, href: `#${p.id}` });
    }
  }
  for (const s of errors.summary) {
    const id = s.href?.slice(1);
    if (id && out.fields[id]) continue;
    if (id) out.fields[id] = errors.fields[id]!;
    out.summary.push(s);
  }
  return out;
}

export const PROJECT_FIELD_MAP = {
  'input.title': { id: 'title', label: 'Title' },
  'input.outcome': { id: 'outcome', label: 'Outcome' },
  'input.serviceArea': { id: 'serviceArea', label: 'Service area' },
  'input.phase': { id: 'phase', label: 'Phase' },
  'input.start': { id: 'start-day', label: 'Start date' },
  'input.end': { id: 'end-day', label: 'End date' },
  'input.priority': { id: 'priority', label: 'Priority' },
  'input.onSiteExpectation': { id: 'onSiteExpectation', label: 'Where the work happens' },
  'input.poolId': { id: 'poolId', label: 'Pool' },
  'input.councilIds': { id: 'councilIds', label: 'Councils' },
};

export const PROJECT_MESSAGES: Record<string, string> = {
  'input.title': 'Enter a title',
  'input.outcome': 'Enter the outcome you want',
};

export const SLOT_FIELD_MAP = {
  'input.roleLevelId': { id: 'roleLevelId', label: 'Role level' },
  'input.daysPerWeek': { id: 'daysPerWeek', label: 'Days per week' },
  'input.headcount': { id: 'headcount', label: 'How many people' },
  'input.start': { id: 'start-day', label: 'Start date' },
  'input.end': { id: 'end-day', label: 'End date' },
  'input.required': { id: 'skills', label: 'Skills' },
  'input.desired': { id: 'skills', label: 'Skills' },
};

// The councilIds path carries an index (input.councilIds.0): map any of them to the checkboxes.
export function projectFieldMap(count: number) {
  const out: Record<string, { id: string; label: string }> = { ...PROJECT_FIELD_MAP };
  for (let i = 0; i < count; i++) out[`input.councilIds.${i}`] = PROJECT_FIELD_MAP['input.councilIds'];
  return out;
}

// ---- form options ---------------------------------------------------------------

const item = (value: string, text: string, selected: string | string[], kind: 'checked' | 'selected' = 'checked') => ({
  value,
  text,
  [kind]: Array.isArray(selected) ? selected.includes(value) : selected === value,
});

export function projectFormOptions(data: ProjectFormData, v: ProjectFormValues) {
  const own = data.me.council?.gssCode ?? '';
  const pools = data.pools.filter((p) => p.footprint.some((c) => c.gssCode === own));
  const councils = new Map<string, string>();
  for (const p of pools) for (const c of p.footprint) if (c.gssCode !== own) councils.set(c.gssCode, c.name);
  return {
    ownCouncil: data.me.council?.name ?? '',
    serviceAreas: [{ value: '', text: 'Select a service area', selected: !v.serviceArea }, ...Object.entries(SERVICE_AREAS).map(([k, t]) => item(k, t, v.serviceArea, 'selected'))],
    phases: Object.entries(PHASE_LABELS).map(([k, t]) => item(k, t, v.phase)),
    priorities: Object.entries(PRIORITY_LABELS).map(([k, t]) => item(k, t, v.priority)),
    workOptions: Object.entries(WORK_LABELS).map(([k, t]) => item(k, t, v.onSiteExpectation)),
    pools: pools.map((p) => item(p.id, p.name, v.poolId)),
    councils: [...councils].sort((a, b) => a[1].localeCompare(b[1])).map(([k, t]) => item(k, t, v.councilIds)),
  };
}

/** The role level select: grouped by role family, then role (optgroups are drawn by the template). */
export function roleLevelGroups(data: RoleLevelsData, selected: string) {
  return data.roleFamilies.map((f) => ({
    label: f.name,
    options: f.roles.flatMap((r) => r.levels.map((l) => ({ value: l.id, text: l.name, selected: l.id === selected }))),
  }));
}

export const dateItems = (p: DateParts, hasError: boolean) => [
  { name: 'day', classes: `govuk-input--width-2${hasError ? ' govuk-input--error' : ''}`, value: p.day },
  { name: 'month', classes: `govuk-input--width-2${hasError ? ' govuk-input--error' : ''}`, value: p.month },
  { name: 'year', classes: `govuk-input--width-4${hasError ? ' govuk-input--error' : ''}`, value: p.year },
];

// ---- summaries -------------------------------------------------------------------

export function skillsText(reqs: readonly SkillReq[]): string[] {
  return reqs.map((r) => `${r.skill.name} (${PROFICIENCY_LABELS[r.proficiency] ?? r.proficiency})`);
}

export function slotSummary(s: SlotData) {
  return {
    id: s.id,
    title: s.roleLevel.name,
    rows: [
      { key: 'Role level', value: s.roleLevel.name },
      { key: 'Days per week', value: daysText(s.daysPerWeek) },
      { key: 'Period', value: `${longDate(s.start)} to ${longDate(s.end)}` },
      { key: 'How many people', value: String(s.headcount) },
      {
        key: 'Required skills',
        value: s.required.length ? skillsText(s.required).join(', ') : 'None',
        hint: s.requiredFromRoleLevel ? 'The skills the role level expects' : '',
      },
      { key: 'Desired skills', value: s.desired.length ? skillsText(s.desired).join(', ') : 'None' },
    ],
  };
}

export function projectSummary(p: ProjectData) {
  const others = p.councils.filter((c) => c.gssCode !== p.leadCouncil.gssCode);
  return [
    { key: 'Title', value: p.title, field: 'title' },
    { key: 'Outcome', value: p.outcome, field: 'outcome' },
    { key: 'Service area', value: SERVICE_AREAS[p.serviceArea as keyof typeof SERVICE_AREAS] ?? p.serviceArea, field: 'serviceArea' },
    { key: 'Phase', value: PHASE_LABELS[p.phase] ?? p.phase, field: 'phase' },
    { key: 'Dates', value: `${longDate(p.start)} to ${longDate(p.end)}`, field: 'start-day' },
    { key: 'Priority', value: PRIORITY_LABELS[p.priority] ?? p.priority, field: 'priority' },
    { key: 'Where the work happens', value: WORK_LABELS[p.onSiteExpectation] ?? p.onSiteExpectation, field: 'onSiteExpectation' },
    { key: 'Pool', value: p.pool.name, field: 'poolId' },
    { key: 'Lead council', value: p.leadCouncil.name, field: null },
    { key: 'Other councils', value: others.length ? others.map((c) => c.name).join(', ') : 'None', field: 'councilIds' },
  ];
}

export function statusHistoryRows(p: ProjectData) {
  return (p.statusHistory ?? []).map((h) => ({
    action: ACTION_LABELS[h.action] ?? h.action,
    to: STATUS_LABELS[h.to] ?? h.to,
    tagClass: STATUS_TAG_CLASSES[h.to] ?? '',
    at: longDateTime(h.at),
    by: h.by?.name ?? '',
    note: h.note ?? '',
  }));
}

export const candidateRows = (c: CandidateData) => ({
  eligibleCount: c.eligibleCount,
  partialCount: c.partialCount,
  candidates: c.candidates.map((x) => ({
    rank: x.rank,
    label: x.practitioner.label,
    identified: x.practitioner.identified,
    homeCouncil: x.practitioner.homeCouncil.name,
    score: x.score.toFixed(2),
    level: x.levelStep === 0 ? 'At the level' : x.levelStep > 0 ? 'One level above' : 'One level below',
  })),
  partialFits: c.partialFits.map((x) => ({
    label: x.practitioner.label,
    identified: x.practitioner.identified,
    homeCouncil: x.practitioner.homeCouncil.name,
    score: x.score.toFixed(2),
    weeks: `${x.fitWeeks} of ${x.fitWeeks + x.failingWeeks.length} weeks`,
  })),
});

// ---- a slot's skills -------------------------------------------------------------

export interface SkillRoleLevelData {
  roleLevel: { id: string; name: string; expectedSkills: SkillReq[] };
}

export type SkillNeed = 'required' | 'desired' | 'none';

/** At most this many skills on the page (the role level's expected ones plus those chosen). */
const MAX_SKILL_ROWS = 60;

/**
 * One row per skill: the role level's expected skills, then any other skill
 * the slot already asks for. Each says whether it is required, desired or not
 * needed, and at what proficiency; `body` (a re-rendered form) wins over the slot.
 */
export function skillRowsFor(data: SkillRoleLevelData, slot: SlotData, body: Record<string, unknown> | null) {
  const rows = new Map<string, { id: string; name: string; need: SkillNeed; proficiency: string }>();
  for (const e of data.roleLevel.expectedSkills) rows.set(e.skill.id, { id: e.skill.id, name: e.skill.name, need: 'none', proficiency: e.proficiency });
  for (const r of slot.required) rows.set(r.skill.id, { id: r.skill.id, name: r.skill.name, need: 'required', proficiency: r.proficiency });
  for (const d of slot.desired) rows.set(d.skill.id, { id: d.skill.id, name: d.skill.name, need: 'desired', proficiency: d.proficiency });
  return [...rows.values()].slice(0, MAX_SKILL_ROWS).map((row, i) => {
    const need = body ? str(body[`skill-${i}-need`]) || row.need : row.need;
    const proficiency = body ? str(body[`skill-${i}-proficiency`]) || row.proficiency : row.proficiency;
    return {
      index: i,
      id: row.id,
      name: row.name,
      needItems: (['required', 'desired', 'none'] as const).map((v) => ({ value: v, text: v === 'none' ? 'Not needed' : v === 'required' ? 'Required' : 'Desired', checked: need === v })),
      proficiencyItems: Object.entries(PROFICIENCY_LABELS).map(([k, t]) => ({ value: k, text: t, selected: proficiency === k })),
    };
  });
}

/** updateProjectSlot's required and desired lists from the skills form (no required skill: the role level's own). */
export function skillInputs(body: Record<string, unknown>): { required: SkillReqInput[]; desired: SkillReqInput[] } {
  const required: SkillReqInput[] = [];
  const desired: SkillReqInput[] = [];
  for (let i = 0; i < MAX_SKILL_ROWS; i++) {
    const skillId = str(body[`skill-${i}-id`]);
    if (!skillId) break;
    const need = str(body[`skill-${i}-need`]);
    const proficiency = str(body[`skill-${i}-proficiency`]);
    if (!(proficiency in PROFICIENCY_LABELS)) continue;
    if (need === 'required') required.push({ skillId, proficiency });
    if (need === 'desired') desired.push({ skillId, proficiency });
  }
  return { required, desired };
}

export interface SkillReqInput {
  skillId: string;
  proficiency: string;
}
