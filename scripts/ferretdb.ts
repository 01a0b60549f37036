// FerretDB v1.24.2, built from the Go module proxy into a cache directory
// (once), and started/stopped on a loopback port with its SQLite backend or
// its PostgreSQL backend (scripts/embedded-database.ts chooses).
//
// Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`?
// The published module lacks build/version/version.txt (a generated file the
// release pipeline writes), and the binary built from it panics at start-up.
// So we download the module source, write that file, and build from it.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';

const run = promisify(execFile);

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

export function ferretdbBinaryPath(cacheDir: string): string {
  return path.resolve(cacheDir, FERRETDB_VERSION, 'ferretdb');
}

async function goEnv(): Promise<NodeJS.ProcessEnv> {
  try {
    await run('go', ['version']);
  } catch {
    throw new Error(
      'Go is needed to build the embedded FerretDB but `go` was not found on PATH. ' +
        'Install Go 1.22+ or set MONGODB_URI to use an existing MongoDB.',
    );
  }
  // GOTOOLCHAIN=local: never fetch another Go toolchain (only modules may be downloaded).
  return { ...process.env, GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
}

/** Build the pinned FerretDB into cacheDir unless a working binary is already there. */
export async function ensureFerretDBBinary(
  cacheDir: string,
  log: (msg: string) => void = () => {},
): Promise<string> {
  const binary = ferretdbBinaryPath(cacheDir);
  if (existsSync(binary)) {
    try {
      const { stdout } = await run(binary, ['--version']);
      if (stdout.includes(FERRETDB_VERSION)) return binary;
    } catch {
      // fall through and rebuild a broken binary
    }
  }
  const env = await goEnv();
  const versionDir = path.dirname(binary);
  await mkdir(versionDir, { recursive: true });
  log(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy (once; about a minute)`);

  const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], {
    cwd: versionDir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!moduleDir) throw new Error(`go mod download did not report a source directory for ${MODULE}`);

  // The module cache is read-only: build from a private, writable copy.
  const srcDir = path.join(versionDir, `src-${process.pid}`);
  await rm(srcDir, { recursive: true, force: true });
  await cp(moduleDir, srcDir, { recursive: true });
  await run('chmod', ['-R', 'u+w', srcDir]);
  await writeFile(path.join(srcDir, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  await writeFile(path.join(srcDir, 'build/version/package.txt'), 'talent-pool-embedded\n');

  const tmpBinary = `${binary}.${process.pid}.tmp`;
  try {
    await run('go', ['build', '-trimpath', '-o', tmpBinary, './cmd/ferretdb'], {
      cwd: srcDir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    await chmod(tmpBinary, 0o755);
    // rename is atomic: two processes building at once both end with a whole binary.
    await rename(tmpBinary, binary);
  } finally {
    await rm(srcDir, { recursive: true, force: true });
    await rm(tmpBinary, { force: true });
  }
  log(`built ${binary}`);
  return binary;
}

/** A free TCP port on loopback, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface FerretDBHandle {
  uri: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export type FerretDBBackend = { handler: 'sqlite' } | { handler: 'postgresql'; url: string };

export interface StartOptions {
  binary: string;
  /** SQLite files (sqlite backend) and FerretDB's state file. */
  dataDir: string;
  port: number;
  /** Default: SQLite files in dataDir. */
  backend?: FerretDBBackend;
  /** Where FerretDB's own log goes; defaults to <dataDir>/ferretdb.log. */
  logFile?: string;
  startTimeoutMs?: number;
}

/** Answer to `hello` proves the server is up and speaking the wire protocol. */
export async function pingHello(uri: string, timeoutMs = 1000): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ hello: 1 });
    return res.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

export async function startFerretDB(opts: StartOptions): Promise<FerretDBHandle> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const logFile = opts.logFile ?? path.join(dataDir, 'ferretdb.log');
  const out = createWriteStream(logFile, { flags: 'a' });
  const backend = opts.backend ?? { handler: 'sqlite' };
  const storage = backend.handler === 'sqlite' ? ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`] : ['--handler=postgresql', `--postgresql-url=${backend.url}`];
  const child = spawn(
    opts.binary,
    [
      ...storage,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${opts.port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-format=json',
      '--log-level=WARN',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const uri = `mongodb://127.0.0.1:${opts.port}/`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
  while (!(await pingHello(uri, 500))) {
    if (exited) throw new Error(`FerretDB exited during start-up (exit code ${child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not answer hello on port ${opts.port} in time; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    uri,
    port: opts.port,
    dataDir,
    process: child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
      out.end();
    },
  };
}
