// The project status life cycle, pure: which status may follow which, who
// may make each move, and who may edit a project's fields and slots in each
// status. Services load the project, ask this module, and persist.
//
//   DRAFT ──submit──▶ SUBMITTED ──approve──▶ APPROVED ──start-staffing──▶ STAFFING
//     ▲                  │                                                │  ▲
//     └─withdraw / return-to-draft                              mark-staffed  reopen-staffing
//                                                                         ▼  │
//   CLOSED ◀──close── ACTIVE ◀──────────────activate──────────────────── STAFFED
//                       └──────────────reopen-staffing──────────────▶ STAFFING
//
//   cancel: any of DRAFT..STAFFED ──▶ CANCELLED. CLOSED and CANCELLED are final.
import { withArticle } from '../errors.ts';

export const PROJECT_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED', 'CANCELLED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/**
 * How a viewer stands towards one project. Only the first three ever act on
 * its status; the others may at most read it (see project-access.ts).
 */
export const PROJECT_ROLES = ['ADMIN', 'POOL_LEAD', 'LEAD_COUNCIL_REQUESTER', 'CONSORTIUM_REQUESTER', 'PRACTITIONER', 'NONE'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PROJECT_ACTIONS = [
  'submit',
  'return-to-draft',
  'withdraw',
  'approve',
  'start-staffing',
  'mark-staffed',
  'reopen-staffing',
  'activate',
  'close',
  'cancel',
] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export interface TransitionRule {
  action: ProjectAction;
  from: readonly ProjectStatus[];
  to: ProjectStatus;
  /** Who may do it, besides an admin (who may make every legal move). */
  by: readonly ProjectRole[];
  /** The move must say why (the requester needs to know what to change, everyone why it stopped). */
  noteRequired: boolean;
}

// Order matters only where two rules share a from→to pair (SUBMITTED→DRAFT):
// the first rule the actor may use names the action; an admin gets the first.
export const TRANSITION_RULES: readonly TransitionRule[] = [
  { action: 'submit', from: ['DRAFT'], to: 'SUBMITTED', by: ['LEAD_COUNCIL_REQUESTER'], noteRequired: false },
  { action: 'return-to-draft', from: ['SUBMITTED'], to: 'DRAFT', by: ['POOL_LEAD'], noteRequired: true },
  { action: 'withdraw', from: ['SUBMITTED'], to: 'DRAFT', by: ['LEAD_COUNCIL_REQUESTER'], noteRequired: false },
  { action: 'approve', from: ['SUBMITTED'], to: 'APPROVED', by: ['POOL_LEAD'], noteRequired: false },
  { action: 'start-staffing', from: ['APPROVED'], to: 'STAFFING', by: ['POOL_LEAD'], noteRequired: false },
  { action: 'mark-staffed', from: ['STAFFING'], to: 'STAFFED', by: ['POOL_LEAD'], noteRequired: false },
  // Someone recalled or leaving, or a running project needing another role: the lead staffs the gap
  // again (slots can be added and edited while STAFFING), then marks it staffed and active once more.
  { action: 'reopen-staffing', from: ['STAFFED', 'ACTIVE'], to: 'STAFFING', by: ['POOL_LEAD'], noteRequired: false },
  { action: 'activate', from: ['STAFFED'], to: 'ACTIVE', by: ['POOL_LEAD'], noteRequired: false },
  { action: 'close', from: ['ACTIVE'], to: 'CLOSED', by: ['POOL_LEAD', 'LEAD_COUNCIL_REQUESTER'], noteRequired: false },
  {
    action: 'cancel',
    from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING', 'STAFFED'],
    to: 'CANCELLED',
    by: ['LEAD_COUNCIL_REQUESTER', 'POOL_LEAD'],
    noteRequired: true,
  },
];

const byStatusOrder = (a: ProjectStatus, b: ProjectStatus) => PROJECT_STATUSES.indexOf(a) - PROJECT_STATUSES.indexOf(b);
const mayUse = (rule: TransitionRule, role: ProjectRole) => role === 'ADMIN' || rule.by.includes(role);

/** Every status a project may move to next, whoever asks. */
export function nextStatuses(from: ProjectStatus): ProjectStatus[] {
  return [...new Set(TRANSITION_RULES.filter((r) => r.from.includes(from)).map((r) => r.to))].sort(byStatusOrder);
}

/** The statuses this role may move a project to next. */
export function nextStatusesFor(from: ProjectStatus, role: ProjectRole): ProjectStatus[] {
  return [...new Set(TRANSITION_RULES.filter((r) => r.from.includes(from) && mayUse(r, role)).map((r) => r.to))].sort(byStatusOrder);
}

export type TransitionError =
  | { code: 'ILLEGAL_TRANSITION'; message: string; allowed: ProjectStatus[]; allowedForRole: ProjectStatus[] }
  | { code: 'NOT_PERMITTED'; message: string; allowedForRole: ProjectStatus[] }
  | { code: 'NOTE_REQUIRED'; message: string }
  | { code: 'NO_SLOTS'; message: string };

export type TransitionOutcome = { ok: true; action: ProjectAction; from: ProjectStatus; to: ProjectStatus } | { ok: false; error: TransitionError };

export interface TransitionRequest {
  status: ProjectStatus;
  /** How many slots the project has: one is needed to submit. */
  slotCount: number;
  to: ProjectStatus;
  role: ProjectRole;
  note?: string | null;
}

/**
 * Decide one status change. Checks, in order: is the move legal at all
 * (CONFLICT-worthy), may this role make it (FORBIDDEN-worthy), is a needed
 * note there, and is the project ready for it.
 */
export function planTransition(req: TransitionRequest): TransitionOutcome {
  const { status: from, to, role } = req;
  const allowed = nextStatuses(from);
  const allowedForRole = nextStatusesFor(from, role);
  const candidates = TRANSITION_RULES.filter((r) => r.from.includes(from) && r.to === to);
  if (candidates.length === 0) {
    return { ok: false, error: { code: 'ILLEGAL_TRANSITION', message: `${withArticle(from, true)} project cannot become ${to}`, allowed, allowedForRole } };
  }
  const rule = candidates.find((r) => mayUse(r, role));
  if (!rule) {
    return { ok: false, error: { code: 'NOT_PERMITTED', message: `You may not move ${withArticle(from)} project to ${to}`, allowedForRole } };
  }
  if (rule.noteRequired && !req.note?.trim()) {
    return { ok: false, error: { code: 'NOTE_REQUIRED', message: `"${rule.action}" needs a note saying why` } };
  }
  if (rule.action === 'submit' && req.slotCount === 0) {
    return { ok: false, error: { code: 'NO_SLOTS', message: 'Add at least one slot before submitting the project' } };
  }
  return { ok: true, action: rule.action, from, to };
}

// Editing fields and slots. The requester shapes the request while it is a
// DRAFT; once submitted it is what the lead reviews, so to change it they
// withdraw it first (what the lead approves is what was submitted). The lead
// may refine it (and an admin likewise) until staffing is done: after
// STAFFED, slots are held by bookings and agreements, whose own amendments
// change them.
const EDITABLE_IN: Readonly<Record<ProjectRole, readonly ProjectStatus[]>> = {
  ADMIN: ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING'],
  POOL_LEAD: ['DRAFT', 'SUBMITTED', 'APPROVED', 'STAFFING'],
  LEAD_COUNCIL_REQUESTER: ['DRAFT'],
  CONSORTIUM_REQUESTER: [],
  PRACTITIONER: [],
  NONE: [],
};

export function editableStatuses(role: ProjectRole): ProjectStatus[] {
  return [...EDITABLE_IN[role]];
}

export function mayEdit(status: ProjectStatus, role: ProjectRole): boolean {
  return EDITABLE_IN[role].includes(status);
}

/** The pool a project asks can change only while it is a draft: after that, its lead owns it. */
export function mayChangePool(status: ProjectStatus): boolean {
  return status === 'DRAFT';
}
