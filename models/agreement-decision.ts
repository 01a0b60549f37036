// One party's decision on one version of an agreement. The _id is
// "<agreementId>:<version>:<party>" so the database's unique key refuses a
// second decision by the same party, however the requests race.
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

const agreementDecisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    partyKind: { type: String, required: true, enum: ['PRACTITIONER', 'HOME_COUNCIL', 'HOST_COUNCIL', 'PROGRAMME_LEAD'] },
    councilId: { type: String, default: null },
    decision: { type: String, required: true, enum: ['APPROVED', 'DECLINED'] },
    reason: { type: String, default: null },
    byUserId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'agreement_decisions' },
);
agreementDecisionSchema.index({ agreementId: 1, version: 1 });

export type AgreementDecisionDoc = InferSchemaType<typeof agreementDecisionSchema> & { _id: string; agreementId: Types.ObjectId };
export const AgreementDecision = mongoose.model('AgreementDecision', agreementDecisionSchema);

export const decisionId = (agreementId: string, version: number, partyKind: string, councilId: string | null) =>
  `${agreementId}:${version}:${partyKind}${councilId ? `:${councilId}` : ''}`;
