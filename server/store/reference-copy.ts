// Reference data kept in memory: councils, the DDaT framework, bank
// holidays. They change only when the reference data is imported, and pages
// and bookings name them all the time, so each collection is read whole once
// (a few hundred small documents) instead of one lookup per id. A copy is
// dropped when this process writes the collection (server/store/changes.ts),
// and read again after an hour in case another process imported new data.
import type { Model } from 'mongoose';
import { onChange } from './changes.ts';

const KEEP_MS = 60 * 60_000;

export interface ReferenceCopy<T extends { _id: string }> {
  /** Every document, in _id order. */
  all(): Promise<T[]>;
  /** The documents with these ids, in the order asked (null where there is none). */
  byIds(ids: readonly string[]): Promise<(T | null)[]>;
}

const copies: (() => void)[] = [];

/** Forget every copy (a new connection, perhaps to another database). */
export const forgetReferenceCopies = () => copies.forEach((forget) => forget());

/** Frozen: every caller shares the copy, so a change made to one would be a bug (it throws instead). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function referenceCopy<T extends { _id: string }>(model: Model<any>): ReferenceCopy<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const collection = model.collection.collectionName;
  let cached: { value: Promise<{ list: T[]; byId: Map<string, T> }>; at: number } | null = null;
  const forget = () => {
    cached = null;
  };
  copies.push(forget);
  onChange((c) => {
    if (c.collection === collection) forget();
  });
  function load() {
    if (!cached || Date.now() - cached.at > KEEP_MS) {
      const value = (model.find({}).lean() as unknown as Promise<T[]>).then((docs) => {
        const list = deepFreeze(docs.sort((a, b) => a._id.localeCompare(b._id)));
        return { list, byId: new Map(list.map((d) => [d._id, d])) };
      });
      const entry = { value, at: Date.now() };
      value.catch(() => {
        if (cached === entry) cached = null;
      });
      cached = entry;
    }
    return cached.value;
  }
  return {
    all: async () => [...(await load()).list],
    byIds: async (ids) => {
      const { byId } = await load();
      return ids.map((id) => byId.get(id) ?? null);
    },
  };
}
