// The audit_events collection: the append-only log, read oldest first.
//
// Why positions and blocks: a page of "the pool's events after this cursor"
// is a range and a sort, which FerretDB evaluates only after reading every
// event of the pool (2 s at 20,000 events). So each event is given a position
// in the whole log (seq) and in its pool's log (poolSeq), and the block of
// BLOCK_SIZE positions it falls in. A page is then one or two equality reads
// of a block, whatever the length of the history. Positions are unique keys:
// a writer tries the one after the head document's hint (raised with $max
// once written) and the next ones until its insert is accepted, so the log
// is totally ordered and has no gaps. The hint is only a hint: FerretDB's
// $max is a read then a write, so racing writers can lower it; each process
// also remembers the furthest position it has seen, and readers never use it
// to decide where the log ends (a log ends at its first empty block).
import mongoose, { Types } from 'mongoose';
import { AuditEvent, AuditHead, type AuditEventDoc, type AuditedEntity } from '../../models/audit-event.ts';
import { insertUnlessTaken, isDuplicateKey } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { findByIds } from './queries.ts';

export type { AuditEventDoc, AuditedEntity };

export const BLOCK_SIZE = 64;

const ALL = 'all';
const poolLog = (poolId: string) => `pool:${poolId}`;

export interface NewAuditEvent {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: AuditedEntity;
  entityId: string;
  poolId: string | null;
  before: unknown;
  after: unknown;
}

/** The furthest position this process has written in each log (per database): where its next writes start. */
const written = new Map<string, number>();
const mine = (log: string) => `${mongoose.connection.name}/${log}`;

const storedHead = async (log: string) => (await AuditHead.findById(log).lean<{ seq: number }>())?.seq ?? 0;

/** The hint: the furthest position written, by this process or (as far as the stored hint says) any. */
async function headOf(log: string): Promise<number> {
  return Math.max(await storedHead(log), written.get(mine(log)) ?? 0);
}

/** Where this process's next write in a log starts: its own furthest, or the stored hint the first time. */
const startOf = async (log: string) => written.get(mine(log)) ?? (await storedHead(log));

function noteWritten(log: string, seq: number): void {
  if (seq <= (written.get(mine(log)) ?? 0)) return;
  written.set(mine(log), seq);
  // The stored hint is for other processes (and this one after a restart): raised in the background.
  retryWhenBusy(() => AuditHead.updateOne({ _id: log }, { $max: { seq } }, { upsert: true }).exec())
    .catch(() => undefined); // a lost race of two first upserts, or a passing fault: the next write raises it
}

// Writers racing for the next positions settle in a few tries each.
const MAX_TRIES = 500;

const eventFields = (e: NewAuditEvent, seq: number, poolSeq: number) => ({
  ...e,
  seq,
  block: Math.floor(seq / BLOCK_SIZE),
  poolSeq: e.poolId ? poolSeq : null,
  poolPos: e.poolId ? `${e.poolId}:${poolSeq}` : `-:${seq}`,
  poolBlock: e.poolId ? `${e.poolId}:${Math.floor(poolSeq / BLOCK_SIZE)}` : null,
});

/** One event, probing for free positions (a racing writer took the ones tried). */
async function appendOne(e: NewAuditEvent): Promise<void> {
  let [seq, poolSeq] = await Promise.all([startOf(ALL), e.poolId ? startOf(poolLog(e.poolId)) : Promise.resolve(0)]);
  seq += 1;
  poolSeq += 1;
  for (let attempt = 0; ; attempt++) {
    const doc = eventFields(e, seq, poolSeq);
    if (await insertUnlessTaken(AuditEvent, doc)) break;
    {
      if (attempt === MAX_TRIES) throw new Error(`could not find a free audit log position after ${MAX_TRIES} tries (last: ${seq}, ${doc.poolPos})`);
      // Move on past whichever position is taken (only that one), to the next one or past the furthest
      // written, whichever is further: a writer that only stepped would never catch up with a busy log.
      // Every position up to the furthest written is taken or being tried, so this leaves no gaps.
      const [seqTaken, poolTaken, allHead, poolHead] = await Promise.all([
        AuditEvent.exists({ seq }),
        e.poolId ? AuditEvent.exists({ poolPos: doc.poolPos }) : null,
        headOf(ALL),
        e.poolId ? headOf(poolLog(e.poolId)) : 0,
      ]);
      if (seqTaken) seq = Math.max(seq + 1, allHead + 1);
      if (poolTaken) poolSeq = Math.max(poolSeq + 1, poolHead + 1);
      // Neither seen yet: the other writer's insert is not visible to this read; try the same again shortly.
      if (!seqTaken && !poolTaken) await new Promise((r) => setTimeout(r, 1 + Math.random() * 5));
    }
  }
  noteWritten(ALL, seq);
  if (e.poolId) noteWritten(poolLog(e.poolId), poolSeq);
}

/**
 * Many events in order: positions taken in one go from where the log stands,
 * written in one round trip; any a racing writer (another process) took
 * first are written one by one instead.
 */
