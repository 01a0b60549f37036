// Use-cases for time-sharing agreements: read them within the viewer's
// scope, decide on them (approve, decline), finish and submit a draft, amend
// an active one (and withdraw the amendment), render one as a document, and
// settle a version once its decisions are in.
//
// Concurrency (FerretDB has no transactions, and conditional updates are not
// atomic): each decision is its own document under a unique key, so a party
// decides once however requests race; the version's outcome is derived from
// all stored decisions by the pure machine; and the outcome's effects
// (confirm or cancel the booking, hand over or release an amendment's
// capacity) are applied by the one request that inserts the version's
// settlement key (models/agreement-settlement.ts). Amendments are proposed
// under the practitioner's lock, which also serialises them with capacity
// claims. A settlement whose request died is finished by reconcileAgreements.
import { anyOf } from '../store/queries.ts';
import { Types } from 'mongoose';
import type { AgreementVersionDoc } from '../../models/agreement.ts';
import { decisionId } from '../../models/agreement-decision.ts';
import {
  agreementsAwaitingDecisions,
  decisionsByAgreementIds as storedDecisionsByAgreementIds,
  agreementsClaimingSince,
  agreementsPage,
  decisionsOn,
  findAgreement,
  insertDecision,
  unappliedSettlements,
  updateAgreement,
  type AgreementDecisionDoc,
  type AgreementDoc,
  type AgreementSettlementDoc,
} from '../store/agreements.ts';
import { claimingBookingIds, findBooking, updateBooking } from '../store/bookings.ts';
import { findProject } from '../store/projects.ts';
import { findPractitioner } from '../store/practitioners.ts';
import { councilsByIds } from '../store/councils.ts';
import { findPool } from '../store/pools.ts';
import { findUser, usersByIds } from '../store/users.ts';
import type { Viewer } from '../auth/viewer.ts';
import { DomainError, badInput, conflict, forbidden, notFound, type FieldPath } from '../errors.ts';
import {
  AGREEMENT_STATUSES,
  decide,
  openVersion,
  pendingVersion,
  transition,
  withdrawPending,
  type AgreementError,
  type AgreementStatus,
  type Decision,
  type Party,
  type PartyKind,
} from '../agreements/agreement-status.ts';
import { actingParty, canManageAgreement } from '../agreements/agreement-access.ts';
import { amendedTerms, editedTerms, termsComplete, type AmendmentInput, type TermsInput } from '../agreements/agreement-terms.ts';
import { approvedChain, segmentsInForce, segmentsOf, weeklyUnits } from '../agreements/terms-in-force.ts';
import { capacityExceeded } from '../bookings/booking-rules.ts';
import { renderAgreementHtml, renderAgreementMarkdown, type AgreementView } from '../agreements/render.ts';
import { daysToUnits } from '../calendar/capacity.ts';
import { bankHolidaysLeftOut, placementDays } from '../calendar/placement-days.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { londonDateOf } from '../calendar/iso-week.ts';
import { withPractitionerLock } from '../store/practitioner-locks.ts';
import { now as clockNow } from '../clock.ts';
import { decodeCursor, type PageArgs } from '../pagination.ts';
import { recordAudit } from './audit.ts';
import { cancelBooking, confirmBooking } from './bookings.ts';
import { getPractitioner } from './practitioners.ts';
import { getProject } from './projects.ts';
import { bookableContract } from './central-contracts.ts';
import { toViewer } from './users.ts';
import { claimAmendmentUnits, handOverUnits, releaseAmendmentUnits, trimUnits } from './agreement-capacity.ts';
import {
  agreementSnapshot,
  auditAgreement,
  awaitSettlement,
  baseState,
  claimSettlement,
  decisionOf,
  decisionsOf,
  getAgreementDoc,
  markSettled,
  partiesOfAgreement,
  replayed,
  currentTerms,
  datedVersions,
  settlementOf,
  sortDecisions,
  writeState,
} from './agreement-records.ts';
import { OBJECT_ID } from '../ids.ts';
import { placementReadersFilter } from './placement-readers.ts';

