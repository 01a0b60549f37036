// The demo_data collection: one marker document, claimed by insert before
// the demo data is written and marked LOADED at the end.
import { DemoData, DEMO_DATA_ID, type DemoDataDoc } from '../../models/demo-data.ts';
import { insertUnlessTaken } from './duplicate-key.ts';

export type { DemoDataDoc };

export const findDemoMarker = () => DemoData.findById(DEMO_DATA_ID).lean<DemoDataDoc>();

/** Claim the load; false when another process has (the unique key). */
export async function claimDemoMarker(seed: number): Promise<boolean> {
  return (await insertUnlessTaken(DemoData, { _id: DEMO_DATA_ID, seed, status: 'LOADING', startedAt: new Date() })) !== null;
}

export const markDemoLoaded = (summary: Record<string, unknown>) =>
  DemoData.updateOne({ _id: DEMO_DATA_ID }, { $set: { status: 'LOADED', loadedAt: new Date(), summary } }).then(() => undefined);
