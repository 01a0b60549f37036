// Ranking one slot through GraphQL, end to end: a fresh embedded FerretDB on a
// free port in a temporary directory, 10,000 practitioners of one pool with
// approved contracts (seeded, with the DDaT role and skill mixes of
// scripts/bench/generate.ts), leave, existing bookings and their capacity
// claims, a 10-slot project, and the real server. It then asks
// slotCandidates over HTTP, as a programme lead would, and prints the median
// of many runs per slot after a warm-up, beside the same answer from the
// service called in-process and from the engine alone (the baseline ratio).
//
//   npx tsx scripts/bench-matching-graphql.ts            10,000 practitioners, 25 runs per slot
//   npx tsx scripts/bench-matching-graphql.ts --quick    2,000 practitioners, 10 runs per slot
//
// Times are this machine's; FerretDB's say nothing about MongoDB's (README, Design: database rules).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Types } from 'mongoose';
import { freePort } from './ferretdb.ts';
import { startEmbeddedDatabase } from './embedded-database.ts';
import { generatePool, generateProject, loadReference, mulberry32, type Rng } from './bench/generate.ts';
import { median, ms, pct, table } from './bench/report.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startService } from '../server/main.ts';
import { importReferenceData } from '../server/services/reference-import.ts';
import { createUser } from '../server/services/users.ts';
import { slotCandidates } from '../server/services/matching.ts';
import { engineInputs } from '../server/services/matching-input.ts';
import { matchingCacheStats } from '../server/services/matching-snapshot.ts';
import { horizonOf } from '../server/planning/engine-input.ts';
import { rankCandidates, DEFAULT_WEIGHTS } from '../server/matching/index.ts';
import { PROFICIENCIES } from '../server/reference/ddat.ts';
import { SERVICE_AREA_KEYS } from '../server/reference/service-areas.ts';
import { skillKeysOf } from '../server/practitioners/practitioner-input.ts';
import { addDays, weekEnd, weekStart, weeksBetween } from '../server/calendar/iso-week.ts';
import { Council } from '../models/council.ts';
import { Pool } from '../models/pool.ts';
import { Practitioner } from '../models/practitioner.ts';
import { CentralContract } from '../models/central-contract.ts';
import { CapacityClaim, ALL_POOLS, claimId } from '../models/capacity-claim.ts';
import { Booking } from '../models/booking.ts';
import { Project, type ProjectDoc } from '../models/project.ts';
import type { Viewer } from '../server/auth/viewer.ts';

const quick = process.argv.includes('--quick');
const N = quick ? 2_000 : 10_000;
const RUNS = quick ? 10 : 25;
const WARMUP = 3;
const SLOTS = 10;
const LIMIT = 20;
const POOL = 'bench-pool';
const HORIZON_START = '2027-01-04'; // a Monday; 26 ISO weeks from here
const HORIZON = weeksBetween(HORIZON_START, '2027-07-04');
const FIXED_NOW = '2026-12-01T12:00:00Z';
const PASSWORD = 'bench password 123';

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const out = await run();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
};