export { currentTerms, datedVersions } from './agreement-records.ts';

const MAX_REASON = 1000;
const TERMINAL: readonly AgreementStatus[] = ['ENDED', 'RECALLED', 'CANCELLED'];

// ---- reads ------------------------------------------------------------

/** An agreement as readers see it: one whose booking is still being made (CLAIMING) does not exist yet. */
export async function getAgreement(id: string, field: FieldPath = ['id']): Promise<AgreementDoc> {
  const doc = await getAgreementDoc(id, field);
  const b = await findBooking(doc.bookingId);
  if (!b || b.status === 'CLAIMING') throw notFound('Agreement', id, field);
  return doc;
}

export { agreementsByIds, agreementsByBookingIds } from '../store/agreements.ts';

/** Every decision on each agreement, oldest first (for DataLoaders). */
export const decisionsByAgreementIds = (ids: readonly string[]) => storedDecisionsByAgreementIds(ids, sortDecisions);


export interface AgreementFilter {
  statuses?: AgreementStatus[] | null;
  practitionerId?: string | null;
  projectId?: string | null;
  bookingId?: string | null;
  poolId?: string | null;
  /** Agreements this council is home or host to. */
  councilId?: string | null;
}

export async function listAgreements(viewer: Viewer, filter: AgreementFilter = {}, page: PageArgs = {}) {
  const conditions: Record<string, unknown>[] = [placementReadersFilter(viewer)];
  for (const f of ['practitionerId', 'projectId', 'bookingId'] as const) {
    const id = filter[f];
    if (!id) continue;
    if (!OBJECT_ID.test(id)) throw badInput(['filter', f], 'is not an id');
    conditions.push({ [f]: new Types.ObjectId(id) });
  }
  if (filter.poolId) conditions.push({ poolId: filter.poolId });
  if (filter.councilId) conditions.push({ partyCouncilIds: filter.councilId });
  if (filter.statuses?.length) {
    filter.statuses.forEach((s, i) => {
      if (!AGREEMENT_STATUSES.includes(s)) throw badInput(['filter', 'statuses', i], 'is not an agreement status');
    });
    conditions.push(anyOf('status', filter.statuses));
  }
  if (page.after && !OBJECT_ID.test(String(decodeCursor(page.after)))) throw badInput(['after'], 'is not a cursor this API gave out');
  // Bookings still being made (or crashed mid-way) are few at any moment: leave their agreements out.
  const claiming = await claimingBookingIds();
  if (claiming.length) conditions.push({ bookingId: { $nin: claiming } });
  return agreementsPage(conditions, page);
}

const scopeOf = (a: AgreementDoc) => ({ poolId: a.poolId, homeCouncilId: a.homeCouncilId, hostCouncilIds: a.hostCouncilIds, practitionerId: String(a.practitionerId) });

/** Parties still to decide on a version (none unless it is awaiting decisions). */
export function awaitingParties(doc: AgreementDoc, version: AgreementVersionDoc, decisions: readonly AgreementDecisionDoc[]): Party[] {
  if (version.status !== 'AWAITING_APPROVALS') return [];
  const decided = decisions.filter((d) => d.version === version.version).map((d) => decisionOf(d).party);
  return partiesOfAgreement(doc).filter((p) => !decided.some((q) => q.kind === p.kind && (q.councilId ?? null) === (p.councilId ?? null)));
}

// ---- deciding ---------------------------------------------------------

function agreementError(e: AgreementError): DomainError {
  switch (e.code) {
    case 'NOT_A_PARTY':
      return forbidden(e.message);
    case 'ALREADY_DECIDED':
      return conflict(`Already decided: ${e.message}`, { reason: 'ALREADY_DECIDED' });
    case 'NOT_AWAITING':
      return conflict(e.message, { reason: 'NOT_AWAITING' });
    case 'REASON_REQUIRED':
      return badInput(['reason'], e.message);
    case 'ILLEGAL_TRANSITION':
      return conflict(e.message, { allowed: e.allowed });
  }
}

