// Use-cases for central contracts: propose, move through the status machine
// (server/contracts/contract-status.ts), read within the viewer's scope, and
// answer "may this pool book this person over these dates?" for the booking
// and matching code (bookableContract and its batch variants).
import { now } from '../clock.ts';
import { anyOf } from '../store/queries.ts';
import { Types } from 'mongoose';
import {
  contractsOverlapping,
  contractsPage,
  findContract,
  insertContract,
  practitionerIdsContractedTo,
  updateContractIfUnchanged,
  type CentralContractDoc,
  type ContractStatusChangeDoc,
} from '../store/central-contracts.ts';
import { findPractitioner, rebuildPractitioner } from '../store/practitioners.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, conflict, DomainError, forbidden, notFound, tryAgain, withArticle, type FieldPath } from '../errors.ts';
import { decodeCursor, type PageArgs } from '../pagination.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { BOOKABLE_STATUSES, CONTRACT_STATUSES, LIVE_STATUSES, planContractTransition, type ContractAction, type ContractStatus } from '../contracts/contract-status.ts';
import { canProposeContract, contractRole, wholePoolsOf } from '../contracts/contract-access.ts';
import { checkProposal, checkProposalFits, type ContractProposal } from '../contracts/contract-input.ts';
import { patternDays } from '../practitioners/practitioner-input.ts';
import { isValidIsoDate } from '../calendar/iso-week.ts';
import { recordAudit } from './audit.ts';
import { getPool } from './pools.ts';
import { requireById } from './batch.ts';
import { OBJECT_ID } from '../ids.ts';
import { coalesce } from '../store/coalesce.ts';

export interface ContractFilter {
  poolId?: string | null;
  practitionerId?: string | null;
  homeCouncilId?: string | null;
  statuses?: ContractStatus[] | null;
}

const MAX_NOTE = 500;

// ---- reads ------------------------------------------------------------

export async function getContract(
  id: string,
  field: FieldPath = ['id'],
  find: (id: string) => Promise<CentralContractDoc | null> = findContract,
): Promise<CentralContractDoc> {
  return requireById(id, field, 'Central contract', 'contract', find);
}

export { contractsByIds, contractsByPractitionerIds } from '../store/central-contracts.ts';

/** Practitioners with a contract (of any status) with the pool: they are the pool's, wherever they live. */
export const contractedPractitionerIds = practitionerIdsContractedTo;

/** What the viewer may see, as a query. */
function readableBy(viewer: Viewer): Record<string, unknown> {
  const whole = wholePoolsOf(viewer);
  if (whole === 'ALL') return {};
  if (whole !== null) return { poolId: whole };
  switch (viewer.role) {
    case 'COUNCIL_REQUESTER':
      return { homeCouncilId: viewer.councilId };
    case 'PRACTITIONER':
      return viewer.practitionerId ? { practitionerId: new Types.ObjectId(viewer.practitionerId) } : { _id: null };
    default:
      return { _id: null };
  }
}

export async function listContracts(viewer: Viewer, filter: ContractFilter = {}, page: PageArgs = {}) {
  const conditions: Record<string, unknown>[] = [readableBy(viewer)];
  if (filter.poolId) conditions.push({ poolId: filter.poolId });
  if (filter.practitionerId) {
    if (!OBJECT_ID.test(filter.practitionerId)) throw badInput(['filter', 'practitionerId'], 'is not a practitioner id');
    conditions.push({ practitionerId: new Types.ObjectId(filter.practitionerId) });
  }
  if (filter.homeCouncilId) {
    if (!GSS_CODE.test(filter.homeCouncilId)) throw badInput(['filter', 'homeCouncilId'], 'is not an English GSS code');
    conditions.push({ homeCouncilId: filter.homeCouncilId });
  }
  if (filter.statuses?.length) {
    filter.statuses.forEach((s, i) => {
      if (!CONTRACT_STATUSES.includes(s)) throw badInput(['filter', 'statuses', i], 'is not a contract status');
    });
    conditions.push(anyOf('status', filter.statuses));
  }
  if (page.after && !OBJECT_ID.test(String(decodeCursor(page.after)))) throw badInput(['after'], 'is not a cursor this API gave out');
  return contractsPage(conditions, page);
}

// ---- bookability --------------------------------------------------------
// "Only an approved, in-date contract makes someone bookable by the pool."

function assertRange(from: string, to: string): void {
  if (!isValidIsoDate(from)) throw badInput(['from'], 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(to)) throw badInput(['to'], 'must be a calendar date YYYY-MM-DD');
  if (to < from) throw badInput(['to'], 'must not be before from');
}


