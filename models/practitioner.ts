// A practitioner: a person in the pool, employed by their home council. The
// profile (DDaT role level, skills, region, working pattern, preferences) is
// what matching reads; leave is embedded so that capacity needs no extra
// query (one practitioner's leave is small, and edited by one person).
//
// Denormalised for fast filtering and matching: roleId and levelRank (from
// the role level), and skillKeys, one "<skillId>:<n>" for every proficiency
// step n held (Expert in "user-research" gives user-research:1..4), so "at
// least Practitioner in X" is the index lookup skillKeys = "X:3". FerretDB
// v1.24 has no $elemMatch over subdocuments, which the obvious query needs.
//
// contractPoolIds: every pool the person has ever had a contract with (of
// any status), so a pool's search is one equality read rather than a read of
// all its contracts. Added before the contract is inserted: a pool listed
// without a contract (a proposal that then failed) is filtered out by the
// contracts themselves, which stay the source of truth.
//
// Writes go through the guarded write (server/store/guarded-write.ts), a
// unique claim on the revision read, so a concurrent edit is retried rather
// than silently overwritten. Capacity itself is held by unique claim keys.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';
import { PROFICIENCIES, type Proficiency } from '../server/reference/ddat.ts';
import { SERVICE_AREA_KEYS, type ServiceArea } from '../server/reference/service-areas.ts';
import { REGIONS, type RegionName } from '../server/reference/regions.ts';
import { WORK_PREFERENCES, type WorkPreference } from '../server/practitioners/practitioner-input.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PractitionerSkillDoc {
  skillId: string;
  proficiency: Proficiency;
}

export interface LeaveDoc {
  _id: Types.ObjectId;
  start: string;
  end: string;
  halfDay: boolean;
  note: string | null;
}

export interface PractitionerDoc {
  _id: Types.ObjectId;
  name: string;
  email: string;
  homeCouncilId: string;
  roleLevelId: string;
  roleId: string;
  levelRank: number;
  skills: PractitionerSkillDoc[];
  skillKeys: string[];
  region: RegionName;
  /** Half-day units worked Monday..Sunday, each 0, 1 or 2 (server/calendar/capacity.ts WorkingPattern). */
  workingPattern: number[];
  serviceAreas: ServiceArea[];
  workPreference: WorkPreference;
  leave: LeaveDoc[];
  contractPoolIds: string[];
  revision: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const skillSchema = new Schema(
  { skillId: { type: String, required: true }, proficiency: { type: String, required: true, enum: PROFICIENCIES } },
  { _id: false },
);

const leaveSchema = new Schema({
  // _id: an ObjectId mongoose assigns, so one entry can be removed by id.
  start: { type: String, required: true, match: ISO_DATE },
  end: { type: String, required: true, match: ISO_DATE },
  halfDay: { type: Boolean, required: true, default: false },
  note: { type: String, default: null },
});

const practitionerSchema = new Schema<PractitionerDoc>(
  {
    name: { type: String, required: true, trim: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    homeCouncilId: { type: String, required: true, match: /^E\d{8}$/ },
    roleLevelId: { type: String, required: true },
    roleId: { type: String, required: true },
    levelRank: { type: Number, required: true, min: 0 },
    skills: { type: [skillSchema], default: [] },
    skillKeys: { type: [String], default: [] },
    region: { type: String, required: true, enum: Object.values(REGIONS) },
    workingPattern: {
      type: [Number],
      required: true,
      validate: { validator: (p: number[]) => p.length === 7 && p.every((u) => u === 0 || u === 1 || u === 2), message: '7 values of 0, 1 or 2' },
    },
    serviceAreas: { type: [String], enum: SERVICE_AREA_KEYS, default: [] },
    workPreference: { type: String, required: true, enum: WORK_PREFERENCES },
    leave: { type: [leaveSchema], default: [] },
    contractPoolIds: { type: [String], default: [] },
    revision: { type: Number, required: true, default: 0 },
    createdBy: { type: String, default: null },
  },
  { versionKey: false, collection: 'practitioners', timestamps: MODEL_TIMESTAMPS },
);
// One profile per person: the email is their identity across councils.
practitionerSchema.index({ email: 1 }, { unique: true });
// Search filters: scope by home council, then role, skills, region; pages by _id.
practitionerSchema.index({ homeCouncilId: 1, _id: 1 });
practitionerSchema.index({ roleId: 1, levelRank: 1 });
practitionerSchema.index({ roleLevelId: 1 });
practitionerSchema.index({ skillKeys: 1 });
practitionerSchema.index({ region: 1 });
practitionerSchema.index({ contractPoolIds: 1 });

export const Practitioner = mongoose.model<PractitionerDoc>('Practitioner', practitionerSchema);