export interface DecideOptions {
  reason?: string | null;
  /** The party to decide for: required of an admin; others may only pick among their own. */
  as?: PartyKind | null;
  /** With as: HOST_COUNCIL, which host council. */
  councilId?: string | null;
}

/**
 * One party approves or declines the version awaiting decisions. The
 * decision is stored under its unique key (a second one by the same party,
 * even at the same instant, is refused with CONFLICT), then the version is
 * settled if the stored decisions settle it.
 */
export async function decideAgreement(viewer: Viewer, id: string, kind: 'APPROVED' | 'DECLINED', opts: DecideOptions = {}): Promise<AgreementDoc> {
  const reason = opts.reason?.trim() || null;
  if (kind === 'DECLINED' && !reason) throw badInput(['reason'], 'a decline needs a reason');
  if (reason && reason.length > MAX_REASON) throw badInput(['reason'], `must be at most ${MAX_REASON} characters`);
  const doc = await getAgreementDoc(id);
  const choice = actingParty(viewer, scopeOf(doc), opts.as, opts.councilId);
  if (!choice.ok) throw choice.code === 'FORBIDDEN' ? forbidden(choice.message) : badInput(choice.field ?? [], choice.message);

  const now = clockNow();
  const { state } = replayed(doc, await decisionsOf(doc));
  const d: Decision = { party: choice.party, decision: kind, byUserId: viewer.userId, at: now.toISOString(), reason };
  const check = decide(state, partiesOfAgreement(doc), d);
  if (!check.ok) throw agreementError(check.error);
  const version = pendingVersion(state)!.version;
  const party = choice.party;
  const recorded = await insertDecision(
    {
      _id: decisionId(String(doc._id), version, party.kind, party.councilId),
      agreementId: doc._id,
      version,
      partyKind: party.kind,
      councilId: party.councilId,
      decision: kind,
      reason,
      byUserId: viewer.userId,
      at: now,
    },
    doc.practitionerId,
  );
  if (!recorded) {
    throw conflict(`Already decided: ${party.kind}${party.councilId ? ` ${party.councilId}` : ''} has already decided on version ${version}`, { reason: 'ALREADY_DECIDED' });
  }
  await auditAgreement(viewer, kind === 'APPROVED' ? 'agreement.approve' : 'agreement.decline', doc, null, { version, party, decision: kind, reason }, now);
  await settle(viewer, doc._id, version, now);
  return getAgreementDoc(id);
}

/**
 * If the stored decisions settle the version, claim its settlement and
 * apply it; a request that loses the claim waits for the winner to finish,
 * so its answer shows the settled agreement too.
 */
async function settle(actor: Viewer | null, agreementId: Types.ObjectId, version: number, now: Date): Promise<void> {
  const doc = await findAgreement(agreementId);
  if (!doc) return;
  // Settled already (its state written): let its effects finish before answering.
  if (doc.pendingVersion !== version) return awaitSettlement(agreementId, version);
  const decisions = await decisionsOf(doc, version);
  const { outcome } = replayed(doc, decisions);
  if (!outcome) return;
  const reason = outcome === 'DECLINED' ? (decisions.find((d) => d.decision === 'DECLINED')?.reason ?? null) : null;
  if (await claimSettlement(doc._id, version, outcome, actor, reason)) await applySettlement({ agreementId: doc._id, version, outcome, reason, actor }, now);
  else await awaitSettlement(doc._id, version);
}

type Settlement = Pick<AgreementSettlementDoc, 'agreementId' | 'version' | 'outcome' | 'reason' | 'actor'>;

/**
 * Apply a claimed settlement. Every step is safe to repeat, because the
 * reconciler re-runs one whose request died: statuses are written only while
 * the version is still pending, confirming or cancelling checks the
 * booking's status, handing over units finds none left the second time, and
 * trimming removes only what is beyond the terms.
 */
