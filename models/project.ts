// A project: a council's (or a consortium's) request for squad support from
// one pool, with the slots (roles) it needs. Slots are embedded with their
// own ObjectIds, which bookings and agreements reference (slotId). The status
// history is kept on the document; the audit log holds the full before/after.
//
// Shape note for FerretDB: slots and statusHistory are arrays of
// subdocuments, and a slot holds arrays of subdocuments (required, desired);
// there are no arrays directly inside arrays, which FerretDB cannot store.
import { MODEL_TIMESTAMPS } from '../server/clock.ts';
import mongoose, { Schema, type Types } from 'mongoose';
import { PROFICIENCIES } from '../server/reference/ddat.ts';
import { SERVICE_AREA_KEYS } from '../server/reference/service-areas.ts';
import { PROJECT_STATUSES, PROJECT_ACTIONS, type ProjectStatus, type ProjectAction } from '../server/projects/project-status.ts';
import { PROJECT_PRIORITIES } from '../server/projects/priority.ts';
import { ON_SITE_EXPECTATIONS, PROJECT_PHASES, type ProjectFields, type SlotData } from '../server/projects/project-input.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SlotDoc extends SlotData {
  _id: Types.ObjectId;
}

export interface StatusChangeDoc {
  from: ProjectStatus | null; // null for the creation entry
  to: ProjectStatus;
  action: ProjectAction | 'create';
  at: Date;
  byUserId: string | null;
  note: string | null;
}

export interface ProjectDoc extends ProjectFields {
  _id: Types.ObjectId;
  leadCouncilId: string;
  slots: SlotDoc[];
  status: ProjectStatus;
  statusHistory: StatusChangeDoc[];
  /** Bumped by every write; writes filter on it to notice a concurrent change (see services/projects.ts). */
  revision: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const skillNeedSchema = new Schema(
  { skillId: { type: String, required: true }, proficiency: { type: String, required: true, enum: PROFICIENCIES } },
  { _id: false },
);

const slotSchema = new Schema({
  // _id: an ObjectId mongoose assigns; bookings reference it as slotId.
  roleLevelId: { type: String, required: true },
  roleId: { type: String, required: true },
  levelRank: { type: Number, required: true, min: 0 },
  required: { type: [skillNeedSchema], default: [] },
  requiredFromRoleLevel: { type: Boolean, required: true },
  desired: { type: [skillNeedSchema], default: [] },
  daysPerWeek: { type: Number, required: true, min: 0.5, max: 5 },
  start: { type: String, required: true, match: ISO_DATE },
  end: { type: String, required: true, match: ISO_DATE },
  headcount: { type: Number, required: true, min: 1, max: 20 },
});

const statusChangeSchema = new Schema(
  {
    from: { type: String, default: null, enum: PROJECT_STATUSES },
    to: { type: String, required: true, enum: PROJECT_STATUSES },
    action: { type: String, required: true, enum: [...PROJECT_ACTIONS, 'create'] },
    at: { type: Date, required: true },
    byUserId: { type: String, default: null },
    note: { type: String, default: null },
  },
  { _id: false },
);

const projectSchema = new Schema<ProjectDoc>(
  {
    title: { type: String, required: true, trim: true },
    outcome: { type: String, required: true },
    serviceArea: { type: String, required: true, enum: SERVICE_AREA_KEYS },
    phase: { type: String, required: true, enum: PROJECT_PHASES },
    start: { type: String, required: true, match: ISO_DATE }, // inclusive
    end: { type: String, required: true, match: ISO_DATE }, // inclusive
    priority: { type: String, required: true, enum: PROJECT_PRIORITIES },
    onSiteExpectation: { type: String, required: true, enum: ON_SITE_EXPECTATIONS },
    poolId: { type: String, required: true },
    leadCouncilId: { type: String, required: true },
    councilIds: { type: [String], required: true }, // the lead first
    slots: { type: [slotSchema], default: [] },
    status: { type: String, required: true, enum: PROJECT_STATUSES },
    statusHistory: { type: [statusChangeSchema], default: [] },
    revision: { type: Number, required: true, default: 0 },
    createdBy: { type: String, default: null },
  },
  { versionKey: false, collection: 'projects', timestamps: MODEL_TIMESTAMPS },
);
// The list query filters by scope (pool, council, status) and pages by _id.
projectSchema.index({ poolId: 1, status: 1, _id: 1 });
projectSchema.index({ councilIds: 1, _id: 1 });
projectSchema.index({ status: 1, _id: 1 });
// Similar projects read one service area in some statuses, newest first.
projectSchema.index({ serviceArea: 1, status: 1, _id: -1 });

export const Project = mongoose.model<ProjectDoc>('Project', projectSchema);
