// A practitioner's search entry: the fields the search filters on and the
// name lists show (the directory: name, home council, role and level), and
// nothing else (no leave, no skills detail), one per practitioner under the
// same _id. FerretDB decodes every document a query returns, at about a
// millisecond for a full profile and a fraction of that for an entry, so
// the search finds its matches here and reads whole profiles only for the
// page it answers (server/store/practitioners.ts keeps both).
//
// Written after each profile write, from the profile as written, and only
// over an older revision: an entry can lag its profile (a crash between the
// two writes) but never run ahead of it. The search re-checks each profile
// it reads against its conditions, so a lagging entry can hide a match until
// the next write of that profile, never show one that does not hold.
// A list asking only for directory fields (a select of names, a contracts
// table) is answered from entries alone: after such a crash it can show the
// profile's previous name or council until its next write.
import mongoose, { Schema, type Types } from 'mongoose';

export interface PractitionerSearchDoc {
  _id: Types.ObjectId;
  /** Missing on entries written before names were kept: read from the profile, and written then (server/store/practitioners.ts). */
  name?: string;
  homeCouncilId: string;
  roleId: string;
  roleLevelId: string;
  levelRank: number;
  region: string;
  skillKeys: string[];
  contractPoolIds: string[];
  revision: number;
}

const schema = new Schema<PractitionerSearchDoc>(
  {
    name: { type: String },
    homeCouncilId: { type: String, required: true },
    roleId: { type: String, required: true },
    roleLevelId: { type: String, required: true },
    levelRank: { type: Number, required: true },
    region: { type: String, required: true },
    skillKeys: { type: [String], default: [] },
    contractPoolIds: { type: [String], default: [] },
    revision: { type: Number, required: true },
  },
  { versionKey: false, collection: 'practitioner_search' },
);
// The search's driving equalities (server/services/practitioners.ts), as on the profiles.
schema.index({ homeCouncilId: 1, _id: 1 });
schema.index({ roleId: 1, levelRank: 1 });
schema.index({ roleLevelId: 1 });
schema.index({ skillKeys: 1 });
schema.index({ region: 1 });
schema.index({ contractPoolIds: 1 });

export const PractitionerSearch = mongoose.model<PractitionerSearchDoc>('PractitionerSearch', schema);