async function applySettlement(s: Settlement, now: Date): Promise<void> {
  const doc = await findAgreement(s.agreementId);
  const v = doc?.versions[s.version - 1];
  if (!doc || !v) return markSettled(s.agreementId, s.version);
  const holder = v.claimHolderId;
  const stillPending = doc.pendingVersion === s.version && v.status === 'AWAITING_APPROVALS';
  const firstVersion = s.version === 1;
  // A declined first version cancelled the agreement itself; a re-run must still cancel the booking.
  if (TERMINAL.includes(doc.status) && !(firstVersion && s.outcome === 'DECLINED')) {
    // The booking was closed meanwhile (its hook wrote the agreement): only the amendment's units remain to give back.
    if (holder) await releaseAmendmentUnits(holder, doc.practitionerId);
    return markSettled(s.agreementId, s.version);
  }
  if (s.outcome === 'WITHDRAWN') {
    if (holder) await releaseAmendmentUnits(holder, doc.practitionerId);
    // A first version is withdrawn only when its booking closed: the agreement is cancelled with it.
    const r = firstVersion ? transition(baseState(doc), 'CANCELLED') : withdrawPending(baseState(doc));
    if (stillPending && r.ok) await writeState(doc, r.value);
    await auditAgreement(s.actor, firstVersion ? 'agreement.cancel' : 'agreement.amendment.withdraw', doc, agreementSnapshot(doc), { version: s.version, reason: s.reason }, now);
    return markSettled(s.agreementId, s.version);
  }
  if (stillPending) {
    const { state, outcome } = replayed(doc, await decisionsOf(doc, s.version));
    if (outcome === s.outcome) await writeState(doc, state);
  }
  const action = `agreement.${firstVersion ? (s.outcome === 'APPROVED' ? 'activate' : 'cancel') : s.outcome === 'APPROVED' ? 'amendment.approve' : 'amendment.decline'}`;
  await auditAgreement(s.actor, action, doc, agreementSnapshot(doc), { version: s.version, outcome: s.outcome, reason: s.reason }, now);

  if (s.outcome === 'DECLINED') {
    if (holder) await releaseAmendmentUnits(holder, doc.practitionerId);
    if (firstVersion) {
      const b = await findBooking(doc.bookingId);
      // The booking's cancel hook finds the agreement already CANCELLED and leaves it.
      if (b && (b.status === 'TENTATIVE' || b.status === 'CONFIRMED') && s.actor) {
        try {
          await cancelBooking(s.actor, String(doc.bookingId), `Agreement declined: ${s.reason ?? ''}`.trim(), now);
        } catch (err) {
          // Cancelled by someone else a moment ago: what this step wanted has happened.
          if (!(err instanceof DomainError && err.code === 'CONFLICT')) throw err;
        }
      }
    }
    return markSettled(s.agreementId, s.version);
  }
  // APPROVED
  if (firstVersion) {
    await confirmBooking(s.actor, doc.bookingId, now);
  } else {
    if (holder) await handOverUnits(holder, doc.bookingId, doc.practitionerId);
    await applyAmendmentToBooking(s.actor, doc, v, now);
  }
  return markSettled(s.agreementId, s.version);
}