export async function appendAuditEvents(events: readonly NewAuditEvent[]): Promise<void> {
  if (!events.length) return;
  const pools = [...new Set(events.flatMap((e) => (e.poolId ? [e.poolId] : [])))];
  // From where this process's log stands (read from the hint only the first time): a collision with another process is caught below.
  const [all, ...poolHeads] = await Promise.all([startOf(ALL), ...pools.map((p) => startOf(poolLog(p)))]);
  let seq = all;
  const poolSeq = new Map(pools.map((p, i) => [p, poolHeads[i]!]));
  const docs = events.map((e) => {
    seq += 1;
    const ps = e.poolId ? poolSeq.get(e.poolId)! + 1 : 0;
    if (e.poolId) poolSeq.set(e.poolId, ps);
    // Ids of our own, so a retry (below) can tell its earlier try's events from a racing writer's.
    return { _id: new Types.ObjectId(), ...eventFields(e, seq, ps) };
  });
  let failed: number[] = [];
  let retried = false;
  try {
    await retryWhenBusy((attempt) => {
      retried = attempt > 0;
      return AuditEvent.insertMany(docs, { ordered: false });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const writeErrors = (err as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors ?? [];
    failed = writeErrors.map((w) => (w.index ?? w.err?.index)!);
    if (retried) {
      // Refused on a retry: those of ours an earlier try wrote are in, not lost.
      const landed = new Set((await findByIds<{ _id: Types.ObjectId }>(AuditEvent, failed.map((i) => docs[i]!._id), { _id: 1 })).map((d) => String(d._id)));
      failed = failed.filter((i) => !landed.has(String(docs[i]!._id)));
    }
  }
  const inserted = docs.filter((_, i) => !failed.includes(i));
  if (inserted.length) {
    noteWritten(ALL, Math.max(...inserted.map((d) => d.seq)));
    for (const p of pools) {
      const mine = inserted.filter((d) => d.poolId === p).map((d) => d.poolSeq!);
      if (mine.length) noteWritten(poolLog(p), Math.max(...mine));
    }
  }
  for (const i of failed) await appendOne(events[i]!);
}

// Group commit: events appended while a write is in flight go out together
// in the next one, so this process's writers never race each other for
// positions (one round trip for a burst, however many requests wrote).
const queue: { event: NewAuditEvent; done: (err?: unknown) => void }[] = [];
let flushing = false;

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (queue.length) {
      const batch = queue.splice(0, 500);
      try {
        await appendAuditEvents(batch.map((b) => b.event));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
  } finally {
    flushing = false;
  }
}

/** Append one event; resolves once it is written. */
export function appendAuditEvent(event: NewAuditEvent): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push({ event, done: (err) => (err ? reject(err) : resolve()) });
    if (!flushing) void flush();
  });
}

/** A position in one log: events are ordered by (position, _id). */
export interface LogPosition {
  seq: number;
  id: string;
}

const positionOf = (e: AuditEventDoc, poolId: string | null): LogPosition => ({ seq: (poolId ? e.poolSeq : e.seq) ?? 0, id: String(e._id) });
const after = (p: LogPosition, q: LogPosition) => p.seq > q.seq || (p.seq === q.seq && p.id > q.id);
const byPosition = (poolId: string | null) => (x: AuditEventDoc, y: AuditEventDoc) => {
  const a = positionOf(x, poolId);
  const b = positionOf(y, poolId);
  return a.seq - b.seq || a.id.localeCompare(b.id);
};

export interface LogPage {
  events: AuditEventDoc[];
  /** Where reading stopped: the last event returned, or the last one looked at when `budget` ran out. */
  last: LogPosition | null;
  /** Whether the log may hold more matches after `last`. */
  more: boolean;
}

/**
 * Events of one log (the whole log, or a pool's when poolId is set) after a
 * position, that satisfy `matches`, up to `limit`, oldest first. Reads block
 * by block; looks at no more than `budget` events, so a rare filter answers
 * a short page with `more` set rather than reading the whole history.
 */
export async function readLog(
  poolId: string | null,
  from: LogPosition | null,
  limit: number,
  matches: (e: AuditEventDoc) => boolean,
  budget: number,
): Promise<LogPage> {
  const events: AuditEventDoc[] = [];
  let seen = 0;
  let last: LogPosition | null = from;
  for (let block = from ? Math.floor(from.seq / BLOCK_SIZE) : 0; ; block++) {
    const docs = (await blockOf(poolId, block)).sort(byPosition(poolId));
    // Positions have no gaps, so the first empty block is the end (block 0 lacks position 0, not its others).
    if (!docs.length) return { events, last: events.length ? positionOf(events[events.length - 1]!, poolId) : last, more: false };
    for (const e of docs) {
      const at = positionOf(e, poolId);
      if (last && !after(at, last)) continue;
      if (seen >= budget) return { events, last, more: true };
      seen++;
      last = at;
      if (!matches(e)) continue;
      events.push(e);
      if (events.length > limit) return { events: events.slice(0, limit), last: positionOf(events[limit - 1]!, poolId), more: true };
    }
  }
}

const blockOf = (poolId: string | null, block: number) => AuditEvent.find(poolId ? { poolBlock: `${poolId}:${block}` } : { block }).lean<AuditEventDoc[]>();

/** Every event of one entity, oldest first (few: an entity's own history). */
export async function eventsOfEntity(entityType: AuditedEntity, entityId: string): Promise<AuditEventDoc[]> {
  return (await AuditEvent.find({ entityId, entityType }).lean<AuditEventDoc[]>()).sort(byPosition(null));
}

/** How many events a log holds: its last position, found from the hint's block forwards. */
export async function logLength(poolId: string | null): Promise<number> {
  const log = poolId ? poolLog(poolId) : ALL;
  let block = Math.floor((await headOf(log)) / BLOCK_SIZE);
  // The hint may be behind (never ahead): step forward to the last block with events.
  let docs = await blockOf(poolId, block);
  for (;;) {
    const next = await blockOf(poolId, block + 1);
    if (!next.length) break;
    block += 1;
    docs = next;
  }
  return Math.max(0, ...docs.map((e) => (poolId ? e.poolSeq : e.seq) ?? 0));
}

/** Whether an event exists (the cursor check). */
export const auditEventExists = async (id: string) => Types.ObjectId.isValid(id) && Boolean(await AuditEvent.exists({ _id: new Types.ObjectId(id) }));
