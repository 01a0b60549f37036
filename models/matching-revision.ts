// Change markers for the matching data cache (server/services/matching-snapshot.ts):
// one tiny document per layer ("roster", "bookings") whose token every server
// process replaces after it writes data the layer is built from. Another
// process reads these two documents per request (cheap) and reloads its cached
// layer when a token has moved, so a cache never outlives a write made by any
// process running this service.
import mongoose, { Schema } from 'mongoose';

export interface MatchingRevisionDoc {
  _id: string;
  token: string;
  at: Date;
}

const matchingRevisionSchema = new Schema<MatchingRevisionDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'matching_revisions' },
);

export const MatchingRevision = mongoose.model<MatchingRevisionDoc>('MatchingRevision', matchingRevisionSchema);
