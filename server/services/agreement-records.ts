// Reading and writing agreement records, shared by the agreement use-cases
// (services/agreements.ts) and the booking hooks (services/booking-agreements.ts):
// the stored document and its decisions as the pure machine's state, the
// settlement claim, and the targeted writes that keep racing writers from
// overwriting each other's fields.
import type { Types } from 'mongoose';
import type { SettlementOutcome } from '../../models/agreement-settlement.ts';
import {
  decisionsOn,
  findAgreement,
  findSettlement,
  insertSettlement,
  markSettlementApplied,
  updateAgreement,
  type AgreementDecisionDoc,
  type AgreementDoc,
  type AgreementSettlementDoc,
} from '../store/agreements.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, notFound, type FieldPath } from '../errors.ts';
import { pendingVersion, replay, requiredParties, type AgreementState, type Decision, type Party, type PartyKind, type VersionOutcome } from '../agreements/agreement-status.ts';
import type { Terms } from '../agreements/agreement-terms.ts';
import { segmentsInForce, type DatedVersion } from '../agreements/terms-in-force.ts';
import { WEEKDAYS } from '../agreements/agreement-terms.ts';
import { unitsToDays } from '../calendar/capacity.ts';
import { recordAudit } from './audit.ts';
import { OBJECT_ID } from '../ids.ts';

export async function getAgreementDoc(id: string, field: FieldPath = ['id']): Promise<AgreementDoc> {
  if (!OBJECT_ID.test(id)) throw badInput(field, 'is not an agreement id');
  const doc = await findAgreement(id);
  if (!doc) throw notFound('Agreement', id, field);
  return doc;
}

export const partiesOfAgreement = (a: Pick<AgreementDoc, 'homeCouncilId' | 'hostCouncilIds'>): Party[] => requiredParties(a.homeCouncilId, a.hostCouncilIds);

export const decisionOf = (d: AgreementDecisionDoc): Decision => ({
  party: { kind: d.partyKind as PartyKind, councilId: d.councilId ?? null },
  decision: d.decision as Decision['decision'],
  byUserId: d.byUserId,
  at: d.at.toISOString(),
  reason: d.reason ?? null,
});

/** Every decision on an agreement (or one version), in order (see sortDecisions). */
export async function decisionsOf(a: Pick<AgreementDoc, '_id'>, version?: number): Promise<AgreementDecisionDoc[]> {
  return sortDecisions(await decisionsOn(a._id, version));
}

const KIND_ORDER: PartyKind[] = ['PRACTITIONER', 'HOME_COUNCIL', 'HOST_COUNCIL', 'PROGRAMME_LEAD'];

/** By version, then time; decisions made at the same instant in party order (practitioner, home, hosts, lead). */
export function sortDecisions(docs: readonly AgreementDecisionDoc[]): AgreementDecisionDoc[] {
  const rank = (d: AgreementDecisionDoc) => `${KIND_ORDER.indexOf(d.partyKind as PartyKind)}:${d.councilId ?? ''}`;
  return [...docs].sort((x, y) => x.version - y.version || x.at.getTime() - y.at.getTime() || rank(x).localeCompare(rank(y)));
}

/** The document as the pure machine's state, before any decision is replayed. */
export function baseState(doc: Pick<AgreementDoc, 'status' | 'activeVersion' | 'versions'>): AgreementState {
  return { status: doc.status, activeVersion: doc.activeVersion, versions: doc.versions.map((v) => ({ version: v.version, status: v.status, decisions: [] })) };
}

/** The state the stored decisions on the pending version lead to, and whether they settle it. */
export function replayed(doc: AgreementDoc, decisions: readonly AgreementDecisionDoc[]): { state: AgreementState; outcome: VersionOutcome | null } {
  const pending = pendingVersion(baseState(doc));
  const mine = pending ? decisions.filter((d) => d.version === pending.version).map(decisionOf) : [];
  return replay(baseState(doc), partiesOfAgreement(doc), mine);
}

/**
 * Write what a new state changes: the agreement's status and versions, each
 * version's status by its own field, so two writers touching different
 * versions cannot undo each other (a whole-array write could).
 */
