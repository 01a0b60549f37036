// Whether a write was refused by a unique key. The invariants rest on these
// refusals (claims, seats, locks, decisions, settlements), so there is one
// test for them: MongoDB says code 11000 (on the error, or per write in a
// bulk write); FerretDB v1.24 does on insert, but on update only as a generic
// error naming the backend's constraint ("UNIQUE constraint failed" on
// SQLite, "duplicate key value" on PostgreSQL).
import { Types, type Model } from 'mongoose';
import { retryWhenBusy } from './busy.ts';

export const DUPLICATE_KEY = 11000;

interface WriteError {
  code?: number;
  err?: { code?: number };
}

const DUPLICATE_MESSAGE = /E11000|UNIQUE constraint failed|duplicate key/i;

export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; message?: string; writeErrors?: WriteError[] } | null;
  if (!e) return false;
  if (e.code === DUPLICATE_KEY) return true;
  if (e.writeErrors?.length) return e.writeErrors.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
  return DUPLICATE_MESSAGE.test(e.message ?? '');
}

/**
 * Insert one document; null when a unique key refuses it (the caller says
 * what that means). Retried while the database is busy (./busy.ts). A busy
 * try writes nothing, but were one ever to land and still answer an error,
 * the retry would meet the document it wrote and take it for someone else's:
 * so a retry refused by a unique key reads back the document under our _id,
 * and one with the fields we sent is ours, inserted, not a refusal.
 */
export async function insertUnlessTaken<T>(model: Model<any>, doc: Record<string, unknown>): Promise<T | null> { // eslint-disable-line @typescript-eslint/no-explicit-any
  // A fresh ObjectId for documents that would get one anyway, so every try sends the same _id.
  const sent = doc._id === undefined ? { _id: new Types.ObjectId(), ...doc } : doc;
  return retryWhenBusy(async (attempt) => {
    try {
      return (await model.create(sent)).toObject() as T;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (attempt > 0) {
        const there = await model.findById(sent._id).lean<Record<string, unknown>>();
        if (there && sameScalars(sent, there)) return there as T;
      }
      return null;
    }
  });
}

/** A scalar's identity across what was sent and what was read back (ObjectIds and Dates as their JSON). */
const scalar = (v: unknown) => JSON.stringify(v);
const isScalar = (v: unknown) => v === null || typeof v !== 'object' || v instanceof Date || v instanceof Types.ObjectId;

/** Whether the stored document has every top-level scalar we sent (nested values are left out: the schema may reorder or default them). */
function sameScalars(sent: Record<string, unknown>, there: Record<string, unknown>): boolean {
  return Object.entries(sent).every(([k, v]) => !isScalar(v) || v === undefined || scalar(v) === scalar(there[k]));
}

/**
 * insertMany, unordered: the documents that went in; a lost race (duplicate
 * key) is not an error. Retried while the database is busy, so a retry can
 * meet documents its earlier try did insert (an unordered insert lands in
 * part): after a duplicate on a retry, which of ours went in is read back by
 * `holder` (the field naming whose they are), never inferred from which
 * inserts were refused.
 */
export async function insertAllUnlessTaken<T extends { _id: unknown }>(model: Model<any>, docs: T[], holder: keyof T & string): Promise<T[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (docs.length === 0) return [];
  let retried = false;
  try {
    await retryWhenBusy((attempt) => {
      retried = attempt > 0;
      return model.insertMany(docs, { ordered: false, lean: true });
    });
    return docs;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const writeErrors = (err as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors ?? [];
    if (writeErrors.length && !retried) {
      const failed = new Set(writeErrors.map((w) => w.index ?? w.err?.index));
      return docs.filter((_, i) => !failed.has(i));
    }
    const mine = await model.find({ [holder]: docs[0]![holder] }, { _id: 1 }).lean<{ _id: unknown }[]>();
    const ours = new Set(mine.map((m) => String(m._id)));
    return docs.filter((d) => ours.has(String(d._id)));
  }
}
