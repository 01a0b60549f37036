// Marks a database that holds the demo data (server/services/demo-data.ts):
// one document, _id "demo". The loader claims it by insert before writing
// anything, so of two processes starting at once only one loads; it says
// LOADED once everything is in, and which seed was used. Only the built-in
// _id index, so it needs no entry in models/index.ts.
import mongoose, { Schema } from 'mongoose';

export const DEMO_DATA_ID = 'demo';
export const DEMO_DATA_STATUSES = ['LOADING', 'LOADED'] as const;
export type DemoDataStatus = (typeof DEMO_DATA_STATUSES)[number];

export interface DemoDataDoc {
  _id: string;
  seed: number;
  status: DemoDataStatus;
  startedAt: Date;
  loadedAt: Date | null;
  /** What was loaded (counts), once LOADED. */
  summary: Record<string, unknown> | null;
}

const demoDataSchema = new Schema<DemoDataDoc>(
  {
    _id: { type: String, required: true },
    seed: { type: Number, required: true },
    status: { type: String, required: true, enum: DEMO_DATA_STATUSES },
    startedAt: { type: Date, required: true },
    loadedAt: { type: Date, default: null },
    summary: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, collection: 'demo_data' },
);

export const DemoData = mongoose.model<DemoDataDoc>('DemoData', demoDataSchema);
