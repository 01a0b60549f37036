// The central_contracts collection. Reads are by _id, or by an equality on
// the practitioner, the pool or the status; date ranges are applied over
// what those return. Status changes go through the guarded write.
import { Types, type UpdateQuery } from 'mongoose';
import { CentralContract, type CentralContractDoc, type ContractStatusChangeDoc } from '../../models/central-contract.ts';
import type { ContractStatus } from '../contracts/contract-status.ts';
import type { PageArgs } from '../pagination.ts';
import { allOf, findByIds, findIn, findPage, groupByKey, orderByIds } from './queries.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { writeIfUnchanged } from './guarded-write.ts';
import { changed } from './changes.ts';

export type { CentralContractDoc, ContractStatusChangeDoc };

type Id = string | Types.ObjectId;
const valid = (ids: readonly Id[]) => ids.filter((id) => Types.ObjectId.isValid(String(id))).map((id) => (typeof id === 'string' ? new Types.ObjectId(id) : id));
const byStart = (docs: CentralContractDoc[]) => docs.sort((a, b) => a.start.localeCompare(b.start) || String(a._id).localeCompare(String(b._id)));

export const findContract = (id: Id) => (Types.ObjectId.isValid(String(id)) ? CentralContract.findById(id).lean<CentralContractDoc>() : Promise.resolve(null));

export async function contractsByIds(ids: readonly string[]): Promise<(CentralContractDoc | null)[]> {
  return orderByIds(await findByIds<CentralContractDoc>(CentralContract, valid(ids)), ids);
}

/** Every contract of each practitioner, oldest start first (DataLoader batch). */
export async function contractsByPractitionerIds(ids: readonly string[]): Promise<CentralContractDoc[][]> {
  return groupByKey(byStart(await findIn<CentralContractDoc>(CentralContract, 'practitionerId', valid(ids))), 'practitionerId', ids);
}

/** Practitioners with a contract (of any status) with the pool. */
export async function practitionerIdsContractedTo(poolId: string): Promise<Types.ObjectId[]> {
  const docs = await CentralContract.find({ poolId }, { practitionerId: 1 }).lean<{ practitionerId: Types.ObjectId }[]>();
  return [...new Map(docs.map((d) => [String(d.practitionerId), d.practitionerId])).values()];
}

/** The pools each practitioner has (or had) a contract with: the start-up upgrade of profiles from before they listed them. */
export async function contractPoolsByPractitioner(): Promise<Map<string, string[]>> {
  const pools = new Map<string, string[]>();
  for (const c of await CentralContract.find({}, { practitionerId: 1, poolId: 1 }).lean<{ practitionerId: Types.ObjectId; poolId: string }[]>()) {
    const id = String(c.practitionerId);
    pools.set(id, [...new Set([...(pools.get(id) ?? []), c.poolId])]);
  }
  return pools;
}

export const contractsPage = (conditions: Record<string, unknown>[], page: PageArgs) => findPage<CentralContractDoc>(CentralContract, allOf(conditions), page);

/**
 * Contracts in one of `statuses` overlapping [from, to], of these
 * practitioners (or everyone's when null), with one pool (or any when null),
 * oldest start first.
 */
export async function contractsOverlapping(
  practitionerIds: readonly Id[] | null,
  poolId: string | null,
  statuses: readonly ContractStatus[],
  from: string,
  to: string,
): Promise<CentralContractDoc[]> {
  const rest = { ...(poolId ? { poolId } : {}), start: { $lte: to }, end: { $gte: from } };
  const docs = practitionerIds
    ? (await findIn<CentralContractDoc>(CentralContract, 'practitionerId', valid(practitionerIds), rest)).filter((d) => statuses.includes(d.status))
    : await findIn<CentralContractDoc>(CentralContract, 'status', statuses, rest);
  return byStart(docs);
}

/** A new contract; null when it clashes with the unique key (the same proposal twice). */
export async function insertContract(c: Omit<CentralContractDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<CentralContractDoc | null> {
  const doc = await insertUnlessTaken<CentralContractDoc>(CentralContract, c);
  if (doc) changed('central_contracts', [c.practitionerId]);
  return doc;
}

/** Apply `update` to the contract as read (and in the status read); false when it changed meanwhile. */
export async function updateContractIfUnchanged(current: CentralContractDoc, update: UpdateQuery<CentralContractDoc>): Promise<boolean> {
  try {
    return await writeIfUnchanged(CentralContract, current, update, { status: current.status });
  } finally {
    changed('central_contracts', [current.practitionerId]);
  }
}

/** Many new contracts at once (the demo loader, which has checked them as proposeContract would). */
export async function insertContractsBulk(docs: readonly Omit<CentralContractDoc, 'createdAt' | 'updatedAt'>[]): Promise<void> {
  await CentralContract.insertMany(docs);
  changed('central_contracts');
}
