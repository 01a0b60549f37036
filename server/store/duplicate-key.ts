// Whether a write was refused by a unique key. The invariants rest on these
// refusals (claims, seats, locks, decisions, settlements), so there is one
// test for them: MongoDB says code 11000 (on the error, or per write in a
// bulk write); FerretDB v1.24 does on insert, but on update only as a generic
// error naming the backend's constraint ("UNIQUE constraint failed" on
// SQLite, "duplicate key value" on PostgreSQL).
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

/** Insert one document; null when a unique key refuses it (the caller says what that means). */
export async function insertUnlessTaken<T>(model: { create(doc: unknown): Promise<{ toObject(): unknown }> }, doc: unknown): Promise<T | null> {
  try {
    return (await model.create(doc)).toObject() as T;
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}
