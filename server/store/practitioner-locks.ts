// The practitioner_locks collection: serialises capacity claims per
// practitioner with a unique-key lock (models/practitioner-lock.ts), so a
// rush of requests for one person queues instead of failing each other. A
// lock whose holder died expires; a waiter then removes it by (id, token),
// so it can only remove that stale lock.
//
// Within one process, requests for the same person first queue in memory, so
// only one of them at a time polls the database lock: a rush of 100 requests
// for one person then costs the database one poller per process, not 100
// (each polling insert is a round trip that slows every other request).
import { randomUUID } from 'node:crypto';
import { PractitionerLock } from '../../models/practitioner-lock.ts';
import { tryAgain } from '../errors.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';

const HOLD_MS = 15_000;
// Generous: a rush of requests for one person queues here, each taking a few
// round trips; giving up early would refuse bookings capacity allows.
const WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This process's queue per practitioner: the last turn's promise, resolved when it is over. */
const queues = new Map<string, Promise<void>>();

/** Wait for this process's earlier requests for the person; resolves to the function that ends this turn. */
async function localTurn(practitionerId: string): Promise<() => void> {
  const before = queues.get(practitionerId) ?? Promise.resolve();
  let end!: () => void;
  const turn = new Promise<void>((resolve) => (end = resolve));
  const tail = before.then(() => turn);
  queues.set(practitionerId, tail);
  await before;
  return () => {
    end();
    if (queues.get(practitionerId) === tail) queues.delete(practitionerId);
  };
}

/** Takes the database lock for `critical` (within the turn's deadline). */
export type UnderLock = <U>(critical: () => Promise<U>) => Promise<U>;

/**
 * This process's turn for the person: `fn` runs once earlier requests here
 * are done, and takes the database lock (shared with other processes) only
 * for what must be serialised, so it can first refuse what no longer fits
 * without writing anything.
 */
export async function withPractitionerTurn<T>(practitionerId: string, fn: (underLock: UnderLock) => Promise<T>, waitMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  const endTurn = await localTurn(practitionerId);
  try {
    return await fn((critical) => withDatabaseLock(practitionerId, critical, deadline));
  } finally {
    endTurn();
  }
}

export const withPractitionerLock = <T>(practitionerId: string, fn: () => Promise<T>, waitMs = WAIT_MS): Promise<T> =>
  withPractitionerTurn(practitionerId, (underLock) => underLock(fn), waitMs);

async function withDatabaseLock<T>(practitionerId: string, fn: () => Promise<T>, deadline: number): Promise<T> {
  const token = randomUUID();
  let delay = 2;
  for (;;) {
    if (await insertUnlessTaken(PractitionerLock, { _id: practitionerId, token, expiresAt: new Date(Date.now() + HOLD_MS) })) break;
    const held = await PractitionerLock.findById(practitionerId).lean<{ token: string; expiresAt: Date }>();
    if (held && held.expiresAt.getTime() < Date.now()) {
      await retryWhenBusy(() => PractitionerLock.deleteOne({ _id: practitionerId, token: held.token }).exec());
      continue;
    }
    if (Date.now() > deadline) throw tryAgain("This practitioner's calendar is busy with other requests; nothing was changed, try again");
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    // Not removed even after retries: it expires after HOLD_MS, and what fn did stands.
    await retryWhenBusy(() => PractitionerLock.deleteOne({ _id: practitionerId, token }).exec()).catch(() => undefined);
  }
}
