// The agreement aggregate's collections: agreements, their decisions (one
// per party and version, under a unique key) and their settlements (one per
// version, under a unique key). Reads are by _id, or by an equality on the
// booking, the agreement, a party council, the pool or a marker of pending
// work.
import { Types } from 'mongoose';
import { Agreement, type AgreementDoc } from '../../models/agreement.ts';
import { AgreementDecision, type AgreementDecisionDoc } from '../../models/agreement-decision.ts';
import { AgreementSettlement, settlementId, type AgreementSettlementDoc } from '../../models/agreement-settlement.ts';
import type { PageArgs } from '../pagination.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { allOf, findByIds, findIn, findPage, groupByKey, orderByIds } from './queries.ts';
import { changed } from './changes.ts';

export type { AgreementDoc, AgreementDecisionDoc, AgreementSettlementDoc };

type Filter = Record<string, unknown>;
type Id = Types.ObjectId | string;
const oid = (id: Id) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const validIds = (ids: readonly string[]) => ids.filter((id) => Types.ObjectId.isValid(id)).map(oid);

// ---- agreements -----------------------------------------------------------

export const findAgreement = (id: Id) => Agreement.findById(id).lean<AgreementDoc>();

export const findAgreementByBooking = (bookingId: Id) => Agreement.findOne({ bookingId: oid(bookingId) }).lean<AgreementDoc>();

export async function agreementsByIds(ids: readonly string[]): Promise<(AgreementDoc | null)[]> {
  return orderByIds(await findByIds<AgreementDoc>(Agreement, validIds(ids)), ids);
}

export async function agreementsByBookingIds(ids: readonly Id[]): Promise<(AgreementDoc | null)[]> {
  const docs = await findIn<AgreementDoc>(Agreement, 'bookingId', validIds(ids.map(String)));
  const byBooking = new Map(docs.map((d) => [String(d.bookingId), d]));
  return ids.map((id) => byBooking.get(String(id)) ?? null);
}

export type NewAgreement = Omit<AgreementDoc, '_id' | 'createdAt' | 'updatedAt' | 'partyCouncilIds' | 'claiming' | 'claimingSince' | 'claimingHolderId' | 'endedReason'>;

export async function insertAgreement(a: NewAgreement): Promise<AgreementDoc> {
  const doc = await insertUnlessTaken<AgreementDoc>(Agreement, { ...a });
  if (!doc) throw new Error('the booking already has an agreement');
  changed('agreements', [a.practitionerId]);
  return doc;
}

/** Apply an update to one agreement; `unchanged` adds fields the write relies on (e.g. its status). */
export async function updateAgreement(a: Pick<AgreementDoc, '_id' | 'practitionerId'>, update: Filter, unchanged: Filter = {}): Promise<boolean> {
  const res = await retryWhenBusy(() => Agreement.updateOne({ _id: a._id, ...unchanged }, update).exec());
  changed('agreements', [a.practitionerId]);
  return res.matchedCount === 1;
}

export async function deleteAgreementsOfBooking(bookingId: Types.ObjectId): Promise<void> {
  await retryWhenBusy(() => Agreement.deleteMany({ bookingId }).exec());
  changed('agreements');
}

export const agreementsPage = (conditions: Filter[], page: PageArgs) => findPage<AgreementDoc>(Agreement, allOf(conditions), page);

/** Agreements with a version awaiting decisions ($ne: an equality the database applies; they are few). */
export const agreementsAwaitingDecisions = () => Agreement.find({ pendingVersion: { $ne: 0 } }).lean<AgreementDoc[]>();

/** Agreements whose amendment claim intent is older than the cutoff. */
export const agreementsClaimingSince = (cutoff: Date) =>
  Agreement.find({ claiming: true, claimingSince: { $lt: cutoff } }, { practitionerId: 1, claimingHolderId: 1, pendingClaimHolderId: 1 }).lean<AgreementDoc[]>();

/** Agreements of these bookings (versions only), for the ledger and feeds. */
export const agreementsOfBookings = (bookingIds: readonly Types.ObjectId[]) => findIn<AgreementDoc>(Agreement, 'bookingId', bookingIds);

// ---- decisions --------------------------------------------------------------

/** Every decision on an agreement, or on one version of it (unsorted). */
export const decisionsOn = (agreementId: Types.ObjectId, version?: number) =>
  AgreementDecision.find({ agreementId, ...(version === undefined ? {} : { version }) }).lean<AgreementDecisionDoc[]>();

/** Decisions on each agreement (DataLoader batch), ordered by `sort`. */
export async function decisionsByAgreementIds(ids: readonly string[], sort: (d: AgreementDecisionDoc[]) => AgreementDecisionDoc[]): Promise<AgreementDecisionDoc[][]> {
  const docs = await findIn<AgreementDecisionDoc>(AgreementDecision, 'agreementId', validIds(ids));
  return groupByKey(sort(docs), 'agreementId', ids);
}

/** Record one party's decision; false when that party has already decided on that version (the unique key). */
export async function insertDecision(d: AgreementDecisionDoc, practitionerId: Types.ObjectId): Promise<boolean> {
  const recorded = (await insertUnlessTaken(AgreementDecision, d)) !== null;
  changed('agreement_decisions', [practitionerId]);
  return recorded;
}

// ---- settlements ------------------------------------------------------------

/** Claim the right to settle a version: true for the one request that inserts the key. */
export async function insertSettlement(s: Omit<AgreementSettlementDoc, '_id' | 'applied' | 'claimedAt'>): Promise<boolean> {
  return (await insertUnlessTaken(AgreementSettlement, { ...s, _id: settlementId(String(s.agreementId), s.version), claimedAt: new Date(), applied: false })) !== null;
}

export async function markSettlementApplied(agreementId: Types.ObjectId, version: number): Promise<void> {
  await retryWhenBusy(() => AgreementSettlement.updateOne({ _id: settlementId(String(agreementId), version) }, { $set: { applied: true } }).exec());
}

export const findSettlement = (agreementId: Types.ObjectId, version: number) => AgreementSettlement.findById(settlementId(String(agreementId), version)).lean<AgreementSettlementDoc>();

/** Settlements claimed before the cutoff whose effects were never all applied. */
export const unappliedSettlements = (cutoff: Date) => AgreementSettlement.find({ applied: false, claimedAt: { $lt: cutoff } }).lean<AgreementSettlementDoc[]>();
