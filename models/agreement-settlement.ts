// How one version of an agreement was settled: approved (by the last
// approval), declined, or withdrawn (amendment taken back, booking cancelled
// or ended). The _id is "<agreementId>:<version>", so the unique key lets
// exactly one request settle a version: racing last approvers, or an approval
// racing a withdrawal, cannot both apply their effects (confirm the booking,
// hand over or release capacity). `applied` turns true once every effect is
// done; the reconciler finishes a settlement whose request died half-way,
// acting as the recorded actor.
import mongoose, { Schema, type Types } from 'mongoose';
import type { Viewer } from '../server/auth/viewer.ts';

export const SETTLEMENT_OUTCOMES = ['APPROVED', 'DECLINED', 'WITHDRAWN'] as const;
export type SettlementOutcome = (typeof SETTLEMENT_OUTCOMES)[number];

export interface AgreementSettlementDoc {
  _id: string;
  agreementId: Types.ObjectId;
  version: number;
  outcome: SettlementOutcome;
  reason: string | null;
  actor: Viewer | null;
  /** Wall-clock time of the claim: staleness is about crashes, not business dates. */
  claimedAt: Date;
  applied: boolean;
}

const agreementSettlementSchema = new Schema<AgreementSettlementDoc>(
  {
    _id: { type: String, required: true },
    agreementId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    outcome: { type: String, required: true, enum: SETTLEMENT_OUTCOMES },
    reason: { type: String, default: null },
    actor: { type: Schema.Types.Mixed, default: null },
    claimedAt: { type: Date, required: true },
    applied: { type: Boolean, required: true, default: false },
  },
  { versionKey: false, collection: 'agreement_settlements' },
);
agreementSettlementSchema.index({ applied: 1, claimedAt: 1 });
agreementSettlementSchema.index({ agreementId: 1 });

export const AgreementSettlement = mongoose.model<AgreementSettlementDoc>('AgreementSettlement', agreementSettlementSchema);

export const settlementId = (agreementId: string, version: number) => `${agreementId}:${version}`;
