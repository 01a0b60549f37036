// A council: an English local authority keyed by its GSS code (reference data
// from mySociety, CC-BY-4.0).
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const linkSchema = new Schema({ gssCode: { type: String, required: true }, name: { type: String, required: true } }, { _id: false });

const councilSchema = new Schema(
  {
    _id: { type: String, required: true, match: /^E\d{8}$/ }, // GSS code
    code: { type: String, required: true },
    name: { type: String, required: true },
    officialName: { type: String, required: true },
    type: { type: String, required: true },
    typeName: { type: String, required: true },
    region: { type: String, required: true },
    county: { type: linkSchema, default: null },
    combinedAuthority: { type: linkSchema, default: null },
  },
  { versionKey: false, collection: 'councils' },
);
councilSchema.index({ region: 1, type: 1, _id: 1 });

export type CouncilDoc = InferSchemaType<typeof councilSchema> & { _id: string };
export const Council = mongoose.model('Council', councilSchema);
