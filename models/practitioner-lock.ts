// A short-lived lock on one practitioner's calendar, held while a booking
// claims capacity. The _id is the practitioner id, so the unique key makes
// acquiring it an insert that only one request can win. It is for fairness
// (racing bookings are served one at a time, so none fails spuriously); the
// no-overbooking invariant itself rests on capacity_claims' unique keys.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const practitionerLockSchema = new Schema(
  {
    _id: { type: String, required: true }, // practitioner id
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'practitioner_locks' },
);

export type PractitionerLockDoc = InferSchemaType<typeof practitionerLockSchema> & { _id: string };
export const PractitionerLock = mongoose.model('PractitionerLock', practitionerLockSchema);
