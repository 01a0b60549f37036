// The pool can never promise someone's time twice: 200 concurrent booking
// mutations for overlapping periods of the same few practitioners, sent
// through two server processes on one database. A request that meets too
// many others answers TRY_AGAIN (nothing written) and is sent again, as a
// client would. Afterwards no ISO week is over capacity, every booking is
// whole or absent, and the number of successes is exactly what the capacity
// allows. The scene is shared with scripts/bench-contention.ts.
import { expect } from 'chai';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { CAPACITY_UNITS, claimsOfWholeBooking, requestsOf, seedContentionScene, sendBooking, storedFacts, type ContentionScene } from '../support/contention.ts';

const PRACTITIONERS = 4;
const SLOTS = 50;

describe('booking under concurrency (two server processes)', function () {
  this.timeout(240_000);
  const servers: ServerProcess[] = [];
  let scene: ContentionScene;
  let token: string;

  before(async () => {
    const { uri, postgresUrl, env: dbEnv } = await testDatabase();
    const dbName = uniqueDbName('concurrency');
    await connectDatabase({ uri, dbName, serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    scene = await seedContentionScene(PRACTITIONERS, SLOTS);

    const env = { ...dbEnv, DB_NAME: dbName, RECONCILE_INTERVAL_MS: '0', FIXED_NOW: '2026-11-25T12:00:00Z' };
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const login = await servers[0]!.gql(`mutation { login(email: "lead@example.test", password: "${PASSWORD}") { token } }`);
    token = login.data!.login.token;
  });

  after(async () => {
    for (const s of servers) await s.kill();
    await disconnectDatabase();
  });

  it('never exceeds capacity, keeps every booking whole or absent, and books as many as capacity allows', async () => {
    const requests = requestsOf(scene);
    expect(requests).to.have.length(200);
    const answers = await Promise.all(requests.map((input, i) => sendBooking(servers, input, i, token)));
    const results = answers.map((a) => a.result);
    const retries = answers.reduce((n, a) => n + a.answers.length - 1, 0);
    // A contention refusal says it is worth sending again, and when.
    for (const t of answers.flatMap((a) => a.attempts).filter((t) => t.code === 'TRY_AGAIN')) expect(t).to.include({ retryable: true }).and.to.have.property('retryAfterSeconds').that.is.a('number');

    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    const tally = codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
    // In the end only two answers: booked, or refused for capacity.
    expect(Object.keys(tally).sort(), `${JSON.stringify(tally)} after ${retries} retries`).to.deep.equal(['CAPACITY_EXCEEDED', 'OK']);
    // The most the capacity allows: 2 per practitioner, since every period shares week 2027-W12.
    expect(tally.OK).to.equal(scene.allowed);

    const stored = await storedFacts(scene);
    expect(stored.maxUnitsInAWeek).to.be.at.most(CAPACITY_UNITS);
    expect(stored.bookings.filter((b) => b.status === 'CLAIMING')).to.have.length(0);
    expect(stored.bookings.filter((b) => b.status === 'TENTATIVE')).to.have.length(tally.OK!);
    const acknowledged = new Set(results.filter((r) => !r.errors).map((r) => r.data!.bookPractitioner.id as string));
    for (const b of stored.bookings) {
      expect(acknowledged.has(b.id)).to.equal(true);
      expect(b.claims, b.id).to.equal(claimsOfWholeBooking(b));
    }
    // Nothing is held by a booking that does not exist.
    expect(stored.claimHolders).to.deep.equal([...acknowledged].sort());
    expect(stored.seatHolders).to.deep.equal([...acknowledged].sort());
  });
});
