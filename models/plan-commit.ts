// The one-time claim to commit a plan: _id is the plan's id, so the unique
// _id index lets exactly one request commit it, however many race (FerretDB's
// conditional updates are not atomic, so "update where status is DRAFT" would
// not do). The bookings made so far are recorded as they are made, so a
// commit interrupted by a crash can be seen and undone by hand. A failed
// commit deletes its claim after undoing its bookings, leaving the plan DRAFT.
import mongoose, { Schema, type Types } from 'mongoose';

export interface PlanCommitDoc {
  _id: Types.ObjectId;
  status: 'COMMITTING' | 'COMMITTED';
  bookingIds: Types.ObjectId[];
  byUserId: string | null;
  startedAt: Date;
}

const planCommitSchema = new Schema<PlanCommitDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true }, // the plan's id
    status: { type: String, required: true, enum: ['COMMITTING', 'COMMITTED'] },
    bookingIds: { type: [Schema.Types.ObjectId], default: [] },
    byUserId: { type: String, default: null },
    startedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'plan_commits' },
);

export const PlanCommit = mongoose.model<PlanCommitDoc>('PlanCommit', planCommitSchema);
