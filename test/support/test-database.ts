// One real embedded database per test run (FerretDB on the backend the
// service defaults to, or FERRETDB_BACKEND's), on free loopback ports with a
// temporary data directory, started on first use. Each suite gets its own
// database name inside it, so suites never see each other's data whatever
// order they run in. TEST_MONGODB_URI runs the suite against a server you
// already have instead (with TEST_FERRETDB_POSTGRESQL_URL when that is a
// FerretDB on PostgreSQL).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/ferretdb.ts';
import { startEmbeddedDatabase, type Backend, type EmbeddedDatabase } from '../../scripts/embedded-database.ts';

export interface TestDatabase {
  uri: string;
  /** The PostgreSQL database behind FerretDB, or undefined (SQLite, MongoDB). */
  postgresUrl: string | undefined;
  /** What a server process needs in its environment to use this database. */
  env: Record<string, string>;
}

let started: Promise<EmbeddedDatabase> | undefined;
let tmpDir: string | undefined;
let counter = 0;

const cacheDir = process.env.FERRETDB_CACHE_DIR ?? path.resolve('.cache/ferretdb');

/** The backend the tests run on: the service's default unless FERRETDB_BACKEND says otherwise. */
export const testBackend = (): Backend => (process.env.FERRETDB_BACKEND === 'sqlite' ? 'sqlite' : 'postgresql');

/** A throw-away embedded database of its own (for tests that stop or kill it). */
export async function startOwnDatabase(dataDir: string, port?: number): Promise<EmbeddedDatabase> {
  return startEmbeddedDatabase({
    backend: testBackend(),
    dataDir,
    port: port ?? (await freePort()),
    postgresPort: await freePort(),
    cacheDir,
    durable: false,
    log: (m) => console.log(`      [test-db] ${m}`),
  });
}

const describe = (uri: string, postgresUrl: string | undefined): TestDatabase => ({
  uri,
  postgresUrl,
  env: { MONGODB_URI: uri, ...(postgresUrl ? { FERRETDB_POSTGRESQL_URL: postgresUrl } : {}) },
});

export async function testDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_MONGODB_URI) return describe(process.env.TEST_MONGODB_URI, process.env.TEST_FERRETDB_POSTGRESQL_URL || undefined);
  started ??= (async () => {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'talent-pool-test-'));
    return startOwnDatabase(tmpDir);
  })();
  const db = await started;
  return describe(db.uri, db.postgresUrl ?? undefined);
}

/** A database name no other suite in this run uses. */
export function uniqueDbName(label: string): string {
  counter += 1;
  const safe = label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 24);
  return `t_${process.pid}_${counter}_${safe}`.toLowerCase();
}

export async function stopTestDatabase(): Promise<void> {
  if (!started) return;
  const handle = await started.catch(() => undefined);
  started = undefined;
  await handle?.stop();
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
}

/** The connection string with the driver's command monitoring on (tests that count reads). */
export function monitored(uri: string): string {
  if (uri.includes('?')) return `${uri}&monitorCommands=true`;
  return /^mongodb(\+srv)?:\/\/[^/]+$/.test(uri) ? `${uri}/?monitorCommands=true` : `${uri}?monitorCommands=true`;
}
