// A time-sharing agreement: the terms under which a booking moves a
// practitioner's time from their home council to the host council(s), with
// every version kept (amendments never overwrite). Decisions (approvals and
// declines) live in models/agreement-decision.ts under a unique key, so two
// parties approving at once can neither lose an approval nor approve twice;
// the version and agreement statuses here are derived from them
// (services/agreements.ts). A draft (contacts not yet named) keeps its terms
// in draftTerms and has no versions until it is submitted.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';
import { AGREEMENT_STATUSES, VERSION_STATUSES, type AgreementStatus, type VersionStatus } from '../server/agreements/agreement-status.ts';
import { INVOICING, PAYERS, WEEKDAYS, type Terms } from '../server/agreements/agreement-terms.ts';

export { WEEKDAYS, PAYERS, INVOICING };
export type AgreementTerms = Terms;

export interface AgreementVersionDoc {
  version: number;
  status: VersionStatus;
  terms: Terms;
  changeSummary: string;
  /** v1: the placement's start; an amendment: the Monday its days apply from. */
  effectiveFrom: string;
  /** An amendment's extra capacity units are claimed under this id until it is settled. */
  claimHolderId: Types.ObjectId | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface AgreementDoc {
  _id: Types.ObjectId;
  bookingId: Types.ObjectId;
  poolId: string;
  practitionerId: Types.ObjectId;
  projectId: Types.ObjectId;
  slotId: Types.ObjectId;
  homeCouncilId: string;
  hostCouncilIds: string[];
  /** Home and hosts together: what a requester's reads filter on (one equality). */
  partyCouncilIds: string[];
  status: AgreementStatus;
  /** Version in force (0 while none has been approved). */
  activeVersion: number;
  /** Version awaiting decisions (0 when none): lets the reconciler find unsettled ones. */
  pendingVersion: number;
  /** That version's claim holder, so the reconciler does not take its units for orphans. */
  pendingClaimHolderId: Types.ObjectId | null;
  /**
   * An amendment's units being claimed under this holder, written before the
   * first claim: a crash before the version is recorded leaves it set, and the
   * reconciler gives those units back.
   */
  claimingHolderId: Types.ObjectId | null;
  /** True while claimingHolderId is set (an equality the reconciler reads by). */
  claiming: boolean;
  /** Real time the amendment's claim began: what the reconciler ages it by (updatedAt follows the service clock). */
  claimingSince: Date | null;
  versions: AgreementVersionDoc[];
  draftTerms: Terms | null;
  endedReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const contactSchema = new Schema({ name: { type: String, required: true }, email: { type: String, required: true } }, { _id: false });

const termsSchema = new Schema(
  {
    roleLevelId: { type: String, required: true },
    roleLevelName: { type: String, required: true },
    daysPerWeek: { type: Number, required: true, min: 0.5, max: 5 },
    weekdays: { type: [String], enum: WEEKDAYS, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    reviewDate: { type: String, required: true },
    dayRatePence: { type: Number, required: true, min: 0 },
    payer: { type: String, required: true, enum: PAYERS },
    backfillPerDayPence: { type: Number, required: true, min: 0 },
    invoicing: { type: String, required: true, enum: INVOICING },
    earlyTerminationNoticeWeeks: { type: Number, required: true, min: 0 },
    recallNoticeWeeks: { type: Number, required: true, min: 0 },
    // Both are named before a version goes out for approval (the service checks).
    homeLineManager: { type: contactSchema, default: null },
    hostSupervisor: { type: contactSchema, default: null },
  },
  { _id: false },
);

const versionSchema = new Schema(
  {
    version: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: VERSION_STATUSES },
    terms: { type: termsSchema, required: true },
    changeSummary: { type: String, default: '' },
    effectiveFrom: { type: String, required: true },
    claimHolderId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { _id: false },
);

const agreementSchema = new Schema<AgreementDoc>(
  {
    bookingId: { type: Schema.Types.ObjectId, required: true },
    poolId: { type: String, required: true },
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    slotId: { type: Schema.Types.ObjectId, required: true },
    homeCouncilId: { type: String, required: true },
    hostCouncilIds: { type: [String], required: true },
    partyCouncilIds: { type: [String], default: [] },
    status: { type: String, required: true, enum: AGREEMENT_STATUSES },
    activeVersion: { type: Number, required: true, default: 0 },
    pendingVersion: { type: Number, required: true, default: 0 },
    pendingClaimHolderId: { type: Schema.Types.ObjectId, default: null },
    claimingHolderId: { type: Schema.Types.ObjectId, default: null },
    claiming: { type: Boolean, default: false },
    claimingSince: { type: Date, default: null },
    versions: { type: [versionSchema], default: [] },
    draftTerms: { type: termsSchema, default: null },
    endedReason: { type: String, default: null },
    createdBy: { type: String, default: null },
  },
  { versionKey: false, collection: 'agreements', timestamps: MODEL_TIMESTAMPS },
);
// One agreement per booking, even if two requests create it at once.
agreementSchema.index({ bookingId: 1 }, { unique: true });
agreementSchema.index({ poolId: 1, status: 1 });
agreementSchema.index({ practitionerId: 1 });
agreementSchema.index({ homeCouncilId: 1 });
agreementSchema.index({ hostCouncilIds: 1 });
agreementSchema.index({ partyCouncilIds: 1 });
// Derived, so no writer can forget it.
agreementSchema.pre('validate', function () {
  this.partyCouncilIds = [...new Set([this.homeCouncilId, ...this.hostCouncilIds])];
});
agreementSchema.index({ pendingVersion: 1 });
agreementSchema.index({ pendingClaimHolderId: 1 });
agreementSchema.index({ claiming: 1 });

export const Agreement = mongoose.model<AgreementDoc>('Agreement', agreementSchema);
