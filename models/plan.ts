// A saved plan: a named draft of assignments (one project's squad, or a whole
// programme across a pool's projects over a period), with the inputs it was
// made from, its score and the solver's account of how good it is. A DRAFT
// can be compared with others and committed once, as bookings
// (services/plans.ts); committing marks it COMMITTED and records the bookings.
//
// Shape note for FerretDB: assignments, their contributions, unfilled slots
// and their reasons are arrays of subdocuments; no array sits directly inside
// another array, which FerretDB cannot store.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';

export const PLAN_KINDS = ['SQUAD', 'PROGRAMME'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['DRAFT', 'COMMITTED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface FactorContributionDoc {
  factor: string;
  weight: number;
  value: number;
  contribution: number;
}

export interface PlanAssignmentDoc {
  slotId: Types.ObjectId;
  projectId: Types.ObjectId;
  practitionerId: Types.ObjectId;
  /** The period and days per week the booking will have (a programme plan clips slots to its period). */
  start: string;
  end: string;
  daysPerWeek: number;
  levelStep: number;
  score: number;
  contributions: FactorContributionDoc[];
  /** Already booked when planned (kept fixed): commit leaves it alone. */
  fixed: boolean;
  /** The booking behind it: the existing one for a fixed assignment, the new one once committed. */
  bookingId: Types.ObjectId | null;
}

export interface UnfilledReasonDoc {
  code: string;
  message: string;
  count: number | null;
}

export interface UnfilledSlotDoc {
  slotId: Types.ObjectId;
  projectId: Types.ObjectId;
  missing: number;
  reasons: UnfilledReasonDoc[];
}

export interface SolverInfoDoc {
  method: string;
  status: string;
  bound: number | null;
  gap: number | null;
  timeMs: number;
  notes: string[];
}

export interface PlanDoc {
  _id: Types.ObjectId;
  name: string;
  poolId: string;
  kind: PlanKind;
  status: PlanStatus;
  projectIds: Types.ObjectId[];
  /** Inclusive ISO dates of the planned period. */
  from: string;
  to: string;
  /** Every weight used, defaults filled in. */
  weights: Record<string, number>;
  keepExistingBookings: boolean;
  timeLimitSeconds: number | null;
  assignments: PlanAssignmentDoc[];
  unfilled: UnfilledSlotDoc[];
  /** Existing bookings on the planned slots that a plan made without keeping them leaves out. */
  releasedBookingIds: Types.ObjectId[];
  objective: number;
  objectiveBreakdown: { term: string; value: number }[];
  solver: SolverInfoDoc;
  createdBy: string | null;
  committedBy: string | null;
  committedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const contributionSchema = new Schema(
  {
    factor: { type: String, required: true },
    weight: { type: Number, required: true },
    value: { type: Number, required: true },
    contribution: { type: Number, required: true },
  },
  { _id: false },
);

const assignmentSchema = new Schema(
  {
    slotId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    daysPerWeek: { type: Number, required: true },
    levelStep: { type: Number, required: true },
    score: { type: Number, required: true },
    contributions: { type: [contributionSchema], default: [] },
    fixed: { type: Boolean, required: true },
    bookingId: { type: Schema.Types.ObjectId, default: null },
  },
  { _id: false },
);

const unfilledSchema = new Schema(
  {
    slotId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    missing: { type: Number, required: true },
    reasons: {
      type: [new Schema({ code: { type: String, required: true }, message: { type: String, required: true }, count: { type: Number, default: null } }, { _id: false })],
      default: [],
    },
  },
  { _id: false },
);

const planSchema = new Schema<PlanDoc>(
  {
    name: { type: String, required: true, trim: true },
    poolId: { type: String, required: true },
    kind: { type: String, required: true, enum: PLAN_KINDS },
    status: { type: String, required: true, enum: PLAN_STATUSES },
    projectIds: { type: [Schema.Types.ObjectId], required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    weights: { type: Schema.Types.Mixed, required: true },
    keepExistingBookings: { type: Boolean, required: true },
    timeLimitSeconds: { type: Number, default: null },
    assignments: { type: [assignmentSchema], default: [] },
    unfilled: { type: [unfilledSchema], default: [] },
    releasedBookingIds: { type: [Schema.Types.ObjectId], default: [] },
    objective: { type: Number, required: true },
    objectiveBreakdown: { type: [new Schema({ term: String, value: Number }, { _id: false })], default: [] },
    solver: {
      type: new Schema(
        {
          method: { type: String, required: true },
          status: { type: String, required: true },
          bound: { type: Number, default: null },
          gap: { type: Number, default: null },
          timeMs: { type: Number, required: true },
          notes: { type: [String], default: [] },
        },
        { _id: false },
      ),
      required: true,
    },
    createdBy: { type: String, default: null },
    committedBy: { type: String, default: null },
    committedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'plans', timestamps: MODEL_TIMESTAMPS },
);
// Drafts are named for people to tell apart: one name per pool.
planSchema.index({ poolId: 1, name: 1 }, { unique: true });
// A pool's plans, paged by _id.
planSchema.index({ poolId: 1, _id: 1 });

export const Plan = mongoose.model<PlanDoc>('Plan', planSchema);
