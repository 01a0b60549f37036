// Make a reference collection hold exactly a given set of documents (the
// reference-data import): insert the new, replace the changed, delete the
// gone, and say how many of each. Idempotent: a second run changes nothing.
import { isDeepStrictEqual } from 'node:util';
import type { Model } from 'mongoose';
import { changed } from './changes.ts';

export interface SyncCounts {
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export type Plain = { _id: string } & Record<string, unknown>;

function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b))) : val)));
}

export async function syncCollection(model: Model<any>, docs: Plain[]): Promise<SyncCounts> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const existing = new Map<string, unknown>(((await model.find().lean()) as Plain[]).map((d) => [d._id, d]));
  const ops: object[] = [];
  const counts: SyncCounts = { inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Set<string>();
  for (const doc of docs) {
    wanted.add(doc._id);
    const before = existing.get(doc._id);
    if (before === undefined) counts.inserted++;
    else if (isDeepStrictEqual(normalise(before), normalise(doc))) {
      counts.unchanged++;
      continue;
    } else counts.updated++;
    ops.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
  }
  const gone = [...existing.keys()].filter((id) => !wanted.has(id));
  counts.removed = gone.length;
  if (ops.length) await model.bulkWrite(ops as never, { ordered: false });
  // One delete per id: an _id equality each, which FerretDB serves from an index.
  if (gone.length) await model.bulkWrite(gone.map((id) => ({ deleteOne: { filter: { _id: id } } })) as never, { ordered: false });
  if (ops.length || gone.length) changed(model.collection.collectionName);
  return counts;
}
