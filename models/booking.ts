// A booking: a practitioner's time claimed for a project slot over a period,
// at some half-day units per ISO week. Tentative until its agreement is
// approved, then confirmed. The capacity units it holds are separate
// documents (models/capacity-claim.ts) under a unique key, which is what makes
// overbooking impossible even without transactions.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';

// CLAIMING: created, still claiming capacity; never acknowledged to a client.
// The reconciler removes one left behind by a crash.
export const BOOKING_STATUSES = ['CLAIMING', 'TENTATIVE', 'CONFIRMED', 'ENDED', 'RECALLED', 'CANCELLED'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses whose days count against capacity (an ended or recalled booking counts up to its new end). */
export const LIVE_BOOKING_STATUSES: BookingStatus[] = ['TENTATIVE', 'CONFIRMED', 'ENDED', 'RECALLED'];

export interface BookingStatusChange {
  status: BookingStatus;
  at: Date;
  byUserId: string | null;
  note: string | null;
}

export interface BookingDoc {
  _id: Types.ObjectId;
  practitionerId: Types.ObjectId;
  projectId: Types.ObjectId;
  slotId: Types.ObjectId;
  poolId: string;
  contractId: Types.ObjectId;
  homeCouncilId: string;
  hostCouncilIds: string[];
  partyCouncilIds: string[];
  start: string;
  end: string;
  unitsPerWeek: number;
  status: BookingStatus;
  statusHistory: BookingStatusChange[];
  createdBy: string | null;
  pendingEffects: boolean;
  /** Real time the unfinished work began (see the schema); null once there is none to age. */
  workingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const bookingSchema = new Schema<BookingDoc>(
  {
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    projectId: { type: Schema.Types.ObjectId, required: true },
    slotId: { type: Schema.Types.ObjectId, required: true },
    poolId: { type: String, required: true },
    contractId: { type: Schema.Types.ObjectId, required: true },
    homeCouncilId: { type: String, required: true },
    hostCouncilIds: { type: [String], required: true },
    // Home and hosts together: what a requester's reads filter on (one equality).
    partyCouncilIds: { type: [String], default: [] },
    start: { type: String, required: true }, // ISO date, inclusive
    end: { type: String, required: true }, // ISO date, inclusive (moved earlier when ended or recalled)
    unitsPerWeek: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: BOOKING_STATUSES },
    statusHistory: {
      type: [new Schema({ status: String, at: Date, byUserId: { type: String, default: null }, note: { type: String, default: null } }, { _id: false })],
      default: [],
    },
    createdBy: { type: String, default: null },
    // True from a cancel, end or recall until its capacity, seat and agreement
    // are released and closed: the reconciler finds a crash's leftovers by it
    // (an equality read) instead of reading every booking or claim.
    pendingEffects: { type: Boolean, default: false },
    // Wall-clock time a CLAIMING insert or a closing began: the reconciler
    // ages leftovers by it. Not createdAt/updatedAt, which follow the service
    // clock (server/clock.ts) and so stand still under FIXED_NOW.
    workingSince: { type: Date, default: null },
  },
  { versionKey: false, collection: 'bookings', timestamps: MODEL_TIMESTAMPS },
);
bookingSchema.index({ practitionerId: 1, start: 1 });
bookingSchema.index({ projectId: 1, slotId: 1 });
bookingSchema.index({ poolId: 1, status: 1 });
bookingSchema.index({ status: 1, workingSince: 1 });
bookingSchema.index({ pendingEffects: 1 });
bookingSchema.index({ partyCouncilIds: 1 });
// Derived, so no writer can forget it.
bookingSchema.pre('validate', function () {
  this.partyCouncilIds = [...new Set([this.homeCouncilId, ...this.hostCouncilIds])];
});

export const Booking = mongoose.model<BookingDoc>('Booking', bookingSchema);