export async function writeState(doc: AgreementDoc, state: AgreementState, extra: Record<string, unknown> = {}): Promise<void> {
  // Version statuses by their own fields: two writers touching different versions cannot undo each other.
  const set: Record<string, unknown> = { status: state.status, activeVersion: state.activeVersion, ...extra };
  state.versions.forEach((v, i) => {
    if (doc.versions[i]?.status !== v.status) set[`versions.${i}.status`] = v.status;
  });
  const pending = pendingVersion(state);
  set.pendingVersion = pending?.version ?? 0;
  if (!pending) set.pendingClaimHolderId = null;
  await updateAgreement(doc, { $set: set });
}

/**
 * Claim the right to settle a version. True for the one request that
 * inserts the key; false when it is taken (the version is settled, or being
 * settled, by someone else).
 */
export async function claimSettlement(agreementId: Types.ObjectId, version: number, outcome: SettlementOutcome, actor: Viewer | null, reason: string | null): Promise<boolean> {
  return insertSettlement({ agreementId, version, outcome, reason, actor });
}

export async function markSettled(agreementId: Types.ObjectId, version: number): Promise<void> {
  await markSettlementApplied(agreementId, version);
}

export async function settlementOf(agreementId: Types.ObjectId, version: number): Promise<AgreementSettlementDoc | null> {
  return findSettlement(agreementId, version);
}

const SETTLE_WAIT_MS = 5_000;

/** Wait (briefly) for someone else's settlement of a version to be applied, so a later write builds on it. */
export async function awaitSettlement(agreementId: Types.ObjectId, version: number): Promise<void> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (let delay = 5; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    const s = await settlementOf(agreementId, version);
    if (!s || s.applied) return;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** The audit snapshot of an agreement: status, versions in force and pending, without the full terms of every version. */
export function agreementSnapshot(doc: Pick<AgreementDoc, 'status' | 'activeVersion' | 'pendingVersion' | 'versions'>) {
  return {
    status: doc.status,
    activeVersion: doc.activeVersion,
    pendingVersion: doc.pendingVersion,
    versions: doc.versions.map((v) => ({ version: v.version, status: v.status })),
  };
}

export async function auditAgreement(actor: Viewer | null, action: string, doc: Pick<AgreementDoc, '_id' | 'poolId'>, before: unknown, after: unknown, at: Date): Promise<void> {
  await recordAudit({ actor, action, entityType: 'Agreement', entityId: String(doc._id), poolId: doc.poolId, before, after, at });
}

/** The terms in force, else those awaiting approval, else the draft's. */
export function currentTerms(doc: Pick<AgreementDoc, 'activeVersion' | 'versions' | 'draftTerms'>): Terms {
  const active = doc.versions[doc.activeVersion - 1];
  const latest = doc.versions[doc.versions.length - 1];
  return (active ?? latest)?.terms ?? doc.draftTerms!;
}

/** Versions as the terms-in-force helpers take them. */
export const datedVersions = (doc: Pick<AgreementDoc, 'versions'>): DatedVersion<Terms>[] =>
  doc.versions.map((v) => ({ version: v.version, status: v.status, effectiveFrom: v.effectiveFrom, terms: v.terms }));

export interface PlacementStretch {
  start: string;
  end: string;
  terms: Pick<Terms, 'roleLevelName' | 'weekdays' | 'daysPerWeek'>;
}

/**
 * A booking's stretches of agreed terms: those in force where any version is
 * approved, else the terms awaiting approval or drafted (a tentative
 * booking), else (a booking from before agreements) its days from Monday on.
 */
export function placementStretches(b: { start: string; end: string; unitsPerWeek: number }, a: AgreementDoc | null | undefined): PlacementStretch[] {
  const approved = a ? segmentsInForce(datedVersions(a), b.end) : [];
  if (approved.length) return approved.map((s) => ({ start: s.start, end: s.end, terms: s.terms }));
  if (a) return [{ start: b.start, end: b.end, terms: currentTerms(a) }];
  const days = unitsToDays(b.unitsPerWeek);
  return [{ start: b.start, end: b.end, terms: { roleLevelName: 'role not recorded', weekdays: WEEKDAYS.slice(0, Math.ceil(days)), daysPerWeek: days } }];
}
