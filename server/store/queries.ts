// Query shapes both databases serve from an index. MongoDB uses the models'
// declared indexes for anything; FerretDB v1.24 on PostgreSQL turns only
// equality on top-level fields (and `_id`) into SQL, answered from the GIN
// indexes server/db-equality-indexes.ts adds, and evaluates everything else
// (ranges, `$in`, `$or`, `$and`, sorts) in its own process over what that
// SQL returned. So every store query puts a selective equality at the top
// level, and a read "by any of these values" becomes one equality read per
// value on FerretDB (one `$in` on MongoDB).
import type { Model } from 'mongoose';
import type mongoose from 'mongoose';
import { decodeCursor, encodeCursor, pageSize, type Page, type PageArgs } from '../pagination.ts';

let ferretdb = true;

/** Called once connected: which server this is decides how `$in` reads are sent. */
export async function detectServer(db: mongoose.mongo.Db): Promise<void> {
  const info = await db.admin().command({ buildInfo: 1 });
  ferretdb = typeof info.ferretdbVersion === 'string';
}

/** True on FerretDB (the embedded database), false on MongoDB. */
export const onFerretDB = () => ferretdb;

// Equality reads in flight at once for one `$in` on FerretDB: enough to hide
// round trips, few enough to leave connections for other requests.
const PARALLEL_READS = 16;

type Filter = Record<string, unknown>;
type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const distinctValues = <V>(values: readonly V[]): V[] => [...new Map(values.map((v) => [String(v), v])).values()];

/**
 * Documents whose `field` equals one of `values` and that match `rest` (lean).
 * On FerretDB: one equality read per value, in parallel; on MongoDB one `$in`.
 */
export async function findIn<T>(model: AnyModel, field: string, values: readonly unknown[], rest: Filter = {}, projection?: Record<string, 0 | 1>): Promise<T[]> {
  const unique = distinctValues(values);
  if (!unique.length) return [];
  if (unique.length === 1 || !ferretdb) {
    const filter = { ...rest, [field]: unique.length === 1 ? unique[0] : { $in: unique } };
    return (await model.find(filter, projection).lean()) as T[];
  }
  const parts = await mapLimited(unique, PARALLEL_READS, (v) => model.find({ ...rest, [field]: v }, projection).lean() as Promise<T[]>);
  return parts.flat();
}

/** The condition "`field` is one of `values`": a plain equality for one value (which FerretDB serves from an index), `$in` for more. */
export const anyOf = (field: string, values: readonly unknown[]): Filter => ({ [field]: values.length === 1 ? values[0] : { $in: [...values] } });

/** Documents by `_id` (lean), in no particular order; see orderByIds. */
export const findByIds = <T>(model: AnyModel, ids: readonly unknown[], projection?: Record<string, 0 | 1>, rest: Filter = {}) => findIn<T>(model, '_id', ids, rest, projection);

/** Answers in the order of `ids`, null where there is none (DataLoader batch functions). */
export function orderByIds<T extends { _id: unknown }>(docs: T[], ids: readonly unknown[]): (T | null)[] {
  const map = new Map(docs.map((d) => [String(d._id), d]));
  return ids.map((id) => map.get(String(id)) ?? null);
}

/** Documents grouped by `key`, in the order of `ids` (DataLoader batch functions). */
export function groupByKey<T, K extends keyof T>(docs: T[], key: K, ids: readonly unknown[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const d of docs) {
    const k = String(d[key]);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(d);
  }
  return ids.map((id) => groups.get(String(id)) ?? []);
}

/**
 * One filter from several conditions, keeping each field at the top level
 * (where FerretDB can use it) unless two conditions name the same field or a
 * condition is an operator such as `$or`; those go under `$and`.
 */
export function allOf(conditions: readonly Filter[]): Filter {
  const out: Filter = {};
  const rest: Filter[] = [];
  for (const c of conditions) {
    for (const [k, v] of Object.entries(c)) {
      if (k.startsWith('$') || k in out) rest.push({ [k]: v });
      else out[k] = v;
    }
  }
  if (rest.length) out.$and = rest;
  return out;
}

/**
 * One page in _id order after the cursor: one query (+1 document to know if
 * there is more); the total is counted only if asked for and the page does
 * not already hold it. On FerretDB the
 * order and the cursor's range are applied over what the filter's top-level
 * equalities return, so the filter should have a selective one.
 */
export async function findPage<T extends { _id: unknown }>(model: AnyModel, filter: Filter, args: PageArgs): Promise<Page<T>> {
  const limit = pageSize(args.first);
  const query: Filter = { ...filter };
  if (args.after) query._id = { $gt: decodeCursor(args.after) };
  const docs = (await model.find(query).sort({ _id: 1 }).limit(limit + 1).lean()) as T[];
  const nodes = docs.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    hasNextPage: docs.length > limit,
    endCursor: last ? encodeCursor(last._id as string) : null,
    // A first page that holds every match has counted them already.
    totalCount: async () => (!args.after && docs.length <= limit ? nodes.length : model.countDocuments(filter).exec()),
  };
}
