// What awaits the signed-in user's decision: agreements whose pending version
// waits on a party they decide for, central contracts they may approve or
// activate now, and projects submitted for their review. Read from the same
// scoped lists as the API's own queries, and decided by the same access
// rules (partiesOf, contractRole, viewerCapabilities), so nobody is shown
// what they could not act on.
import type { Viewer } from '../auth/viewer.ts';
import type { AgreementDoc } from '../../models/agreement.ts';
import type { CentralContractDoc } from '../../models/central-contract.ts';
import type { ProjectDoc } from '../../models/project.ts';
import { readAll as readPages } from '../pagination.ts';
import { badInput } from '../errors.ts';
import { partiesOf } from '../agreements/agreement-access.ts';
import { contractRole } from '../contracts/contract-access.ts';
import { nextContractStatusesFor } from '../contracts/contract-status.ts';
import { viewerCapabilities } from '../projects/project-access.ts';
import { awaitingParties, decisionsByAgreementIds, listAgreements } from './agreements.ts';
import { listContracts } from './central-contracts.ts';
import { listProjects } from './projects.ts';
import { bookingsAtRisk } from './booking-risk.ts';
import type { BookingDoc } from '../../models/booking.ts';

/** At most this many of each kind are read (pages of 200): a queue longer than that is not a to-do list. */
export const MAX_QUEUE = 1000;

export interface DecisionQueue {
  agreements: AgreementDoc[];
  contractsToApprove: CentralContractDoc[];
  contractsToActivate: CentralContractDoc[];
  projectsToReview: ProjectDoc[];
  bookingsAtRisk: BookingDoc[];
}

export interface DecisionCounts {
  agreements: number;
  contractsToApprove: number;
  contractsToActivate: number;
  projectsToReview: number;
  bookingsAtRisk: number;
  total: number;
}

export function decisionCounts(q: DecisionQueue): DecisionCounts {
  const counts = { agreements: q.agreements.length, contractsToApprove: q.contractsToApprove.length, contractsToActivate: q.contractsToActivate.length, projectsToReview: q.projectsToReview.length, bookingsAtRisk: q.bookingsAtRisk.length };
  return { ...counts, total: Object.values(counts).reduce((n, c) => n + c, 0) };
}

/** The first `first` of a list (all of it without `first`): a home page shows a few of each and counts the rest. */
export function firstOf<T>(list: readonly T[], first: number | null | undefined): readonly T[] {
  if (first === undefined || first === null) return list;
  if (!Number.isInteger(first) || first < 1 || first > MAX_QUEUE) throw badInput(['first'], `must be between 1 and ${MAX_QUEUE}`);
  return list.slice(0, first);
}

/** Up to MAX_QUEUE of a scoped list, page by page. */
const readAll = <T>(list: Parameters<typeof readPages<T>>[0]) => readPages(list, MAX_QUEUE);

const agreementScope = (a: AgreementDoc) => ({ poolId: a.poolId, homeCouncilId: a.homeCouncilId, hostCouncilIds: a.hostCouncilIds, practitionerId: String(a.practitionerId) });
const contractScope = (c: CentralContractDoc) => ({ poolId: c.poolId, homeCouncilId: c.homeCouncilId, practitionerId: String(c.practitionerId) });

/** Agreements (an ACTIVE one may have an amendment pending) whose pending version waits on the viewer; an admin may decide for any party. */
async function agreementsAwaiting(viewer: Viewer): Promise<AgreementDoc[]> {
  const pending = (await readAll((page) => listAgreements(viewer, { statuses: ['AWAITING_APPROVALS', 'ACTIVE'] }, page))).filter((a) => a.pendingVersion > 0);
  if (!pending.length) return [];
  const decisions = await decisionsByAgreementIds(pending.map((a) => String(a._id)));
  return pending.filter((a, i) => {
    const version = a.versions[a.pendingVersion - 1];
    if (!version) return false;
    const waiting = awaitingParties(a, version, decisions[i] ?? []);
    if (viewer.role === 'ADMIN') return waiting.length > 0;
    const mine = partiesOf(viewer, agreementScope(a));
    return waiting.some((w) => mine.some((m) => m.kind === w.kind && (m.councilId ?? null) === (w.councilId ?? null)));
  });
}

export async function decisionQueue(viewer: Viewer): Promise<DecisionQueue> {
  const [agreements, proposed, approved, submitted, atRisk] = await Promise.all([
    agreementsAwaiting(viewer),
    readAll((page) => listContracts(viewer, { statuses: ['PROPOSED'] }, page)),
    readAll((page) => listContracts(viewer, { statuses: ['APPROVED'] }, page)),
    readAll((page) => listProjects(viewer, { statuses: ['SUBMITTED'] }, page)),
    bookingsAtRisk(viewer),
  ]);
  const mayMove = (c: CentralContractDoc, to: 'APPROVED' | 'ACTIVE') => nextContractStatusesFor(c.status, contractRole(viewer, contractScope(c))).includes(to);
  return {
    agreements,
    contractsToApprove: proposed.filter((c) => mayMove(c, 'APPROVED')),
    contractsToActivate: approved.filter((c) => mayMove(c, 'ACTIVE')),
    projectsToReview: submitted.filter((p) => viewerCapabilities(viewer, p).nextStatuses.includes('APPROVED')),
    bookingsAtRisk: atRisk.map((r) => r.booking),
  };
}
