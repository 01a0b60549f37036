// A pool: the body that holds central contracts, scoped to a footprint of
// councils (a combined authority's members, a region, ...). A council may be
// in more than one pool.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const poolSchema = new Schema(
  {
    _id: { type: String, required: true, match: /^[a-z0-9][a-z0-9-]{1,62}$/ }, // slug
    name: { type: String, required: true, trim: true },
    description: { type: String, default: '' },
    footprint: { type: [String], required: true }, // GSS codes
  },
  { versionKey: false, collection: 'pools', timestamps: MODEL_TIMESTAMPS },
);
poolSchema.index({ name: 1 }, { unique: true });
poolSchema.index({ footprint: 1 });

export type PoolDoc = InferSchemaType<typeof poolSchema> & { _id: string };
export const Pool = mongoose.model('Pool', poolSchema);
