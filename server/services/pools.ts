// Use-cases for pools and their footprints.
import { allPools, findPool, insertPool, poolsCovering, setFootprint, type PoolDoc } from '../store/pools.ts';
import { councilsByIds } from '../store/councils.ts';
import { badInput, conflict, notFound, type FieldPath } from '../errors.ts';
import { assertGssCode } from './councils.ts';

export interface NewPool {
  id: string;
  name: string;
  description?: string | null;
  footprint: string[];
}

export async function getPool(id: string, field: FieldPath = ['id']): Promise<PoolDoc> {
  const doc = await findPool(id);
  if (!doc) throw notFound('Pool', id, field);
  return doc;
}

export async function listPools(): Promise<PoolDoc[]> {
  return allPools();
}

/** Pools whose footprint includes a council. */
export async function poolsForCouncil(gssCode: string): Promise<PoolDoc[]> {
  return poolsCovering(gssCode);
}

export { poolsByIds } from '../store/pools.ts';

async function checkFootprint(footprint: string[], path: FieldPath): Promise<string[]> {
  if (footprint.length === 0) throw badInput(path, 'must name at least one council');
  footprint.forEach((g, i) => assertGssCode(g, [...path, i]));
  const unique = [...new Set(footprint)];
  const found = new Set((await councilsByIds(unique)).filter((c) => c).map((c) => c!._id));
  const missing = footprint.findIndex((g) => !found.has(g));
  if (missing >= 0) throw notFound('Council', footprint[missing]!, [...path, missing]);
  return unique.sort();
}

export async function createPool(input: NewPool): Promise<PoolDoc> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.id)) throw badInput(['input', 'id'], 'must be 2-63 lower-case letters, digits and hyphens');
  if (!input.name.trim()) throw badInput(['input', 'name'], 'must not be empty');
  const footprint = await checkFootprint(input.footprint, ['input', 'footprint']);
  const doc = await insertPool({ _id: input.id, name: input.name.trim(), description: input.description ?? '', footprint });
  if (!doc) throw conflict(`A pool with that id or name already exists`);
  return doc;
}

export async function setPoolFootprint(id: string, footprint: string[]): Promise<PoolDoc> {
  await getPool(id);
  const clean = await checkFootprint(footprint, ['footprint']);
  await setFootprint(id, clean);
  return getPool(id);
}
