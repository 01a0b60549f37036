// A busy database: the one rule for retrying it. Every store write goes
// through retryWhenBusy; after a few tries it answers TRY_AGAIN (nothing
// about the data is wrong, the request met others), never an internal error.
//
// What "busy" looks like on the wire. FerretDB v1.24 passes backend errors it
// does not know on as code 1 (InternalError) with the driver's message in
// errmsg (internal/handler/handlererrors/error.go, ProtocolError):
// - SQLite (modernc.org/sqlite, internal/backends/sqlite): "database is locked
//   (5) (SQLITE_BUSY)", once its busy_timeout of 10 s (metadata/pool/uri.go)
//   runs out or at once where waiting could deadlock (a reader upgrading to a
//   writer in WAL mode); "database table is locked (6)" for SQLITE_LOCKED.
// - PostgreSQL (pgx, internal/backends/postgresql): "... (SQLSTATE 40001)"
//   serialization failure, "40P01" deadlock, "55P03" lock not available (a
//   lock_timeout ran out). Each aborted its transaction: nothing was written.
// MongoDB says WriteConflict (112) or LockTimeout (24), or labels the error
// TransientTransactionError.
import { tryAgain } from '../errors.ts';

const BUSY_MESSAGE = /database (table )?is locked|SQLITE_BUSY|SQLITE_LOCKED|\(SQLSTATE (40001|40P01|55P03)\)/;
const BUSY_CODES = new Set([112, 24]);

interface WriteError {
  code?: number;
  errmsg?: string;
  err?: { code?: number; errmsg?: string };
}

function busyOne(code: number | undefined, message: string | undefined): boolean {
  return (code !== undefined && BUSY_CODES.has(code)) || BUSY_MESSAGE.test(message ?? '');
}

/** Whether an error says the database was too busy to do the write (it did not happen), as opposed to refusing it. */
export function isBusy(err: unknown): boolean {
  const e = err as { code?: number; message?: string; errorLabels?: string[]; writeErrors?: WriteError[]; errorLabelSet?: Set<string> } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.errorLabels?.includes('TransientTransactionError') || e.errorLabelSet?.has('TransientTransactionError')) return true;
  // An unordered bulk write: busy if any document was refused for busyness (the rest went in, or met a unique key).
  if (e.writeErrors?.length) return e.writeErrors.some((w) => busyOne(w.code ?? w.err?.code, w.errmsg ?? w.err?.errmsg));
  return busyOne(e.code, e.message);
}

/**
 * Tries in all, and the backoff before each retry: exponential from 25 ms,
 * capped at 400 ms, each wait drawn between half and all of that so racing
 * requests spread out. Five
 * tries cover a second or so of contention (or, on SQLite, five busy
 * timeouts); longer than that the client is better told to come back.
 */
export const BUSY_TRIES = 5;
const BASE_MS = 25;
const MAX_MS = 400;

/** Milliseconds to wait before retry number `retry` (1-based); `random` in [0, 1). */
export function busyBackoffMs(retry: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** Seconds a client is told to wait after the retries here ran out. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export const busyAnswer = () => tryAgain('The database is busy with other requests; try again', BUSY_RETRY_AFTER_SECONDS);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run one database operation, again while the database is busy (each try is
 * whole or not done: see above), at most BUSY_TRIES times; then TRY_AGAIN.
 * `op` gets the try number (0 first), so an insert can tell whether it may be
 * meeting its own earlier try. Anything else it throws passes through.
 */
export async function retryWhenBusy<T>(op: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (attempt + 1 >= BUSY_TRIES) throw busyAnswer();
    }
    await sleep(busyBackoffMs(attempt + 1));
  }
}
