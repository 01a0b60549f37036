// A busy database is retried, then answered TRY_AGAIN, never
// INTERNAL_SERVER_ERROR, and a booking that met it is whole or absent.
//
// The busyness is real, not mocked: on PostgreSQL, FerretDB's sessions get a
// lock_timeout and the test holds a lock on the capacity claims' table that
// lets reads through but makes every write wait, so claiming a seat on the
// slot fails with "lock not available" (SQLSTATE 55P03), as FerretDB reports it.
// On SQLite (FERRETDB_BACKEND=sqlite) the test holds SQLite's write lock on
// FerretDB's database file with the sqlite3 shell, so writes end in
// SQLITE_BUSY once FerretDB's 10 s busy timeout runs out.
//
// The lock is let go once a write has been refused and tried again
// (PostgreSQL: seen in the lock waits; SQLite, where that cannot be seen
// from outside: once FerretDB's busy timeout has certainly run out for the
// insert), and both right outcomes are accepted: booked after the
// release, or TRY_AGAIN with a retry hint and nothing left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { SlotSeat } from '../../models/slot-seat.ts';
import { Project } from '../../models/project.ts';
import type { EmbeddedDatabase } from '../../scripts/embedded-database.ts';
import { startOwnDatabase, testBackend } from '../support/test-database.ts';
import { startTestServer, type GqlResult, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actors } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';

const BOOK = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id status } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A write lock on one collection's storage, held until released. */
interface HeldLock {
  /** Resolves once the database has refused a write and a further try is under way (or `done` settles first). */
  refusedAndRetried(done: Promise<unknown>): Promise<void>;
  release(): Promise<void>;
}

