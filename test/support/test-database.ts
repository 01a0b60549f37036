// One real FerretDB per test run, on a free loopback port with a temporary
// data directory, started on first use. Each suite gets its own database name
// inside it, so suites never see each other's data whatever order they run in.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDBBinary, freePort, startFerretDB, type FerretDBHandle } from '../../scripts/ferretdb.ts';

let started: Promise<FerretDBHandle> | undefined;
let tmpDir: string | undefined;
let counter = 0;

const cacheDir = process.env.FERRETDB_CACHE_DIR ?? path.resolve('.cache/ferretdb');

export async function testDatabase(): Promise<FerretDBHandle> {
  if (process.env.TEST_MONGODB_URI) {
    // Lets the suite run against a real MongoDB too; nothing to start or stop.
    const uri = process.env.TEST_MONGODB_URI;
    return { uri, port: 0, dataDir: '', process: undefined as never, stop: async () => {} };
  }
  started ??= (async () => {
    const binary = await ensureFerretDBBinary(cacheDir, (m) => console.log(`      [test-db] ${m}`));
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'talent-pool-test-'));
    return startFerretDB({ binary, dataDir: tmpDir, port: await freePort() });
  })();
  return started;
}

/** A database name no other suite in this run uses. */
export function uniqueDbName(label: string): string {
  counter += 1;
  const safe = label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 24);
  return `t_${process.pid}_${counter}_${safe}`;
}

export async function stopTestDatabase(): Promise<void> {
  if (!started) return;
  const handle = await started.catch(() => undefined);
  started = undefined;
  await handle?.stop();
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
}
