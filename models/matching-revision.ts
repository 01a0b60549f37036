// What one process has changed lately, per matching cache layer: the _id is
// "<layer>:<processId>", and only that process writes it. Other processes
// read every document per request (there are a few) and reload just the
// practitioners named in the changes they have not seen
// (server/services/matching-snapshot.ts).
import mongoose, { Schema } from 'mongoose';

export interface RevisionChangeDoc {
  /** The change's number in this process's sequence. */
  seq: number;
  /** The practitioners it touched, or null for "anyone". */
  ids: string[] | null;
}

export interface MatchingRevisionDoc {
  _id: string;
  seq: number;
  /** The latest changes, oldest first, numbered without gaps. */
  recent: RevisionChangeDoc[];
  at: Date;
}

const changeSchema = new Schema({ seq: { type: Number, required: true }, ids: { type: [String], default: null } }, { _id: false });

const matchingRevisionSchema = new Schema<MatchingRevisionDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    recent: { type: [changeSchema], default: [] },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'matching_revisions' },
);

export const MatchingRevision = mongoose.model<MatchingRevisionDoc>('MatchingRevision', matchingRevisionSchema);
