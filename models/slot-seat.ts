// A seat on a project slot held by a booking for one ISO week. Two documents
// per booking and week, each under a unique _id: "<slotId>:seat:<n>:<week>"
// with n in 1..headcount (so a slot never has more people than it asked for
// in any week) and "<slotId>:person:<practitionerId>:<week>" (so nobody fills
// two seats of one slot at once). Claimed by insert, released by delete, like
// capacity claims: a booking ended early or recalled gives back the weeks
// after its new end. A numbered seat above the slot's headcount is held by a
// `retired` marker once the headcount has been cut (bookingId is then the id
// of the change that retired it), so a booking that read the old headcount a
// moment ago still cannot take it.
import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';

const slotSeatSchema = new Schema(
  {
    _id: { type: String, required: true },
    slotId: { type: Schema.Types.ObjectId, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    week: { type: String, required: true },
    /** The seat number; null for a person's seat. */
    n: { type: Number, default: null },
    claimedAt: { type: Date, required: true },
    retired: { type: Boolean, default: false },
  },
  { versionKey: false, collection: 'slot_seats' },
);
slotSeatSchema.index({ bookingId: 1 });
slotSeatSchema.index({ slotId: 1 });

export type SlotSeatDoc = InferSchemaType<typeof slotSeatSchema> & { _id: string; bookingId: Types.ObjectId };
export const SlotSeat = mongoose.model('SlotSeat', slotSeatSchema);