/** An approved amendment moves the booking's end and days, and gives back what the new terms no longer need. */
async function applyAmendmentToBooking(actor: Viewer | null, doc: AgreementDoc, v: AgreementVersionDoc, now: Date): Promise<void> {
  const b = await findBooking(doc.bookingId);
  if (!b) return;
  const units = daysToUnits(v.terms.daysPerWeek);
  if (b.status === 'CONFIRMED' && (b.end !== v.terms.end || b.unitsPerWeek !== units)) {
    await updateBooking(b, { end: v.terms.end, unitsPerWeek: units }, undefined, { status: 'CONFIRMED' });
    await recordAudit({
      actor,
      action: 'booking.amend',
      entityType: 'Booking',
      entityId: String(b._id),
      poolId: b.poolId,
      before: { status: b.status, start: b.start, end: b.end, unitsPerWeek: b.unitsPerWeek },
      after: { status: b.status, start: b.start, end: v.terms.end, unitsPerWeek: units, agreementVersion: v.version },
      at: now,
    });
  }
  const [fresh, after] = await Promise.all([findBooking(doc.bookingId), findAgreement(doc._id)]);
  if (!fresh || !after || fresh.status === 'CANCELLED') return;
  await trimUnits(doc.bookingId, weeklyUnits(segmentsInForce(datedVersions(after), fresh.end)), doc.practitionerId);
}

// ---- drafts -------------------------------------------------------------

function assertManager(viewer: Viewer, doc: AgreementDoc): void {
  if (!canManageAgreement(viewer, doc)) throw forbidden("Only a programme lead of the agreement's pool (or an admin) manages it");
}

/** A lead finishes a draft's terms (typically the named contacts). */
export async function updateAgreementDraft(viewer: Viewer, id: string, input: TermsInput): Promise<AgreementDoc> {
  const doc = await getAgreementDoc(id);
  assertManager(viewer, doc);
  if (doc.status !== 'DRAFT' || !doc.draftTerms) throw conflict(`Only a DRAFT agreement's terms can be edited; this one is ${doc.status} (propose an amendment instead)`, { status: doc.status });
  const practitioner = await getPractitioner(String(doc.practitionerId));
  const now = clockNow();
  return withPractitionerLock(String(doc.practitionerId), async () => {
    const fresh = await getAgreementDoc(id);
    if (fresh.status !== 'DRAFT' || !fresh.draftTerms) throw conflict(`The agreement is now ${fresh.status}; it changed meanwhile`, { status: fresh.status });
    const terms = editedTerms(fresh.draftTerms, input, practitioner.workingPattern, ['terms']);
    await updateAgreement(fresh, { $set: { draftTerms: terms } }, { status: 'DRAFT' });
    await auditAgreement(viewer, 'agreement.draft.update', fresh, { terms: fresh.draftTerms }, { terms }, now);
    return getAgreementDoc(id);
  });
}

/** A lead sends a complete draft out for approval: it becomes version 1, AWAITING_APPROVALS. */
export async function submitAgreement(viewer: Viewer, id: string): Promise<AgreementDoc> {
  const doc = await getAgreementDoc(id);
  assertManager(viewer, doc);
  const now = clockNow();
  return withPractitionerLock(String(doc.practitionerId), async () => {
    const fresh = await getAgreementDoc(id);
    if (fresh.status !== 'DRAFT' || !fresh.draftTerms) throw conflict(`Only a DRAFT agreement can be submitted; this one is ${fresh.status}`, { status: fresh.status });
    const terms = fresh.draftTerms;
    if (!termsComplete(terms)) {
      const missing = terms.homeLineManager === null ? 'homeLineManager' : 'hostSupervisor';
      throw badInput(['terms', missing], `name the ${missing === 'homeLineManager' ? 'line manager at the home council' : 'supervisor at the host council'} (updateAgreementDraft) before submitting`);
    }
    const opened = openVersion(baseState(fresh));
    if (!opened.ok) throw agreementError(opened.error);
    const v1: AgreementVersionDoc = { version: 1, status: 'AWAITING_APPROVALS', terms, changeSummary: '', effectiveFrom: terms.start, claimHolderId: null, createdAt: now, createdBy: viewer.userId };
    await updateAgreement(fresh, { $push: { versions: v1 }, $set: { status: opened.value.status, pendingVersion: 1, draftTerms: null } }, { status: 'DRAFT' });
    const after = await getAgreementDoc(id);
    await auditAgreement(viewer, 'agreement.submit', fresh, agreementSnapshot(fresh), agreementSnapshot(after), now);
    return after;
  });
}

