// Use-cases for pools and their footprints.
import { Pool, type PoolDoc } from '../../models/pool.ts';
import { Council } from '../../models/council.ts';
import { badInput, conflict, notFound, type FieldPath } from '../errors.ts';
import { assertGssCode } from './councils.ts';
import { orderByIds } from './batch.ts';

export interface NewPool {
  id: string;
  name: string;
  description?: string | null;
  footprint: string[];
}

export async function getPool(id: string, field: FieldPath = ['id']): Promise<PoolDoc> {
  const doc = await Pool.findById(id).lean<PoolDoc>();
  if (!doc) throw notFound('Pool', id, field);
  return doc;
}

export async function listPools(): Promise<PoolDoc[]> {
  return Pool.find().sort({ name: 1 }).lean<PoolDoc[]>();
}

/** Pools whose footprint includes a council. */
export async function poolsForCouncil(gssCode: string): Promise<PoolDoc[]> {
  return Pool.find({ footprint: gssCode }).sort({ _id: 1 }).lean<PoolDoc[]>();
}

export async function poolsByIds(ids: readonly string[]) {
  return orderByIds(await Pool.find({ _id: { $in: [...ids] } }).lean<PoolDoc[]>(), ids);
}

async function checkFootprint(footprint: string[], path: FieldPath): Promise<string[]> {
  if (footprint.length === 0) throw badInput(path, 'must name at least one council');
  footprint.forEach((g, i) => assertGssCode(g, [...path, i]));
  const unique = [...new Set(footprint)];
  const found = new Set((await Council.find({ _id: { $in: unique } }, { _id: 1 }).lean()).map((c) => String(c._id)));
  const missing = footprint.findIndex((g) => !found.has(g));
  if (missing >= 0) throw notFound('Council', footprint[missing]!, [...path, missing]);
  return unique.sort();
}

export async function createPool(input: NewPool): Promise<PoolDoc> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.id)) throw badInput(['input', 'id'], 'must be 2-63 lower-case letters, digits and hyphens');
  if (!input.name.trim()) throw badInput(['input', 'name'], 'must not be empty');
  const footprint = await checkFootprint(input.footprint, ['input', 'footprint']);
  try {
    const doc = await Pool.create({ _id: input.id, name: input.name.trim(), description: input.description ?? '', footprint });
    return doc.toObject() as PoolDoc;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict(`A pool with that id or name already exists`);
    throw err;
  }
}

export async function setPoolFootprint(id: string, footprint: string[]): Promise<PoolDoc> {
  await getPool(id);
  const clean = await checkFootprint(footprint, ['footprint']);
  await Pool.updateOne({ _id: id }, { $set: { footprint: clean } });
  return getPool(id);
}
