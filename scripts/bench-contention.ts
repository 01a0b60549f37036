// Bookings under contention: 200 and 400 concurrent bookPractitioner
// mutations for overlapping periods of a few practitioners (the concurrency
// test's scene, test/support/contention.ts), through two server processes on
// one embedded database. A client sends a TRY_AGAIN answer again after a
// random part of its hint. Prints how long each HTTP answer took (every
// attempt), how long each request took to settle, the codes, and the
// successes against what the capacity allows, checked afterwards from the
// stored documents (no week over capacity, every booking whole).
//
//   npx tsx scripts/bench-contention.ts           200 and 400
//   npx tsx scripts/bench-contention.ts --quick   200
import os from 'node:os';
import { createLogger } from '../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../server/db.ts';
import { median, ms, pct, table } from './bench/report.ts';
import { testDatabase, uniqueDbName, stopTestDatabase } from '../test/support/test-database.ts';
import { PASSWORD } from '../test/support/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.ts';
import { CAPACITY_UNITS, claimsOfWholeBooking, requestsOf, seedContentionScene, sendBooking, storedFacts } from '../test/support/contention.ts';

const SIZES = process.argv.includes('--quick') ? [200] : [200, 400];
const SLOTS = 50;

console.log(`Bookings under contention: node ${process.version}, ${os.cpus().length} cores, two server processes, ${SIZES.join(' and ')} concurrent requests`);
const rows: (string | number)[][] = [];
const tallies: string[] = [];
try {
  for (const size of SIZES) {
    const { uri, postgresUrl, env: dbEnv } = await testDatabase();
    const dbName = uniqueDbName(`contention-${size}`);
    await connectDatabase({ uri, dbName, serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    const scene = await seedContentionScene(size / SLOTS, SLOTS);
    const env = { ...dbEnv, DB_NAME: dbName, RECONCILE_INTERVAL_MS: '0', FIXED_NOW: '2026-11-25T12:00:00Z' };
    const servers: ServerProcess[] = [await startServerProcess(env), await startServerProcess(env)];
    try {
      const token = (await servers[0]!.gql(`mutation { login(email: "lead@example.test", password: "${PASSWORD}") { token } }`)).data!.login.token as string;
      const t0 = performance.now();
      const answers = await Promise.all(
        requestsOf(scene).map(async (input, i) => {
          const a = await sendBooking(servers, input, i, token);
          return { ...a, settled: performance.now() - t0 };
        }),
      );
      const wall = performance.now() - t0;
      const every = answers.flatMap((a) => a.answers);
      const first = answers.map((a) => a.answers[0]!);
      const settled = answers.map((a) => a.settled);
      const count = (codes: string[]) => codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
      const finals = count(answers.map((a) => a.attempts[a.attempts.length - 1]!.code));
      const firsts = count(answers.map((a) => a.attempts[0]!.code));
      const internal = answers.flatMap((a) => a.attempts).filter((t) => t.code === 'INTERNAL_SERVER_ERROR').length;
      const hints = answers.flatMap((a) => a.attempts).filter((t) => t.code === 'TRY_AGAIN');
      const stored = await storedFacts(scene);
      const whole = stored.bookings.every((b) => b.status !== 'CLAIMING' && b.claims === claimsOfWholeBooking(b));
      rows.push([
        size,
        ms(median(every)),
        ms(pct(every, 0.9)),
        ms(Math.max(...every)),
        ms(median(first)),
        ms(median(settled)),
        ms(Math.max(...settled)),
        every.length - size,
        internal,
        `${finals.OK ?? 0} / ${scene.allowed}`,
        `${stored.maxUnitsInAWeek} / ${CAPACITY_UNITS}${whole ? ', whole' : ', NOT whole'}`,
      ]);
      tallies.push(
        `${size}: first answers ${JSON.stringify(firsts)}; final ${JSON.stringify(finals)}; TRY_AGAIN hints ${[...new Set(hints.map((h) => h.retryAfterSeconds))].join(', ') || 'none'} s, all retryable: ${hints.every((h) => h.retryable === true)}; wall ${ms(wall / 1000)} s`,
      );
    } finally {
      for (const s of servers) await s.kill();
      await disconnectDatabase();
    }
  }
} finally {
  await stopTestDatabase();
}
table(
  'bookPractitioner under contention, ms (an answer: one HTTP request and its answer; settled: from the start until the request is booked or refused for capacity)',
  ['concurrent', 'answer median', 'answer p90', 'answer max', 'first answer median', 'settled median', 'settled max', 'retries', 'INTERNAL_SERVER_ERROR', 'booked / allowed', 'max units in a week / capacity'],
  rows,
);
for (const t of tallies) console.log(`  ${t}`);