// ---- amendments -------------------------------------------------------------

/**
 * A lead proposes new terms for an active agreement: a new version that
 * needs every party's approval again, while the version in force stays in
 * force. Extra days (a later end, more days a week) are claimed now, under
 * the practitioner's lock and the amendment's own holder id, so approval can
 * never overbook anyone; CAPACITY_EXCEEDED names the short weeks.
 */
export async function amendAgreement(viewer: Viewer, id: string, input: AmendmentInput): Promise<AgreementDoc> {
  const doc = await getAgreementDoc(id);
  assertManager(viewer, doc);
  if (doc.status !== 'ACTIVE') throw conflict(`Only an ACTIVE agreement can be amended; this one is ${doc.status}`, { status: doc.status });
  if (doc.pendingVersion) throw conflict(`Version ${doc.pendingVersion} is already awaiting approval: wait for its decisions or withdraw it`, { pendingVersion: doc.pendingVersion });
  const booking = await findBooking(doc.bookingId);
  if (!booking || booking.status !== 'CONFIRMED') throw conflict(`Only a confirmed booking's agreement can be amended; the booking is ${booking?.status ?? 'gone'}`);
  const now = clockNow();
  const current = currentTerms(doc);
  const [project, practitioner, contract] = await Promise.all([
    getProject(String(doc.projectId)),
    getPractitioner(String(doc.practitionerId)),
    bookableContract(doc.practitionerId, doc.poolId, current.start, current.start),
  ]);
  if (!contract) throw conflict(`The practitioner no longer has an approved central contract with this pool covering ${current.start}`);
  const slot = project.slots.find((s) => String(s._id) === String(doc.slotId));
  const { terms, effectiveFrom, summary } = amendedTerms(
    current,
    input,
    {
      today: londonDateOf(now),
      slotEnd: slot?.end ?? project.end,
      slotDaysPerWeek: slot?.daysPerWeek ?? contract.daysPerWeek,
      contractEnd: contract.end,
      contractDaysPerWeek: contract.daysPerWeek,
      workingPattern: practitioner.workingPattern,
    },
    ['input'],
  );

  const holderId = new Types.ObjectId();
  return withPractitionerLock(String(doc.practitionerId), async () => {
    const fresh = await getAgreementDoc(id);
    if (fresh.status !== 'ACTIVE' || fresh.pendingVersion || fresh.versions.length !== doc.versions.length) {
      throw conflict('The agreement changed meanwhile; look again and retry', { status: fresh.status, pendingVersion: fresh.pendingVersion });
    }
    const version = fresh.versions.length + 1;
    const proposed: AgreementVersionDoc = { version, status: 'AWAITING_APPROVALS', terms, changeSummary: summary, effectiveFrom, claimHolderId: holderId, createdAt: now, createdBy: viewer.userId };
    // What the booking will want each week if this is approved; claim the difference now.
    const wanted = weeklyUnits(segmentsOf([...approvedChain(datedVersions(fresh)), { ...proposed, status: 'APPROVED' }]));
    // Real time, not the service clock: the reconciler ages an abandoned claim by it.
    await updateAgreement(fresh, { $set: { claimingHolderId: holderId, claiming: true, claimingSince: new Date() } });
    const claim = await claimAmendmentUnits(practitioner, fresh.poolId, fresh.bookingId, holderId, wanted, { from: current.start, to: terms.end > current.end ? terms.end : current.end });
    if (!claim.ok) {
      await updateAgreement(fresh, { $set: { claimingHolderId: null, claiming: false } });
      throw capacityExceeded('The practitioner does not have the days free for this amendment', claim.shortWeeks, ['input']);
    }
    try {
      await updateAgreement(fresh, { $push: { versions: proposed }, $set: { pendingVersion: version, pendingClaimHolderId: holderId, claimingHolderId: null, claiming: false } });
    } catch (err) {
      await releaseAmendmentUnits(holderId, fresh.practitionerId);
      await updateAgreement(fresh, { $set: { claimingHolderId: null, claiming: false } }).catch(() => undefined);
      throw err;
    }
    await auditAgreement(viewer, 'agreement.amend', fresh, { terms: current }, { version, terms, effectiveFrom, summary }, now);
    return getAgreementDoc(id);
  });
}