/**
 * Bookable contracts of the practitioners (with one pool, or any pool when
 * poolId is null) that overlap [from, to], grouped by practitioner id. One query.
 */
export async function bookableContractsOverlapping(
  practitionerIds: readonly (string | Types.ObjectId)[] | null,
  poolId: string | null,
  from: string,
  to: string,
): Promise<Map<string, CentralContractDoc[]>> {
  assertRange(from, to);
  const docs = await contractsOverlapping(practitionerIds, poolId, BOOKABLE_STATUSES, from, to);
  const out = new Map<string, CentralContractDoc[]>();
  for (const d of docs) out.set(String(d.practitionerId), [...(out.get(String(d.practitionerId)) ?? []), d]);
  return out;
}

/** One practitioner's bookable contracts overlapping [from, to], for read-only callers many of which ask at once (bookings in a busy hour; coalesce.ts). */
export const bookableContractsOfShared = coalesce(
  async (practitionerId: string, from: string, to: string) => (await bookableContractsOverlapping([practitionerId], null, from, to)).get(practitionerId) ?? [],
  (practitionerId, from, to) => `${practitionerId}|${from}|${to}`,
);

/** For each practitioner, the bookable contract with the pool that covers all of [from, to], if any. One query. */
export async function bookableContracts(
  practitionerIds: readonly (string | Types.ObjectId)[],
  poolId: string,
  from: string,
  to: string,
): Promise<Map<string, CentralContractDoc>> {
  assertRange(from, to);
  // Overlapping [from, to] and covering all of it.
  const docs = (await contractsOverlapping(practitionerIds, poolId, BOOKABLE_STATUSES, from, to)).filter((d) => d.start <= from && d.end >= to);
  // Contracts with one pool never overlap, so at most one covers the range.
  return new Map(docs.map((d) => [String(d.practitionerId), d]));
}

/** The APPROVED or ACTIVE contract that makes the practitioner bookable by the pool over all of [from, to], or null. */
export async function bookableContract(practitionerId: string | Types.ObjectId, poolId: string, from: string, to: string): Promise<CentralContractDoc | null> {
  return (await bookableContracts([practitionerId], poolId, from, to)).get(String(practitionerId)) ?? null;
}

/** True when the practitioner has contracts that still hold their time (for changes that would orphan them). */
export async function hasLiveContracts(practitionerId: Types.ObjectId): Promise<boolean> {
  return (await contractsOverlapping([practitionerId], null, LIVE_STATUSES, '0000-01-01', '9999-12-31')).length > 0;
}

// ---- writes -------------------------------------------------------------

/** A contract as the audit log records it (also written by the demo loader). */
export const contractSnapshot = (c: Omit<CentralContractDoc, 'createdAt' | 'updatedAt'>) => ({
  practitionerId: String(c.practitionerId),
  homeCouncilId: c.homeCouncilId,
  poolId: c.poolId,
  daysPerWeek: c.daysPerWeek,
  start: c.start,
  end: c.end,
  recallNoticeWeeks: c.recallNoticeWeeks,
  guaranteedReleaseDays: c.guaranteedReleaseDays,
  status: c.status,
});

/**
 * A lead of the pool (or an admin) proposes a contract. Everything is checked
 * before the one insert.
 *
 * No two PROPOSED/APPROVED/ACTIVE contracts of one practitioner with one pool
 * may overlap. That is checked here by reading, so two different overlapping
 * proposals sent at the same instant could both pass; it is not an invariant
 * that concurrency must never break (the worst case is two proposals the home
 * council sees side by side and declines one of), and the unique index on
 * (practitionerId, poolId, liveStart) refuses the common case, the same
 * proposal submitted twice.
 */
