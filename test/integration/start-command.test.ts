// The README's first command, end to end: `npm start` on an empty data
// directory brings up the embedded database (FerretDB on PostgreSQL), loads the reference data, serves
// GraphQL, and on SIGTERM stops everything it started.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { freePort, pingHello } from '../../scripts/ferretdb.ts';

/** Whether anything still accepts TCP connections on a loopback port. */
const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm start (scripts/start.ts)', function () {
  this.timeout(120_000);
  let child: ChildProcess;
  let dataDir: string;
  let output = '';

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database with reference data, and shuts down cleanly on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'talent-pool-start-'));
    const port = await freePort();
    const dbPort = await freePort();
    const postgresPort = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, MONGODB_URI: '', PORT: String(port), FERRETDB_PORT: String(dbPort), POSTGRES_PORT: String(postgresPort), DATA_DIR: path.join(dataDir, 'not-made-yet'), LOG_LEVEL: 'warn', DEMO_DATA: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 100_000;
    for (;;) {
      const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ok) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).to.include(`/graphql`);

    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ councils(filter: { regions: [NORTH_EAST], types: [UNITARY_AUTHORITY, METROPOLITAN_DISTRICT] }) { totalCount } }' }),
    });
    expect(await res.json()).to.deep.equal({ data: { councils: { totalCount: 12 } } });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(await pingHello(`mongodb://127.0.0.1:${dbPort}/`, 500)).to.equal(false);
    expect(await portAnswers(postgresPort)).to.equal(false);
  });
});