/** A lead takes back an amendment awaiting decisions: its extra units go back and the version in force stays. */
export async function withdrawAmendment(viewer: Viewer, id: string, reason: string | null): Promise<AgreementDoc> {
  const doc = await getAgreementDoc(id);
  assertManager(viewer, doc);
  const clean = reason?.trim() || null;
  if (clean && clean.length > MAX_REASON) throw badInput(['reason'], `must be at most ${MAX_REASON} characters`);
  const r = withdrawPending(baseState(doc));
  if (!r.ok) throw agreementError(r.error);
  const version = doc.pendingVersion;
  if (!(await claimSettlement(doc._id, version, 'WITHDRAWN', viewer, clean))) {
    throw conflict(`Version ${version} has just been settled by its last decision`, { reason: 'ALREADY_SETTLED' });
  }
  await applySettlement({ agreementId: doc._id, version, outcome: 'WITHDRAWN', reason: clean, actor: viewer }, clockNow());
  return getAgreementDoc(id);
}

// ---- documents ----------------------------------------------------------

export type DocumentFormat = 'HTML' | 'MARKDOWN';

const PARTY_NAMES: Record<PartyKind, string> = { PRACTITIONER: 'Practitioner', HOME_COUNCIL: 'Home council', HOST_COUNCIL: 'Host council', PROGRAMME_LEAD: 'Programme lead' };
const NOT_NAMED = { name: 'not yet named', email: '-' };

/**
 * One version of the agreement as a document a council can file (the draft
 * when it has no versions yet). Without `version`: the one in force, else
 * the one awaiting approval, else the latest.
 */
export async function agreementDocument(doc: AgreementDoc, format: DocumentFormat, version?: number | null): Promise<string> {
  let v: AgreementVersionDoc | undefined;
  if (version !== undefined && version !== null) {
    v = doc.versions[version - 1];
    if (!v) throw badInput(['version'], doc.versions.length ? `must be between 1 and ${doc.versions.length}` : 'this agreement is a draft with no versions yet');
  } else {
    v = doc.versions[(doc.activeVersion || doc.pendingVersion || doc.versions.length) - 1];
  }
  const councilIds = [doc.homeCouncilId, ...doc.hostCouncilIds];
  const terms = v?.terms ?? doc.draftTerms!;
  // The days this version's terms come to, from when they apply: the ledger's rule.
  const from = v?.effectiveFrom && v.effectiveFrom > terms.start ? v.effectiveFrom : terms.start;
  const [pool, project, practitioner, councils, decisions, holidays] = await Promise.all([
    findPool(doc.poolId),
    findProject(doc.projectId),
    findPractitioner(doc.practitionerId),
    councilsByIds(councilIds),
    v ? decisionsOf(doc, v.version) : Promise.resolve([] as AgreementDecisionDoc[]),
    from <= terms.end ? bankHolidayDates(from, terms.end) : Promise.resolve([] as string[]),
  ]);
  const span = { start: from, end: terms.end, daysPerWeek: terms.daysPerWeek, weekdays: terms.weekdays };
  const users = await usersByIds(decisions.map((d) => d.byUserId));
  const councilName = (id: string) => councils.find((c) => c?._id === id)?.name ?? id;
  const userName = (id: string) => users.find((u) => String(u?._id) === id)?.name ?? id;
  const label = (p: Party) => (p.kind === 'HOST_COUNCIL' || p.kind === 'HOME_COUNCIL' ? `${PARTY_NAMES[p.kind]} (${councilName(p.councilId ?? '')})` : PARTY_NAMES[p.kind]);
  const view: AgreementView = {
    agreementId: String(doc._id),
    status: doc.status,
    version: v?.version ?? 0,
    versionStatus: v?.status ?? 'DRAFT',
    changeSummary: v?.changeSummary ?? '',
    poolName: pool?.name ?? doc.poolId,
    projectTitle: project?.title ?? String(doc.projectId),
    practitionerName: practitioner?.name ?? String(doc.practitionerId),
    homeCouncilName: councilName(doc.homeCouncilId),
    hostCouncilNames: doc.hostCouncilIds.map(councilName),
    terms: { ...terms, homeLineManager: terms.homeLineManager ?? NOT_NAMED, hostSupervisor: terms.hostSupervisor ?? NOT_NAMED },
    placement: { from, days: placementDays(span, holidays), bankHolidaysLeftOut: bankHolidaysLeftOut(span, holidays) },
    decisions: decisions.map((d) => {
      const x = decisionOf(d);
      return { party: label(x.party), decision: x.decision, by: userName(x.byUserId), at: x.at, reason: x.reason };
    }),
    awaiting: v ? awaitingParties(doc, v, decisions).map(label) : [],
  };
  return format === 'HTML' ? renderAgreementHtml(view) : renderAgreementMarkdown(view);
}

