// A DDaT Capability Framework skill, with what each proficiency means.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const skillSchema = new Schema(
  {
    _id: { type: String, required: true }, // slug of the name
    name: { type: String, required: true },
    description: { type: String, default: '' },
    levelDescriptions: {
      Awareness: { type: String, default: '' },
      Working: { type: String, default: '' },
      Practitioner: { type: String, default: '' },
      Expert: { type: String, default: '' },
    },
  },
  { versionKey: false, collection: 'skills' },
);
skillSchema.index({ name: 1 }, { unique: true });

export type SkillDoc = InferSchemaType<typeof skillSchema> & { _id: string };
export const Skill = mongoose.model('Skill', skillSchema);