async function lockPostgresTable(postgresUrl: string, dbName: string, collection: string): Promise<HeldLock> {
  const holder = new pg.Client({ connectionString: postgresUrl });
  const watcher = new pg.Client({ connectionString: postgresUrl });
  await Promise.all([holder.connect(), watcher.connect()]);
  const schema = holder.escapeIdentifier(dbName);
  const { rows } = await holder.query<{ table: string }>(`SELECT _jsonb->>'table' AS table FROM ${schema}._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`, [collection]);
  if (!rows[0]) throw new Error(`no table for ${collection}`);
  const { rows: pid } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await holder.query('BEGIN');
  await holder.query('SET LOCAL lock_timeout = 0');
  // EXCLUSIVE: reads (ACCESS SHARE) go on, every insert, update and delete waits.
  await holder.query(`LOCK TABLE ${schema}.${holder.escapeIdentifier(rows[0].table)} IN EXCLUSIVE MODE`);
  return {
    async refusedAndRetried(done) {
      let settled = false;
      void done.finally(() => (settled = true));
      // While the lock is held every write waits and then is refused. FerretDB itself tries a refused insert
      // a second time (one document at a time, internal/handler/msg_insert.go) before answering an error: so
      // a third insert waiting is this service trying again, and a delete waiting is it undoing the attempt.
      const inserts = new Set<string>();
      while (!settled) {
        const r = await watcher.query<{ key: string; query: string }>(
          `SELECT pid || '@' || query_start AS key, query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
          [pid[0]!.pid],
        );
        for (const w of r.rows) if (/^\s*INSERT/i.test(w.query)) inserts.add(w.key);
        if (inserts.size >= 3 || r.rows.some((w) => /^\s*DELETE/i.test(w.query))) return;
        await sleep(10);
      }
    },
    async release() {
      await holder.query('ROLLBACK');
      await Promise.all([holder.end(), watcher.end()]);
    },
  };
}

function lockSqliteFile(file: string): Promise<HeldLock> {
  // BEGIN IMMEDIATE takes the write lock; readers go on (WAL), writers wait FerretDB's busy timeout, then fail.
  const shell: ChildProcess = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    shell.once('error', reject);
    shell.stdout!.once('data', () =>
      resolve({
        // Not observable from outside: let go after the answer, or once FerretDB's busy timeout (10 s) has run
        // out for both of its own tries (the batch, then one document at a time), so only a retry here can book.
        async refusedAndRetried(done) {
          await Promise.race([done, sleep(25_000)]);
        },
        async release() {
          shell.stdin!.end('ROLLBACK;\n.quit\n');
          await new Promise((r) => shell.once('exit', r));
        },
      }),
    );
    shell.stdin!.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  });
}

describe('a busy database', function () {
  this.timeout(240_000);
  let dir: string;
  let db: EmbeddedDatabase;
  let server: TestServer;
  let actors: Actors;
  let projectId: string;
  let slotId: string;

  before(async function () {
    if (testBackend() === 'sqlite' && spawnSync('sqlite3', ['-version']).status !== 0) this.skip(); // the sqlite3 shell holds the lock
    dir = await mkdtemp(path.join(os.tmpdir(), 'talent-pool-busy-'));
    db = await startOwnDatabase(dir);
    if (db.postgresUrl) {
      // FerretDB's sessions give up on a lock after 200 ms (55P03) instead of waiting for ever: started again, it opens new ones.
      const admin = new pg.Client({ connectionString: db.postgresUrl });
      await admin.connect();
      const { rows } = await admin.query<{ name: string }>('SELECT current_database() AS name');
      await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(rows[0]!.name)} SET lock_timeout = '200ms'`);
      await admin.end();
      await db.restartFerretDB();
    }
    server = await startTestServer({ label: 'busy', uri: db.uri, postgresUrl: db.postgresUrl ?? undefined, env: { FIXED_NOW: '2026-11-25T12:00:00Z', RECONCILE_INTERVAL_MS: '0' } });
    actors = await seedActors(server);
    projectId = await seedProject(actors, 'STAFFING', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-06-27' }] });
    slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
  });

  after(async () => {
    await server?.stop();
    await db?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function holdWrites(collection: string): Promise<HeldLock> {
    if (db.postgresUrl) return lockPostgresTable(db.postgresUrl, server.dbName, collection);
    return lockSqliteFile(path.join(db.ferretdb.dataDir, `${server.dbName}.sqlite`));
  }

  it('retries a write the database refused as busy, then books or answers TRY_AGAIN, and leaves nothing half-made', async () => {
    const p = await seedPractitioner({ homeCouncilId: 'E08000024' });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    const input = { practitionerId: p.id, projectId, slotId, start: '2027-03-01', end: '2027-03-28', daysPerWeek: 1 };

    const lock = await holdWrites('slot_seats');
    let answer: GqlResult;
    try {
      const sent = server.gql(BOOK, { i: input }, actors.lead.token);
      await lock.refusedAndRetried(sent);
      await lock.release();
      answer = await sent;
    } catch (err) {
      await lock.release().catch(() => undefined);
      throw err;
    }

    const e = answer.errors?.[0]?.extensions;
    expect(e?.code, JSON.stringify(answer.errors)).to.not.equal('INTERNAL_SERVER_ERROR');
    if (answer.errors) {
      expect(e?.code, JSON.stringify(answer.errors)).to.equal('TRY_AGAIN');
      expect(e?.details).to.deep.include({ retryable: true });
      expect(e?.details?.retryAfterSeconds).to.be.a('number');
      // Nothing of the attempt is left: no booking, no claim, no seat.
      expect(await Booking.countDocuments({ practitionerId: p.id })).to.equal(0);
    } else {
      expect(answer.data!.bookPractitioner.status).to.equal('TENTATIVE');
    }
    const bookings = await Booking.find({ practitionerId: p.id }).lean();
    expect(bookings.filter((b) => b.status === 'CLAIMING')).to.have.length(0);
    const made = new Set(bookings.map((b) => String(b._id)));
    expect((await CapacityClaim.distinct('bookingId', { practitionerId: p.id })).map(String).sort()).to.deep.equal([...made].sort());
    expect((await SlotSeat.distinct('bookingId', { slotId })).map(String).filter((id) => !made.has(id))).to.deep.equal([]);
    // 1 day a week is 2 half-day units, in the pool's scope and overall, for each of the 4 ISO weeks.
    for (const id of made) expect(await CapacityClaim.countDocuments({ bookingId: id }), id).to.equal(2 * 2 * 4);

    // With the database free again the same request books (after TRY_AGAIN), or is refused as a repeat of the booking made.
    const again = await server.gql(BOOK, { i: input }, actors.lead.token);
    if (answer.errors) expect(again.errors, JSON.stringify(again.errors)).to.equal(undefined);
    else expect(again.errors?.[0]?.extensions?.code, JSON.stringify(again.errors)).to.equal('CONFLICT');
  });
});
