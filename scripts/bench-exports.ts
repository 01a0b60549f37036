// The audit-log export at two lengths of log on the demo data: the time to
// stream the whole CSV over loopback HTTP, rows per second, and how far the
// service's heap grew while it did (sampled every 20 ms, the same process
// serves and measures). Constant memory means the growth stays flat when the
// log is ten times longer. Median of 3 runs per length.
//
//   npx tsx scripts/bench-exports.ts            2,000 and 20,000 events
//   npx tsx scripts/bench-exports.ts --quick    2,000 and 5,000
import os from 'node:os';
import { median, ms, table } from './bench/report.ts';
import { startDemoService } from './web/demo-service.ts';
import { recordAudits, type AuditEntry } from '../server/services/audit.ts';
import { AuditEvent } from '../models/audit-event.ts';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [2_000, 5_000] : [2_000, 20_000];
const RUNS = 3;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

console.log(`Audit log export: node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs per length`);
const service = await startDemoService();
const rows: (string | number)[][] = [];
try {
  const admin = service.users.find((u) => u.role === 'ADMIN')!;
  const login = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { login(email: "${admin.email}", password: "${admin.password}") { token } }` }),
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  for (const size of SIZES) {
    // Top the log up to `size` events (plans saved by the system: their content does not matter).
    const have = await AuditEvent.countDocuments();
    const entries: AuditEntry[] = Array.from({ length: Math.max(0, size - have) }, (_, i) => ({ actor: null, action: 'plan.save', entityType: 'Plan', entityId: `bench-${have + i}`, poolId: null, after: { name: `Plan ${have + i}` } }));
    for (let i = 0; i < entries.length; i += 500) await recordAudits(entries.slice(i, i + 500));
    const times: number[] = [];
    const growth: number[] = [];
    let lines = 0;
    for (let run = 0; run < RUNS; run++) {
      (globalThis as { gc?: () => void }).gc?.();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
      const t0 = performance.now();
      const res = await fetch(`${service.url}/exports/audit-log.csv`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
      lines = 0;
      // Read as it arrives; count line ends, keep nothing.
      for await (const chunk of res.body!) for (const byte of chunk as Uint8Array) if (byte === 10) lines++;
      times.push(performance.now() - t0);
      clearInterval(sampler);
      growth.push(peak - base);
    }
    const t = median(times);
    rows.push([Math.max(size, have).toLocaleString('en-GB'), (lines - 1).toLocaleString('en-GB'), ms(t), Math.round(((lines - 1) / t) * 1000).toLocaleString('en-GB'), mb(median(growth))]);
  }
} finally {
  await service.stop();
}
table('GET /exports/audit-log.csv as an admin, median of 3', ['events in the log', 'rows in the file', 'median ms', 'rows per second', 'heap growth while streaming'], rows);
