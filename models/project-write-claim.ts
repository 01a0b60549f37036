// A claim to write one revision of a project: the _id is
// "<projectId>:<revision>", so the unique _id index lets only one request
// write a project from a given revision. FerretDB checks an update's filter
// and applies the write separately, so a filter on the revision alone lets
// two racing writers both "succeed" and one silently overwrite the other;
// the claim is what makes the second one fail instead (services/projects.ts).
// Claims are deleted once the write is done; one left by a crashed request
// is taken over when stale.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const projectWriteClaimSchema = new Schema(
  {
    _id: { type: String, required: true }, // "<projectId>:<revision>"
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'project_write_claims' },
);

export type ProjectWriteClaimDoc = InferSchemaType<typeof projectWriteClaimSchema> & { _id: string };
export const ProjectWriteClaim = mongoose.model('ProjectWriteClaim', projectWriteClaimSchema);