export async function proposeContract(viewer: Viewer, input: ContractProposal): Promise<CentralContractDoc> {
  const p = checkProposal(input);
  if (!canProposeContract(viewer, p.poolId)) throw forbidden('Only a lead of the pool (or an admin) proposes its contracts');
  const [practitioner, pool, overlapping] = await Promise.all([
    findPractitioner(p.practitionerId),
    getPool(p.poolId, ['input', 'poolId']),
    contractsOverlapping([p.practitionerId], p.poolId, LIVE_STATUSES, p.start, p.end),
  ]);
  if (!practitioner) throw notFound('Practitioner', p.practitionerId, ['input', 'practitionerId']);
  checkProposalFits(p, { homeCouncilId: practitioner.homeCouncilId, patternDays: patternDays(practitioner.workingPattern) }, pool.footprint);
  const clash = overlapping[0];
  if (clash) {
    throw conflict(`This practitioner already has ${withArticle(clash.status)} contract with the pool from ${clash.start} to ${clash.end}`, {
      contractId: String(clash._id),
      status: clash.status,
      start: clash.start,
      end: clash.end,
    });
  }

  // First list the pool among the person's contract pools (what a pool's search reads: models/practitioner.ts).
  const enrolled = await rebuildPractitioner(practitioner, (doc) => {
    const listed = doc.contractPoolIds ?? [];
    return listed.includes(p.poolId) ? null : { $set: { contractPoolIds: [...listed, p.poolId] } };
  });
  if (enrolled.outcome !== 'WRITTEN') throw tryAgain('The practitioner was being changed by someone else at the same moment; no contract was proposed, try again');
  const at = now();
  const entry: ContractStatusChangeDoc = { status: 'PROPOSED', action: 'propose', at, byUserId: viewer.userId, note: null };
  const created = await insertContract({
    ...p,
    practitionerId: practitioner._id,
    homeCouncilId: practitioner.homeCouncilId,
    status: 'PROPOSED',
    liveStart: p.start,
    statusHistory: [entry],
    revision: 0,
    createdBy: viewer.userId,
  });
  if (!created) throw conflict('This practitioner already has a contract with the pool starting that day', undefined, ['input', 'start']);
  await recordAudit({ actor: viewer, action: 'contract.propose', entityType: 'CentralContract', entityId: String(created._id), poolId: created.poolId, after: contractSnapshot(created), at });
  return created;
}

/**
 * Move a contract to another status, if the machine allows it and the viewer
 * may. The home council's requester ending a PROPOSED contract declines it,
 * which needs a reason: the note (declineContract says so by name).
 */
export async function transitionContract(viewer: Viewer, id: string, to: ContractStatus, note?: string | null): Promise<CentralContractDoc> {
  return moveContract(viewer, id, to, note, { noteField: ['note'] });
}

/** The home council (or an admin for it) declines a PROPOSED contract, saying why; recorded as `decline`. */
export async function declineContract(viewer: Viewer, id: string, reason: string): Promise<CentralContractDoc> {
  return moveContract(viewer, id, 'ENDED', reason, { action: 'decline', noteField: ['reason'] });
}

async function moveContract(viewer: Viewer, id: string, to: ContractStatus, note: string | null | undefined, how: { action?: ContractAction; noteField: FieldPath }): Promise<CentralContractDoc> {
  if (!CONTRACT_STATUSES.includes(to)) throw badInput(['to'], 'is not a contract status');
  const cleanNote = note?.trim() || null;
  if (cleanNote && cleanNote.length > MAX_NOTE) throw badInput(how.noteField, `must be at most ${MAX_NOTE} characters`);
  const contract = await getContract(id);
  const role = contractRole(viewer, { poolId: contract.poolId, homeCouncilId: contract.homeCouncilId, practitionerId: String(contract.practitionerId) });
  const plan = planContractTransition(contract.status, to, role, how.action);
  if (!plan.ok) {
    const e = plan.error;
    if (e.code === 'ILLEGAL_TRANSITION') throw conflict(e.message, { status: contract.status, to, allowed: e.allowed, allowedForYou: e.allowedForRole });
    throw new DomainError('FORBIDDEN', e.message, undefined, { status: contract.status, to, allowedForYou: e.allowedForRole });
  }
  if (plan.needsReason && !cleanNote) throw badInput(how.noteField, `declining a proposed contract needs a reason, for the pool`);

  const at = now();
  const entry: ContractStatusChangeDoc = { status: plan.to, action: plan.action, at, byUserId: viewer.userId, note: cleanNote };
  // Guarded by the revision read (server/store/guarded-write.ts): a concurrent change makes this one fail, never vanish.
  const set = plan.to === 'ENDED' ? { status: plan.to, liveStart: `ended:${id}` } : { status: plan.to };
  if (!(await updateContractIfUnchanged(contract, { $set: set, $push: { statusHistory: entry } }))) {
    const current = await getContract(id);
    throw conflict(`The contract is now ${current.status}; it changed meanwhile`, { status: current.status, reason: 'CONCURRENT_CHANGE' });
  }
  // Recorded after the write (no transactions on FerretDB): a failure here
  // leaves the change made, with its entry on the document, but unaudited.
  await recordAudit({
    actor: viewer,
    action: `contract.${plan.action}`,
    entityType: 'CentralContract',
    entityId: id,
    poolId: contract.poolId,
    before: { status: plan.from },
    after: { status: plan.to, note: cleanNote },
    at,
  });
  return getContract(id);
}