/** The pool: practitioners, contracts, leave, bookings and their claims, one project of SLOTS slots. Bulk inserts. */
async function seed(): Promise<ProjectDoc> {
  const ref = loadReference();
  const rng = mulberry32(20270104);
  const councils = await Council.find({}, { region: 1 }).lean<{ _id: string; region: string }[]>();
  const regionOf = new Map(councils.map((c) => [c._id, c.region]));
  const gss = councils.map((c) => c._id).sort();
  await Pool.create({ _id: POOL, name: 'Benchmark pool', footprint: gss });

  const engine = generatePool(ref, rng, N, { horizon: HORIZON.length });
  const people: object[] = [];
  const contracts: object[] = [];
  const bookings: object[] = [];
  const claims: object[] = [];
  const projectIds = Array.from({ length: 40 }, () => new Types.ObjectId());
  engine.forEach((p, i) => {
    const _id = new Types.ObjectId();
    const home = regionOf.has(p.homeCouncil) ? p.homeCouncil : pick(rng, gss);
    const skills = Object.entries(p.skills).map(([skillId, n]) => ({ skillId, proficiency: PROFICIENCIES[n - 1]! }));
    const partTime = rng() < 0.15;
    const leave = Array.from({ length: int(rng, 0, 3) }, () => {
      const monday = weekStart(pick(rng, HORIZON));
      const first = int(rng, 0, 4);
      return { start: addDays(monday, first), end: addDays(monday, int(rng, first, 4)), halfDay: false, note: null };
    });
    people.push({
      _id,
      name: `Practitioner ${i}`,
      email: `practitioner-${i}@bench.test`,
      homeCouncilId: home,
      roleLevelId: p.roleLevelId,
      roleId: p.roleId,
      levelRank: p.levelRank,
      skills,
      skillKeys: skillKeysOf(skills),
      region: regionOf.get(home)!,
      workingPattern: partTime ? [2, 2, 2, 0, 0, 0, 0] : [2, 2, 2, 2, 2, 0, 0],
      serviceAreas: [...new Set(Array.from({ length: int(rng, 1, 3) }, () => pick(rng, SERVICE_AREA_KEYS)))],
      workPreference: p.workPreference.toUpperCase(),
      leave,
      revision: 0,
      createdBy: null,
    });
    if (!p.contract) return;
    const days = partTime ? pick(rng, [1, 1.5, 2]) : pick(rng, [1, 2, 2, 2, 2.5, 3, 3, 4, 5]);
    const start = weekStart(HORIZON[p.contract.fromWeek]!);
    const end = p.contract.toWeek === HORIZON.length - 1 ? '2027-12-31' : weekEnd(HORIZON[p.contract.toWeek]!);
    const contractId = new Types.ObjectId();
    contracts.push({
      _id: contractId,
      practitionerId: _id,
      homeCouncilId: home,
      poolId: POOL,
      daysPerWeek: days,
      start,
      end,
      recallNoticeWeeks: 4,
      guaranteedReleaseDays: 0,
      status: 'APPROVED',
      liveStart: start,
      statusHistory: [],
      createdBy: null,
    });
    // Someone who worked for the pool last year: continuity for the projects' councils.
    if (rng() < 0.2) {
      bookings.push({
        practitionerId: _id,
        projectId: pick(rng, projectIds),
        slotId: new Types.ObjectId(),
        poolId: POOL,
        contractId,
        homeCouncilId: home,
        hostCouncilIds: [pick(rng, gss)],
        start: '2026-03-02',
        end: '2026-06-28',
        unitsPerWeek: 2,
        status: 'ENDED',
        statusHistory: [],
        createdBy: null,
      });
    }
    // A third are already booked somewhere for a few weeks of the horizon: claims in both scopes.
    if (rng() < 0.35) {
      const from = int(rng, p.contract.fromWeek, p.contract.toWeek);
      const to = Math.min(p.contract.toWeek, from + int(rng, 3, 14));
      const units = Math.min(days * 2, int(rng, 1, 4));
      const bookingId = new Types.ObjectId();
      bookings.push({
        _id: bookingId,
        practitionerId: _id,
        projectId: pick(rng, projectIds),
        slotId: new Types.ObjectId(),
        poolId: POOL,
        contractId,
        homeCouncilId: home,
        hostCouncilIds: [pick(rng, gss)],
        start: weekStart(HORIZON[from]!),
        end: weekEnd(HORIZON[to]!),
        unitsPerWeek: units,
        status: 'TENTATIVE',
        statusHistory: [],
        createdBy: null,
      });
      for (let w = from; w <= to; w++) {
        for (const scope of [POOL, ALL_POOLS]) {
          for (let u = 1; u <= units; u++) {
            claims.push({ _id: claimId(String(_id), scope, HORIZON[w]!, u), practitionerId: _id, scope, week: HORIZON[w]!, unit: u, bookingId, claimedAt: new Date(FIXED_NOW) });
          }
        }
      }
    }
  });
  // A squad's mix: a delivery manager first, then roles weighted as councils ask for them.
  const slots = generateProject(ref, mulberry32(50), 'bench', SLOTS, { horizon: HORIZON.length });
  const councilIds = [...new Set(slots[0]!.projectCouncils.filter((c) => regionOf.has(c)))];
  if (!councilIds.length) councilIds.push(gss[0]!);
  const project = {
    title: 'Benchmark project',
    outcome: 'Ten slots to rank',
    serviceArea: 'PLANNING',
    phase: 'ALPHA',
    start: HORIZON_START,
    end: '2027-07-04',
    priority: 'HIGH',
    onSiteExpectation: 'HYBRID',
    poolId: POOL,
    leadCouncilId: councilIds[0],
    councilIds,
    slots: slots.map((s) => ({
      roleLevelId: s.roleLevelId,
      roleId: s.roleId,
      levelRank: s.levelRank,
      required: s.required.map((n) => ({ skillId: n.skillId, proficiency: PROFICIENCIES[n.min - 1] })),
      requiredFromRoleLevel: false,
      desired: s.desired.map((n) => ({ skillId: n.skillId, proficiency: PROFICIENCIES[n.min - 1] })),
      daysPerWeek: Math.min(5, s.unitsPerWeek / 2),
      start: weekStart(HORIZON[s.fromWeek]!),
      end: weekEnd(HORIZON[s.toWeek]!),
      headcount: s.headcount,
    })),
    status: 'APPROVED',
    statusHistory: [],
    revision: 0,
    createdBy: null,
  };
  await step(`${N.toLocaleString('en-GB')} practitioners`, () => Practitioner.insertMany(people));
  await step(`${contracts.length.toLocaleString('en-GB')} approved contracts`, () => CentralContract.insertMany(contracts));
  await step(`${bookings.length.toLocaleString('en-GB')} bookings`, () => Booking.insertMany(bookings));
  await step(`${claims.length.toLocaleString('en-GB')} capacity claims`, async () => {
    for (let i = 0; i < claims.length; i += 20_000) await CapacityClaim.insertMany(claims.slice(i, i + 20_000), { lean: true });
  });
  const created = await Project.create(project as unknown as Partial<ProjectDoc>);
  return created.toObject() as ProjectDoc;
}

