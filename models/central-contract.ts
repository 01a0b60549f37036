// A central contract: practitioner + home council + pool. It gives the pool a
// call on some of the practitioner's time (days per week) over a term, with
// the home council's recall notice and the days it keeps. Only an APPROVED or
// ACTIVE contract, within its dates, makes the practitioner bookable by the
// pool (services/central-contracts.ts bookableContract). Each status change
// is kept on the document; the audit log holds who did what, with snapshots.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';
import { CONTRACT_ACTIONS, CONTRACT_STATUSES, type ContractAction, type ContractStatus } from '../server/contracts/contract-status.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ContractStatusChangeDoc {
  status: ContractStatus;
  action: ContractAction | 'propose';
  at: Date;
  byUserId: string | null;
  note: string | null;
}

export interface CentralContractDoc {
  _id: Types.ObjectId;
  practitionerId: Types.ObjectId;
  homeCouncilId: string;
  poolId: string;
  /** Half-day steps, > 0. */
  daysPerWeek: number;
  /** Inclusive ISO dates. */
  start: string;
  end: string;
  recallNoticeWeeks: number;
  /** Days per week the home council keeps, whatever the pool asks. */
  guaranteedReleaseDays: number;
  status: ContractStatus;
  /** `start` while the contract is live; "ended:<id>" once ENDED, so it no longer holds the unique key. */
  liveStart: string;
  statusHistory: ContractStatusChangeDoc[];
  /** Bumped by every write (server/store/guarded-write.ts). */
  revision?: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const statusChangeSchema = new Schema(
  {
    status: { type: String, required: true, enum: CONTRACT_STATUSES },
    action: { type: String, required: true, enum: [...CONTRACT_ACTIONS, 'propose'] },
    at: { type: Date, required: true },
    byUserId: { type: String, default: null },
    note: { type: String, default: null },
  },
  { _id: false },
);

const centralContractSchema = new Schema<CentralContractDoc>(
  {
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    homeCouncilId: { type: String, required: true },
    poolId: { type: String, required: true },
    daysPerWeek: { type: Number, required: true, min: 0.5, max: 7 },
    start: { type: String, required: true, match: ISO_DATE },
    end: { type: String, required: true, match: ISO_DATE },
    recallNoticeWeeks: { type: Number, required: true, min: 0 },
    guaranteedReleaseDays: { type: Number, required: true, min: 0 },
    status: { type: String, required: true, enum: CONTRACT_STATUSES },
    liveStart: { type: String, required: true },
    statusHistory: { type: [statusChangeSchema], default: [] },
    revision: { type: Number, default: 0 },
    createdBy: { type: String, default: null },
  },
  { versionKey: false, collection: 'central_contracts', timestamps: MODEL_TIMESTAMPS },
);
// The no-overlap rule is checked by the service on propose; this unique key
// backs the common case of the same proposal submitted twice at once. It is
// on liveStart rather than start so that a withdrawn or ended contract does
// not stop the same dates being proposed again (FerretDB has no partial
// indexes, which would be the other way to say "live contracts only").
centralContractSchema.index({ practitionerId: 1, poolId: 1, liveStart: 1 }, { unique: true });
// Bookable contracts of a pool over a period; a pool's contracts by status.
centralContractSchema.index({ poolId: 1, status: 1, start: 1 });
centralContractSchema.index({ homeCouncilId: 1, _id: 1 });
// Bookable contracts of every pool (the matching roster, free-capacity search).
centralContractSchema.index({ status: 1 });

export const CentralContract = mongoose.model<CentralContractDoc>('CentralContract', centralContractSchema);
