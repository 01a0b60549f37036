// Server time to render each web page at the demo data size: every page a
// demo user of each role reaches from the service navigation (and the first
// page each links to below itself), fetched over loopback HTTP with the
// user's session, 10 runs after 2 warm-up runs. Target: median ≤ 300 ms.
//
//   npx tsx scripts/bench-pages.ts           10 runs
//   npx tsx scripts/bench-pages.ts --quick   5 runs after 1
import os from 'node:os';
import { median, ms, pct, table } from './bench/report.ts';
import { oneOfEachRole, pagesOf, signedIn, startDemoService } from './web/demo-service.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 10;
const WARMUP = quick ? 1 : 2;
const TARGET_MS = 300;

console.log(`Web pages at the demo data size: node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs after ${WARMUP} warm-up run(s)`);
const service = await startDemoService();
const rows: (string | number)[][] = [];
try {
  for (const user of oneOfEachRole(service.users)) {
    const client = await signedIn(service.url, user);
    for (const page of await pagesOf(client)) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t0 = performance.now();
        const res = await client.get(page);
        await res.arrayBuffer();
        if (i >= WARMUP) times.push(performance.now() - t0);
        status = res.status;
      }
      const m = median(times);
      rows.push([user.role, page, status, ms(m), ms(pct(times, 0.9)), status === 200 && m <= TARGET_MS ? '✓' : '✗']);
    }
  }
} finally {
  await service.stop();
}
table(`page render, median and p90 ms (target ≤ ${TARGET_MS} ms)`, ['role', 'page', 'status', 'median ms', 'p90 ms', 'met'], rows);
