// Helpers for loading documents by id: DataLoader batch functions (one query
// for many keys, answers in the order the keys were asked) and single loads
// that answer BAD_USER_INPUT or NOT_FOUND the same way everywhere.
import { badInput, notFound, type FieldPath } from '../errors.ts';
import { OBJECT_ID } from '../ids.ts';

export function orderByIds<T extends { _id: unknown }>(docs: T[], ids: readonly unknown[]): (T | null)[] {
  const map = new Map(docs.map((d) => [String(d._id), d]));
  return ids.map((id) => map.get(String(id)) ?? null);
}

export function groupByKey<T, K extends keyof T>(docs: T[], key: K, ids: readonly unknown[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const d of docs) {
    const k = String(d[key]);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return ids.map((id) => groups.get(String(id)) ?? []);
}

/**
 * A document by a client-given id: BAD_USER_INPUT for an id that is not an
 * ObjectId, NOT_FOUND for one that matches nothing.
 */
export async function requireById<T>(id: string, field: FieldPath, what: string, idLabel: string, find: (id: string) => Promise<T | null>): Promise<T> {
  if (!OBJECT_ID.test(id)) throw badInput(field, `is not a ${idLabel} id`);
  const doc = await find(id);
  if (!doc) throw notFound(what, id, field);
  return doc;
}