const QUERY = `query($p: ID!, $s: ID!, $l: Int) {
  slotCandidates(projectId: $p, slotId: $s, limit: $l) {
    eligibleCount partialCount
    candidates { rank score levelStep practitioner { id label homeCouncil { gssCode name } } contributions { factor weight value contribution } }
    partialFits { score failingWeeks fitWeeks practitioner { id label } }
  }
}`;

async function main() {
  const started = performance.now();
  const backend = process.env.FERRETDB_BACKEND === 'sqlite' ? 'sqlite' : 'postgresql';
  console.log(`Ranking one slot through GraphQL${quick ? ' (--quick)' : ''}: node ${process.version}, ${N.toLocaleString('en-GB')} practitioners on embedded FerretDB (${backend})`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-matching-'));
  const db = await startEmbeddedDatabase({
    backend,
    dataDir,
    port: await freePort(),
    postgresPort: await freePort(),
    cacheDir: path.resolve('.cache/ferretdb'),
    durable: false,
    log: (m) => console.log(`  [embedded database] ${m}`),
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MONGODB_URI: db.uri,
    FERRETDB_POSTGRESQL_URL: db.postgresUrl ?? '',
    DB_NAME: 'bench_matching',
    FIXED_NOW,
    RECONCILE_INTERVAL_MS: '0',
  });
  console.log('\nSeeding');
  const running = await startService(config, createLogger('silent'), db.uri, () => step('reference data', () => importReferenceData()).then(() => undefined));
  try {
    // Seeded after start-up, so the reconciler's start-up pass has run over an empty pool and does not compete with the timings.
    await new Promise((r) => setTimeout(r, 1000));
    const project = await seed();
    const lead = await createUser({ email: 'lead@bench.test', name: 'Bench lead', password: PASSWORD, role: 'PROGRAMME_LEAD', poolId: POOL });
    const viewer: Viewer = { userId: String(lead._id), role: 'PROGRAMME_LEAD', name: 'Bench lead', councilId: null, poolId: POOL, practitionerId: null };
    const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const token = ((await post(`mutation { login(email: "lead@bench.test", password: "${PASSWORD}") { token } }`, {})).login as { token: string }).token;
    const rank = (slotId: string) => post(QUERY, { p: String(project._id), s: slotId, l: LIMIT }, token);

    console.log('\nCache');
    const first = project.slots[0]!;
    const cold = performance.now();
    await rank(String(first._id));
    const coldMs = performance.now() - cold;
    console.log(`  first request (loads the pool's matching data): ${ms(coldMs)} ms`);

    const rows: (string | number)[][] = [];
    const httpAll: number[] = [];
    const serviceAll: number[] = [];
    const engineAll: number[] = [];
    for (const slot of project.slots) {
      const slotId = String(slot._id);
      for (let r = 0; r < WARMUP; r++) await rank(slotId);
      const http: number[] = [];
      let counts = { eligible: 0, partial: 0 };
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        const d = (await rank(slotId)).slotCandidates as { eligibleCount: number; partialCount: number };
        http.push(performance.now() - t0);
        counts = { eligible: d.eligibleCount, partial: d.partialCount };
      }
      // The same answer from the service in this process (no HTTP, no GraphQL)...
      const service: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await slotCandidates(viewer, { projectId: String(project._id), slotId, limit: LIMIT }, { labelKey: config.JWT_SECRET });
        service.push(performance.now() - t0);
      }
      // ...and from the engine alone, on the same inputs.
      const inputs = await engineInputs(POOL, [{ project, slot, start: slot.start, end: slot.end }], horizonOf(slot.start, slot.end), { ...DEFAULT_WEIGHTS }, { keepFullSlots: true });
      const engine: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        rankCandidates(inputs.slots[0]!, inputs.practitioners, inputs.ctx, { limit: LIMIT });
        engine.push(performance.now() - t0);
      }
      httpAll.push(median(http));
      serviceAll.push(median(service));
      engineAll.push(median(engine));
      rows.push([slot.roleLevelId, inputs.practitioners.length, counts.eligible, counts.partial, ms(median(http)), ms(pct(http, 0.9)), ms(median(service)), ms(median(engine)), (median(http) / median(engine)).toFixed(0)]);
    }
    rows.push(['all slots (median of medians)', '', '', '', ms(median(httpAll)), '', ms(median(serviceAll)), ms(median(engineAll)), (median(httpAll) / median(engineAll)).toFixed(0)]);
    table(
      `slotCandidates(limit: ${LIMIT}) by a programme lead: median of ${RUNS} runs per slot after ${WARMUP} warm-up runs (target: median <= 100 ms at 10,000)`,
      ['slot role level', 'considered', 'eligible', 'partial', 'HTTP ms', 'HTTP p90', 'service ms', 'engine ms', 'HTTP/engine'],
      rows,
    );

    // Throughput with a few clients at once.
    const body = JSON.stringify({ query: QUERY, variables: { p: String(project._id), s: String(first._id), l: LIMIT } });
    const load = await autocannon({ url: `${running.url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, connections: 4, duration: quick ? 3 : 8 });
    table('Under load: 4 connections, one slot', ['requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'errors'], [
      [load.requests.average.toFixed(0), load.latency.p50, load.latency.p90, load.latency.p99, load.non2xx, load.errors],
    ]);

    // What a write costs the next request: a claim inserted drops the bookings layer.
    const someone = await Practitioner.findOne({}, { _id: 1 }).lean<{ _id: Types.ObjectId }>();
    await CapacityClaim.create({ _id: claimId(String(someone!._id), ALL_POOLS, HORIZON[25]!, 99), practitionerId: someone!._id, scope: ALL_POOLS, week: HORIZON[25]!, unit: 99, bookingId: new Types.ObjectId(), claimedAt: new Date(FIXED_NOW) });
    const t1 = performance.now();
    await rank(String(first._id));
    const afterClaim = performance.now() - t1;
    await Practitioner.updateOne({ _id: someone!._id }, { $set: { name: 'Renamed' } });
    const t2 = performance.now();
    await rank(String(first._id));
    const afterProfile = performance.now() - t2;
    const stats = matchingCacheStats();
    table('After a write (the next request reloads what the write touched)', ['first request', 'after a capacity claim', 'after a profile edit', 'loads: roster / bookings', 'cache hits'], [
      [`${ms(coldMs)} ms`, `${ms(afterClaim)} ms`, `${ms(afterProfile)} ms`, `${stats.rosterLoads} / ${stats.bookingsLoads}`, stats.hits],
    ]);
  } finally {
    await running.stop();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
