// One claimed half-day unit of a practitioner's capacity in one ISO week.
// The _id is "<practitionerId>:<scope>:<week>:<unit>" with unit in
// 1..capacity, so
// the database's unique _id index is what stops two bookings holding the same
// unit: a booking claims by insert and releases by delete. This holds under
// any number of concurrent requests and server processes, without
// transactions or atomic conditional updates (which FerretDB lacks).
// Two scopes are claimed for every booking: "all" numbers the person's units
// across every pool (their total capacity), and the pool's id numbers the
// units within that pool's contract allowance, so neither limit can be passed.
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

const capacityClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    practitionerId: { type: Schema.Types.ObjectId, required: true },
    scope: { type: String, required: true }, // "all", or a pool id
    week: { type: String, required: true }, // ISO week key, e.g. 2026-W48
    unit: { type: Number, required: true, min: 1 },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'capacity_claims' },
);
capacityClaimSchema.index({ practitionerId: 1, scope: 1, week: 1 });
capacityClaimSchema.index({ bookingId: 1 });

export type CapacityClaimDoc = InferSchemaType<typeof capacityClaimSchema> & { _id: string; bookingId: Types.ObjectId };
export const CapacityClaim = mongoose.model('CapacityClaim', capacityClaimSchema);

export const ALL_POOLS = 'all';
export const claimId = (practitionerId: string, scope: string, week: string, unit: number) => `${practitionerId}:${scope}:${week}:${unit}`;
