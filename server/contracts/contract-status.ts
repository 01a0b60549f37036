// The central contract status machine, pure: which status may follow which,
// and who may make each move. The service loads the contract, works out how
// the viewer stands towards it, asks here, and persists.
//
//   PROPOSED ──approve──▶ APPROVED ──activate──▶ ACTIVE
//      │                     │                     │
//      └─withdraw/decline─▶ ENDED ◀──────end───────┘
//
// A lead of the pool (or an admin) proposes; the home council approves,
// since it is the employer giving up the time, or declines, with a reason
// (the pool withdraws its own proposal, no reason needed); the pool
// activates once the contract is in use. APPROVED and ACTIVE are both bookable (see
// BOOKABLE_STATUSES). ENDED is final.
import { withArticle } from '../errors.ts';

export const CONTRACT_STATUSES = ['PROPOSED', 'APPROVED', 'ACTIVE', 'ENDED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Statuses that make a practitioner bookable by the pool (within the contract's dates). */
export const BOOKABLE_STATUSES: readonly ContractStatus[] = ['APPROVED', 'ACTIVE'];

/** Statuses that hold a claim on the practitioner's time: no two of one practitioner with one pool may overlap. */
export const LIVE_STATUSES: readonly ContractStatus[] = ['PROPOSED', 'APPROVED', 'ACTIVE'];

/** How a viewer stands towards one contract. */
export const CONTRACT_ROLES = ['ADMIN', 'POOL_LEAD', 'HOME_REQUESTER', 'PRACTITIONER', 'NONE'] as const;
export type ContractRole = (typeof CONTRACT_ROLES)[number];

export const CONTRACT_ACTIONS = ['approve', 'decline', 'activate', 'withdraw', 'end'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export interface ContractTransitionRule {
  action: ContractAction;
  from: ContractStatus;
  to: ContractStatus;
  /** Who may make the move. Admins are listed explicitly: the table is the whole truth. */
  by: readonly ContractRole[];
  /** The move needs a reason (kept as the status change's note). */
  needsReason?: boolean;
}

export const CONTRACT_TRANSITIONS: readonly ContractTransitionRule[] = [
  { action: 'approve', from: 'PROPOSED', to: 'APPROVED', by: ['HOME_REQUESTER', 'ADMIN'] },
  // Withdrawn by the pool that proposed it; declined by the home council, saying why.
  // Two moves between the same statuses: the role (or, for an admin, the action asked for) picks one.
  { action: 'withdraw', from: 'PROPOSED', to: 'ENDED', by: ['POOL_LEAD', 'ADMIN'] },
  { action: 'decline', from: 'PROPOSED', to: 'ENDED', by: ['HOME_REQUESTER', 'ADMIN'], needsReason: true },
  { action: 'activate', from: 'APPROVED', to: 'ACTIVE', by: ['POOL_LEAD', 'ADMIN'] },
  { action: 'end', from: 'APPROVED', to: 'ENDED', by: ['POOL_LEAD', 'HOME_REQUESTER', 'ADMIN'] },
  { action: 'end', from: 'ACTIVE', to: 'ENDED', by: ['POOL_LEAD', 'HOME_REQUESTER', 'ADMIN'] },
];

const DONE: Record<ContractAction, string> = { approve: 'approved', decline: 'declined', activate: 'activated', withdraw: 'withdrawn', end: 'ended' };

const byOrder = (a: ContractStatus, b: ContractStatus) => CONTRACT_STATUSES.indexOf(a) - CONTRACT_STATUSES.indexOf(b);
const distinct = (rules: readonly ContractTransitionRule[]) => [...new Set(rules.map((r) => r.to))].sort(byOrder);

/** Every status a contract may move to next, whoever asks. */
export function nextContractStatuses(from: ContractStatus): ContractStatus[] {
  return distinct(CONTRACT_TRANSITIONS.filter((r) => r.from === from));
}

/** The statuses this role may move a contract to next. */
export function nextContractStatusesFor(from: ContractStatus, role: ContractRole): ContractStatus[] {
  return distinct(CONTRACT_TRANSITIONS.filter((r) => r.from === from && r.by.includes(role)));
}

export type ContractTransitionError =
  | { code: 'ILLEGAL_TRANSITION'; message: string; allowed: ContractStatus[]; allowedForRole: ContractStatus[] }
  | { code: 'NOT_PERMITTED'; message: string; allowedForRole: ContractStatus[] };

export type ContractTransitionPlan =
  | { ok: true; from: ContractStatus; to: ContractStatus; action: ContractAction; needsReason: boolean }
  | { ok: false; error: ContractTransitionError };

/**
 * Whether `role` may move a contract from `from` to `to`, and under which
 * action: the one asked for (`action`), else the first the role may make
 * (a home council's requester ending a PROPOSED contract declines it; a
 * lead, or an admin, withdraws it). `needsReason`: the service must have one.
 */
export function planContractTransition(from: ContractStatus, to: ContractStatus, role: ContractRole, action?: ContractAction): ContractTransitionPlan {
  const moves = CONTRACT_TRANSITIONS.filter((r) => r.from === from && r.to === to && (!action || r.action === action));
  const rule = moves.find((r) => r.by.includes(role)) ?? moves[0];
  const allowedForRole = nextContractStatusesFor(from, role);
  if (!rule && action) {
    const froms = [...new Set(CONTRACT_TRANSITIONS.filter((r) => r.action === action).map((r) => r.from))].map((f) => withArticle(f));
    const message = `Only ${froms.join(' or ')} contract can be ${DONE[action]}; this one is ${from}`;
    return { ok: false, error: { code: 'ILLEGAL_TRANSITION', message, allowed: nextContractStatuses(from), allowedForRole } };
  }
  if (!rule) {
    return {
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: `${withArticle(from, true)} contract cannot become ${to}`, allowed: nextContractStatuses(from), allowedForRole },
    };
  }
  if (!rule.by.includes(role)) {
    return { ok: false, error: { code: 'NOT_PERMITTED', message: `You may not ${rule.action} this contract`, allowedForRole } };
  }
  return { ok: true, from, to, action: rule.action, needsReason: rule.needsReason === true };
}

export const isBookableStatus = (s: ContractStatus) => BOOKABLE_STATUSES.includes(s);
