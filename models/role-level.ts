// The DDaT job ladder: role families, roles, and role levels (named jobs such
// as "Senior user researcher") with the skill proficiencies each level expects.
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { PROFICIENCIES } from '../server/reference/ddat.ts';

const roleFamilySchema = new Schema(
  { _id: { type: String, required: true }, name: { type: String, required: true } },
  { versionKey: false, collection: 'role_families' },
);

const roleSchema = new Schema(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
  },
  { versionKey: false, collection: 'roles' },
);
roleSchema.index({ familyId: 1, _id: 1 });

const expectedSkillSchema = new Schema(
  { skillId: { type: String, required: true }, proficiency: { type: String, required: true, enum: PROFICIENCIES } },
  { _id: false },
);

const roleLevelSchema = new Schema(
  {
    _id: { type: String, required: true },
    roleId: { type: String, required: true },
    familyId: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    rank: { type: Number, required: true, min: 0 },
    expectedSkills: { type: [expectedSkillSchema], default: [] },
  },
  { versionKey: false, collection: 'role_levels' },
);
roleLevelSchema.index({ roleId: 1, rank: 1, _id: 1 });
roleLevelSchema.index({ familyId: 1, _id: 1 });

export type RoleFamilyDoc = InferSchemaType<typeof roleFamilySchema> & { _id: string };
export type RoleDoc = InferSchemaType<typeof roleSchema> & { _id: string };
export type RoleLevelDoc = InferSchemaType<typeof roleLevelSchema> & { _id: string };
export const RoleFamily = mongoose.model('RoleFamily', roleFamilySchema);
export const Role = mongoose.model('Role', roleSchema);
export const RoleLevel = mongoose.model('RoleLevel', roleLevelSchema);