// ---- recovery -------------------------------------------------------------

async function actorOf(userId: string | null | undefined): Promise<Viewer | null> {
  if (!userId || !OBJECT_ID.test(userId)) return null;
  const u = await findUser(userId);
  return u ? toViewer(u) : null;
}

/**
 * Finish what crashes left: settlements claimed but not applied (older than
 * `staleMs`, by the wall clock), versions whose stored decisions settle them
 * but were never settled (the last decider's request died between its
 * decision and the settlement), and amendment units claimed for a version
 * that was never recorded. (Agreements left open by a closed booking are
 * finished by the booking reconciler.) Every read is an equality on a field
 * that marks unfinished work, so the cost follows the leftovers. Safe
 * alongside live requests: the settlement key still decides who applies, and
 * applying is idempotent.
 */
export async function reconcileAgreements(staleMs = 120_000, wallNow = new Date()): Promise<{ settled: number; finished: number; released: number }> {
  const cutoff = new Date(wallNow.getTime() - staleMs);
  const now = clockNow();
  const unapplied: AgreementSettlementDoc[] = await unappliedSettlements(cutoff);
  for (const s of unapplied) await applySettlement(s, now);

  let settled = 0;
  // $ne, not $gt: an equality the database can apply (few agreements await decisions at once).
  const pending = await agreementsAwaitingDecisions();
  for (const doc of pending) {
    const decisions = sortDecisions(await decisionsOn(doc._id, doc.pendingVersion));
    const { outcome } = replayed(doc, sortDecisions(decisions));
    if (!outcome) continue;
    if (await settlementOf(doc._id, doc.pendingVersion)) continue;
    const decisive = outcome === 'DECLINED' ? decisions.find((d) => d.decision === 'DECLINED') : decisions[decisions.length - 1];
    const actor = await actorOf(decisive?.byUserId);
    const reason = outcome === 'DECLINED' ? (decisive?.reason ?? null) : null;
    if (await claimSettlement(doc._id, doc.pendingVersion, outcome, actor, reason)) {
      await applySettlement({ agreementId: doc._id, version: doc.pendingVersion, outcome, reason, actor }, now);
      settled += 1;
    }
  }

  // An amendment whose request died after claiming units but before recording its version.
  let released = 0;
  const claiming = await agreementsClaimingSince(cutoff);
  for (const a of claiming) {
    const holder = a.claimingHolderId;
    if (holder && String(holder) !== String(a.pendingClaimHolderId)) released += await releaseAmendmentUnits(holder, a.practitionerId);
    await updateAgreement(a, { $set: { claimingHolderId: null, claiming: false } }, { claimingHolderId: holder });
  }
  return { settled, finished: unapplied.length, released };
}
