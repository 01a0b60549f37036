// The pools collection (a handful of documents, keyed by slug).
import { Pool, type PoolDoc } from '../../models/pool.ts';
import { findByIds, orderByIds } from './queries.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { changed } from './changes.ts';

export type { PoolDoc };

export const findPool = (id: string) => Pool.findById(id).lean<PoolDoc>();
export const allPools = async () => (await Pool.find().lean<PoolDoc[]>()).sort((a, b) => a.name.localeCompare(b.name));
/** Pools whose footprint includes a council (an equality on the footprint array). */
export const poolsCovering = async (gssCode: string) => (await Pool.find({ footprint: gssCode }).lean<PoolDoc[]>()).sort((a, b) => a._id.localeCompare(b._id));
export const poolsByIds = async (ids: readonly string[]) => orderByIds(await findByIds<PoolDoc>(Pool, ids), ids);

/** A new pool; false when its id or name is taken (unique keys). */
export async function insertPool(p: Pick<PoolDoc, '_id' | 'name' | 'description' | 'footprint'>): Promise<PoolDoc | null> {
  const doc = await insertUnlessTaken<PoolDoc>(Pool, p);
  if (doc) changed('pools');
  return doc;
}

export async function setFootprint(id: string, footprint: string[]): Promise<void> {
  await retryWhenBusy(() => Pool.updateOne({ _id: id }, { $set: { footprint } }).exec());
  changed('pools');
}

/** Whether any pool exists (the demo loader refuses a database with data of its own). */
export const anyPool = async () => Boolean(await Pool.exists({}));
