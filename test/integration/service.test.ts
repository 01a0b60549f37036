import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../scripts/embedded-database.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { startOwnDatabase } from '../support/test-database.ts';
import { PASSWORD, userToken } from '../support/fixtures.ts';
import { httpClient, signInOverHttp } from '../../scripts/web/http-client.ts';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('service basics', function () {
  this.timeout(90_000);

  describe('health, readiness and request ids', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ label: 'service-basics', reference: false });
    });
    after(() => server?.stop());

    it('answers /healthz and /readyz', async () => {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).to.equal(200);
    });

    it('gives every request an id, and keeps a sane one the caller sent', async () => {
      const mine = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
      expect(mine.headers.get('x-request-id')).to.equal('abc-123');
      const generated = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'not a sane id' } });
      expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });

    it('never shows a stack trace to the client', async () => {
      const r = await server.gql('{ nope }');
      expect(JSON.stringify(r)).not.to.match(/stacktrace|at \w+ \(/);
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ "not json' });
      expect(res.status).to.equal(400);
      const body = await res.text();
      expect(JSON.parse(body)).to.deep.equal({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    });
  });

  describe('when the database goes away and comes back', () => {
    let db: EmbeddedDatabase;
    let dataDir: string;
    let server: TestServer;

    before(async () => {
      // A database of its own, so killing its FerretDB does not disturb other suites.
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'talent-pool-restart-'));
      db = await startOwnDatabase(dataDir);
      server = await startTestServer({ label: 'restart', uri: db.uri, postgresUrl: db.postgresUrl ?? undefined });
    });
    after(async () => {
      await server?.stop();
      await db?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('reports not ready and SERVICE_UNAVAILABLE while it is down, then recovers without a restart', async () => {
      // A page of councils is read in the database (one council by its code comes from memory).
      const query = '{ councils(filter: { regions: [NORTH_EAST] }, first: 1) { nodes { name } } }';
      expect((await server.gql(query)).data).to.deep.equal({ councils: { nodes: [{ name: 'Hartlepool' }] } });
      const { token } = await userToken(server, 'ADMIN');
      const web = httpClient(server);
      await signInOverHttp(web, (await server.gql<{ me: { email: string } }>('{ me { email } }', {}, token)).data!.me.email, PASSWORD);

      db.ferretdb.process.kill('SIGKILL');
      await new Promise((r) => db.ferretdb.process.once('exit', r));
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 503, 15_000);
      const down = await server.gql(query);
      expect(down.errors?.[0]?.extensions?.code).to.equal('SERVICE_UNAVAILABLE');
      expect(down.status).to.equal(503);
      // Signed in too: the user's lookup needs the database, so the answer is 503, not a 500.
      const me = await server.gql('{ me { id } }', {}, token);
      expect([me.status, me.errors?.[0]?.extensions?.code]).to.deep.equal([503, 'SERVICE_UNAVAILABLE']);
      const booking = await server.gql('mutation { cancelBooking(id: "6b0000000000000000000000") { id } }', {}, token);
      expect([booking.status, booking.errors?.[0]?.extensions?.code]).to.deep.equal([503, 'SERVICE_UNAVAILABLE']);
      expect((await web.get('/')).status).to.equal(503);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);

      await db.restartFerretDB();
      await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 30_000);
      expect((await server.gql(query)).data).to.deep.equal({ councils: { nodes: [{ name: 'Hartlepool' }] } });
      expect((await server.gql('{ me { id } }', {}, token)).data?.me).to.have.property('id');
      expect((await web.get('/')).status).to.equal(200);
    });
  });
});
