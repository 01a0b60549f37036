// The one way to change a document read moments ago without losing a
// concurrent change (projects, practitioners, central contracts). Two guards:
//
// - The update's filter names the revision we read (and whatever else the
//   caller read, e.g. the status), and every write bumps the revision;
//   matchedCount tells whether it applied. On MongoDB that alone is atomic.
//   On FerretDB v1.24 the filter is checked and the write done separately:
//   racing writers that read the same revision can all match, all be told
//   they succeeded, and the last one silently overwrite the others (seen in
//   practice: an approval reported as done and then lost under a concurrent
//   cancel; a leave entry lost under a concurrent removal).
// - So the writer first claims "<collection>:<id>:<revision>" under a unique
//   key (models/write-claim.ts): of the writers that read a revision, only
//   one can claim it, and the rest are told no. The claim is removed once
//   the write is done; a writer that read the same revision but claims it
//   only after that finds the filter no longer matches: no again.
//
// What this does not guarantee: a claim taken over as stale (its holder took
// over STALE_CLAIM_MS, or died) could let two writers in. Cross-document
// invariants are not this function's business: they rest on unique keys of
// their own (capacity claims, seats, decisions).
import type { Model, Types, UpdateQuery } from 'mongoose';
import { WriteClaim } from '../../models/write-claim.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';

// A claim older than this belongs to a request that died between claiming
// and writing (requests take milliseconds); the next writer takes it over.
const STALE_CLAIM_MS = 30_000;

async function claim(id: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await insertUnlessTaken(WriteClaim, { _id: id, claimedAt: new Date() })) return true;
    const held = await WriteClaim.findById(id).lean<{ claimedAt: Date }>();
    if (held && Date.now() - held.claimedAt.getTime() < STALE_CLAIM_MS) return false;
    if (held) await retryWhenBusy(() => WriteClaim.deleteOne({ _id: id, claimedAt: held.claimedAt }).exec());
  }
  return false;
}

export interface Revisioned {
  _id: Types.ObjectId;
  /** Absent on documents written before revisions were kept: read as 0. */
  revision?: number;
}

/**
 * Apply `update` to the document as it was read (`current`, plus `alsoUnchanged`
 * fields the caller relied on), bumping its revision. False when another
 * writer changed it since: nothing was written, and the caller answers
 * CONFLICT (or reads again and retries).
 */
export async function writeIfUnchanged<T extends Revisioned>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  current: T,
  update: UpdateQuery<T>,
  alsoUnchanged: Record<string, unknown> = {},
): Promise<boolean> {
  const revision = current.revision ?? 0;
  const claimId = `${model.collection.collectionName}:${String(current._id)}:${revision}`;
  if (!(await claim(claimId))) return false;
  try {
    const filter = { _id: current._id, ...alsoUnchanged, revision: current.revision === undefined ? { $exists: false } : revision };
    const res = await retryWhenBusy(() => model.updateOne(filter, { ...update, $inc: { ...(update.$inc ?? {}), revision: 1 } }).exec());
    return res.matchedCount === 1;
  } finally {
    // Cleanup only, so in the background: the next writer claims the next revision, a different key, and a
    // writer that read this one is refused by the claim or, once it is gone, by the revision in the filter.
    retryWhenBusy(() => WriteClaim.deleteOne({ _id: claimId }).exec())
      .catch(() => undefined); // left behind, it is taken over as stale
  }
}
