// A claim to write one revision of one document: the _id is
// "<collection>:<id>:<revision>", so the unique _id index lets only one
// request write a document from a given revision. FerretDB checks an
// update's filter and applies the write separately, so a filter on the
// revision alone lets two racing writers both "succeed" and one silently
// overwrite the other (a lost leave entry, a lost approval); the claim is
// what makes the second one fail instead (server/store/guarded-write.ts).
// Claims are deleted once the write is done; one left by a crashed request
// is taken over when stale.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const writeClaimSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<collection>:<id>:<revision>"
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'write_claims' },
);

export type WriteClaimDoc = InferSchemaType<typeof writeClaimSchema> & { _id: string };
export const WriteClaim = mongoose.model('WriteClaim', writeClaimSchema);
