// The abuse and outage probes of the hardening issues, against the service
// with the demo data: each bad request's answer (code, HTTP status) and time,
// with a normal request sent at the same moment and its time; then the
// database stopped under the service, and started again.
//
//   npx tsx scripts/bench-hardening.ts
import { median, ms, table } from './bench/report.ts';
import { signedIn, startDemoService } from './web/demo-service.ts';

const service = await startDemoService();
const gql = async (query: string, token?: string, body?: unknown) => {
  const t0 = performance.now();
  const res = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? { query }),
  });
  const json = (await res.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] } | { errors?: { extensions?: { code?: string } }[] }[];
  const first = Array.isArray(json) ? json[0] : json;
  return { ms: performance.now() - t0, status: res.status, code: first?.errors?.[0]?.extensions?.code ?? 'ok' };
};
const NORMAL = '{ councils(first: 5) { nodes { gssCode name } } }';
const rows: (string | number)[][] = [];
async function probe(label: string, query: string, token?: string, body?: unknown) {
  const times: number[] = [];
  const normal: number[] = [];
  let answer = { status: 0, code: '' };
  for (let i = 0; i < 5; i++) {
    const [bad, ok] = await Promise.all([gql(query, token, body), gql(NORMAL)]);
    times.push(bad.ms);
    normal.push(ok.ms);
    answer = bad;
  }
  rows.push([label, `${answer.status} ${answer.code}`, ms(median(times)), ms(median(normal))]);
}

try {
  const admin = service.users.find((u) => u.role === 'ADMIN')!;
  const token = ((await (await fetch(`${service.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation { login(email: "${admin.email}", password: "${admin.password}") { token } }` }) })).json()) as { data: { login: { token: string } } }).data.login.token;

  let q = 'id';
  for (let i = 0; i < 25; i++) q = `levels { role { ${q} } }`;
  await probe('anonymous, 1 KB, roles nested 51 deep', `{ role(id: "solution-architect") { ${q} } }`);
  await probe('anonymous, 2,000 aliases of councils(first: 200)', `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: councils(first: 200) { nodes { name } }`).join(' ')} }`);
  await probe('admin, 1,000 aliases of practitioners(first: 200)', `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: practitioners(first: 200) { nodes { name } }`).join(' ')} }`, token);
  let deep = 'id';
  for (let i = 0; i < 150; i++) deep = `practitioner { ${deep} }`;
  await probe('a query nested 301 deep', `{ me { ${deep} } }`, token);
  await probe('a batch of 50 operations', '', undefined, Array.from({ length: 50 }, () => ({ query: NORMAL })));
  await probe('a 1 MB body', `{ councils(first: 1) { nodes { name } } } # ${'x'.repeat(1024 * 1024)}`);

  // Outage: stop the database under the running service, ask, then start it again.
  const browser = await signedIn(service.url, admin);
  const outage: number[] = [];
  let answer = { status: 0, code: '' };
  await service.database.ferretdb.stop();
  await new Promise((r) => setTimeout(r, 3000)); // the service notices (heartbeat every 2 s)
  for (let i = 0; i < 5; i++) {
    const r = await gql('{ me { id } }', token);
    outage.push(r.ms);
    answer = r;
  }
  rows.push(['with FerretDB stopped: { me { id } } signed in', `${answer.status} ${answer.code}`, ms(median(outage)), '—']);
  const pageTimes: number[] = [];
  let page = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    page = (await browser.get('/')).status;
    pageTimes.push(performance.now() - t);
  }
  rows.push(['with FerretDB stopped: the home page, signed in', String(page), ms(median(pageTimes)), '—']);
  const t0 = performance.now();
  await service.database.restartFerretDB();
  let back = await gql('{ me { id } }', token);
  while (back.code !== 'ok' && performance.now() - t0 < 30_000) back = await gql('{ me { id } }', token);
  rows.push(['FerretDB started again: until { me } answers', `${back.status} ${back.code}`, ms(performance.now() - t0), '—']);
} finally {
  await service.stop();
}
table('hardening probes: the answer, its median time, and a normal request sent with it (ms)', ['probe', 'answer', 'median ms', 'normal request ms'], rows);
