// The collaboration queries a lead runs on the pool dashboard and at the end
// of a quarter, on the demo data: the demand-supply figures (poolDemand) and
// the recharge statement (rechargeStatement) of the busiest pool over a
// financial year, through GraphQL over loopback HTTP as its lead. 10 runs
// after 2 warm-up runs (--quick: 5 after 1). Target: median ≤ 300 ms each
// at ten times the demo (3,000 practitioners; loading it takes minutes).
//
//   npx tsx scripts/bench-collaboration.ts [--quick] [--size demo|large]
import os from 'node:os';
import { median, ms, pct, table } from './bench/report.ts';
import { startDemoService } from './web/demo-service.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 10;
const WARMUP = quick ? 1 : 2;
const TARGET_MS = 300;
const POOL = 'yorkshire-and-the-humber';
const large = process.argv.includes('--size') && process.argv[process.argv.indexOf('--size') + 1] === 'large';

const QUERIES: Record<string, string> = {
  'poolDemand, 2027-03-01..2027-04-25': `{ poolDemand(poolId: "${POOL}", from: "2027-03-01", to: "2027-04-25") {
    utilisation capacityDays bookedDays demandDays unfilledDays
    families { family { name } practitionerCount weeks { week capacityDays bookedDays demandDays filledDays unfilledDays } } } }`,
  'rechargeStatement, 2026-04-01..2027-03-31': `{ rechargeStatement(poolId: "${POOL}", from: "2026-04-01", to: "2027-03-31") {
    totals { days } pairs { days } lines { daysPlaced } } }`,
};

console.log(`Collaboration queries at ${large ? 'ten times the demo data (3,000 practitioners)' : 'the demo data size'}: node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs after ${WARMUP} warm-up run(s)`);
const service = await startDemoService({ scale: large ? 10 : 1 });
const rows: (string | number)[][] = [];
try {
  const lead = service.users.find((u) => u.role === 'PROGRAMME_LEAD' && u.email.includes(POOL))!;
  const post = (query: string, token?: string) =>
    fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }) });
  const login = (await (await post(`mutation { login(email: "${lead.email}", password: "${lead.password}") { token } }`)).json()) as { data: { login: { token: string } } };
  const token = login.data.login.token;
  for (const [label, query] of Object.entries(QUERIES)) {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = performance.now();
      const body = (await (await post(query, token)).json()) as { errors?: unknown };
      if (body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors)}`);
      if (i >= WARMUP) times.push(performance.now() - t0);
    }
    const m = median(times);
    rows.push([label, ms(m), ms(pct(times, 0.9)), m <= TARGET_MS ? '✓' : '✗']);
  }
} finally {
  await service.stop();
}
table(`as the ${POOL} lead, median and p90 ms (target ≤ ${TARGET_MS} ms)`, ['query', 'median ms', 'p90 ms', 'met'], rows);
