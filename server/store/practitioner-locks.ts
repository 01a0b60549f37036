// The practitioner_locks collection: serialises capacity claims per
// practitioner with a unique-key lock (models/practitioner-lock.ts), so a
// rush of requests for one person queues instead of failing each other. A
// lock whose holder died expires; a waiter then removes it by (id, token),
// so it can only remove that stale lock.
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

export async function withPractitionerLock<T>(practitionerId: string, fn: () => Promise<T>, waitMs = WAIT_MS): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
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
