// A time-sharing agreement: the terms under which a booking moves a
// practitioner's time from their home council to the host council(s), with
// every version kept (amendments never overwrite). Decisions (approvals and
// declines) live in models/agreement-decision.ts under a unique key, so two
// parties approving at once can neither lose an approval nor approve twice.
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { AGREEMENT_STATUSES, VERSION_STATUSES } from '../server/agreements/agreement-status.ts';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const PAYERS = ['HOST_COUNCIL', 'POOL', 'HOME_COUNCIL'] as const;
export const INVOICING = ['MONTHLY', 'QUARTERLY'] as const;

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
    homeLineManager: { type: contactSchema, required: true },
    hostSupervisor: { type: contactSchema, required: true },
  },
  { _id: false },
);

const versionSchema = new Schema(
  {
    version: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: VERSION_STATUSES },
    terms: { type: termsSchema, required: true },
    changeSummary: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { _id: false },
);

const agreementSchema = new Schema(
  {
    bookingId: { type: Schema.Types.ObjectId, required: true },
    poolId: { type: String, required: true },
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    slotId: { type: Schema.Types.ObjectId, required: true },
    homeCouncilId: { type: String, required: true },
    hostCouncilIds: { type: [String], required: true },
    status: { type: String, required: true, enum: AGREEMENT_STATUSES },
    activeVersion: { type: Number, required: true, default: 0 },
    versions: { type: [versionSchema], default: [] },
    endedReason: { type: String, default: null },
  },
  { versionKey: false, collection: 'agreements', timestamps: true },
);
// One agreement per booking, even if two requests create it at once.
agreementSchema.index({ bookingId: 1 }, { unique: true });
agreementSchema.index({ poolId: 1, status: 1 });
agreementSchema.index({ practitionerId: 1 });
agreementSchema.index({ homeCouncilId: 1 });
agreementSchema.index({ hostCouncilIds: 1 });

export type AgreementTerms = InferSchemaType<typeof termsSchema>;
export type AgreementDoc = InferSchemaType<typeof agreementSchema> & { _id: Types.ObjectId };
export const Agreement = mongoose.model('Agreement', agreementSchema);
