// What users do, timed end to end: the demo data exactly as `npm start` loads
// it (seed 2026), and the same demo ten times larger (generateDemoPlan's
// scale 10: 3,000 practitioners, about 670 bookings, some 20,000 audit
// events), each in its own database on one embedded database started here
// (scripts/embedded-database.ts, so whichever backend it picks is what is
// measured) in a temporary directory on free ports. The real server runs in
// this process with the clock pinned to the demo's "today"; the script signs
// in as the demo users and sends GraphQL over HTTP, as a browser would:
// booking someone (then cancelling, untimed, so every run is alike), the
// audit log as a lead and as an admin, one agreement's history, a page of
// the practitioner search, committing plans of 4 and 8 bookings, whyNot,
// `me`, the first slotCandidates after a booking (the matching cache's
// reload), and the reconciler's start-up pass (called in-process). Each is
// timed over 10 runs after 2 warm-up runs, beside its database cost counted
// from the driver's command monitoring while the request ran (round trips
// sent, documents read), and the target it should meet.
//
//   npx tsx scripts/bench-user-actions.ts                       both sizes, 10 runs after 2 warm-up runs
//   npx tsx scripts/bench-user-actions.ts --size demo           the demo only (or --size large)
//   npx tsx scripts/bench-user-actions.ts --quick --size demo   a smoke test: 5 runs after 1 warm-up run
//
// Both data sets are loaded through loadDemoData, as `npm start` loads the
// demo: the larger one takes a while (18 minutes on a 2-core machine on
// FerretDB v1.24), and that time is printed too. An action slower than 60 s
// is reported after one run, and the reconciler pass is given up on after
// 120 s. The launcher's variables (e.g. FERRETDB_BACKEND) pass through. Times
// are this machine's (README, Design: database rules).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Types } from 'mongoose';
import { freePort } from './ferretdb.ts';
import { openDatabase } from './embedded-database.ts';
import { median, ms, pct, table } from './bench/report.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startService, type Running } from '../server/main.ts';
import { importReferenceData } from '../server/services/reference-import.ts';
import { loadDemoData } from '../server/services/demo-data.ts';
import { reconcileBookings } from '../server/services/bookings.ts';
import { reconcileAgreements } from '../server/services/agreements.ts';
import { DEMO_ANCHOR, type DemoPlan, type DemoUser } from '../server/demo/demo-plan.ts';
import { Practitioner } from '../models/practitioner.ts';
import { Project, type ProjectDoc } from '../models/project.ts';
import { Booking, LIVE_BOOKING_STATUSES } from '../models/booking.ts';
import { AuditEvent } from '../models/audit-event.ts';
import { CapacityClaim } from '../models/capacity-claim.ts';
import { CentralContract } from '../models/central-contract.ts';
import { BOOKABLE_PROJECT_STATUSES } from '../server/bookings/booking-rules.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizeArg = args.includes('--size') ? args[args.indexOf('--size') + 1] : 'both';
if (sizeArg !== 'demo' && sizeArg !== 'large' && sizeArg !== 'both') {
  console.error('usage: npx tsx scripts/bench-user-actions.ts [--quick] [--size demo|large|both]');
  process.exit(64);
}
const RUNS = quick ? 5 : 10;
const WARMUP = quick ? 1 : 2;
const SEED = 2026;
const FIXED_NOW = `${DEMO_ANCHOR}T09:00:00Z`;
/** An action slower than this is reported after its first run. */
const SLOW_MS = 60_000;
const RECONCILE_LIMIT_MS = 120_000;
const BOOKABLE = [...BOOKABLE_PROJECT_STATUSES];

interface DataSet {
  key: 'demo' | 'large';
  title: string;
  scale: number;
}
const DATA_SETS: DataSet[] = [
  { key: 'demo', title: 'demo data (seed 2026, as `npm start` loads it)', scale: 1 },
  { key: 'large', title: 'ten times the demo (seed 2026, scale 10)', scale: 10 },
];

// ---- targets ------------------------------------------------------------------------

interface Target {
  /** Milliseconds the median must not exceed (strictly below when `below`). */
  ms: number;
  below?: boolean;
  /** Only judged at this size. */
  only?: DataSet['key'];
}
const TARGETS: Record<string, Target> = {
  'demo data load': { ms: 15_000, only: 'demo' },
  bookPractitioner: { ms: 150 },
  'auditEvents(first: 50) as a lead': { ms: 100 },
  'auditEvents(first: 50) as admin': { ms: 100 },
  'auditEvents of one agreement': { ms: 100 },
  'practitioners search page': { ms: 150 },
  'commitPlan, 8 bookings': { ms: 1500 },
  whyNot: { ms: 150 },
  'me (practitioner)': { ms: 30 },
  'first slotCandidates after a booking': { ms: 300, only: 'large' },
  'reconciler start-up pass': { ms: 5000, below: true, only: 'large' },
};

// ---- database cost: the driver's command monitoring, counted only while a timed request runs ----

const meter = { on: false, trips: 0, docs: 0, inWindow: new Set<number>(), trace: [] as string[], started: new Map<number, number>() };
// BENCH_TRACE=1 prints each timed request's commands (name, collection, filter keys, ms): where the round trips go.
const TRACE = Boolean(process.env.BENCH_TRACE);
const READS = new Set(['find', 'aggregate', 'getMore']);

function attachMeter(client: mongoose.mongo.MongoClient): void {
  client.on('commandStarted', (ev: mongoose.mongo.CommandStartedEvent) => {
    if (!meter.on) return;
    meter.trips++;
    meter.inWindow.add(ev.requestId);
    if (TRACE) {
      const cmd = ev.command as Record<string, unknown>;
      const filter = (cmd.filter ?? (cmd.updates as { q?: object }[] | undefined)?.[0]?.q ?? (cmd.deletes as { q?: object }[] | undefined)?.[0]?.q ?? {}) as object;
      const n = ((cmd.documents ?? cmd.updates ?? cmd.deletes) as unknown[] | undefined)?.length;
      meter.trace.push(`${ev.requestId} ${ev.commandName} ${String(cmd[ev.commandName])} ${Object.keys(filter).join(',')}${n ? ` x${n}` : ''}`);
      meter.started.set(ev.requestId, performance.now());
    }
  });
  client.on('commandSucceeded', (ev: mongoose.mongo.CommandSucceededEvent) => {
    if (TRACE && meter.started.has(ev.requestId)) meter.trace.push(`${ev.requestId} done ${(performance.now() - meter.started.get(ev.requestId)!).toFixed(1)} ms`);
    if (!meter.inWindow.delete(ev.requestId)) return;
    const reply = ev.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] }; n?: number } | undefined;
    if (READS.has(ev.commandName)) meter.docs += (reply?.cursor?.firstBatch ?? reply?.cursor?.nextBatch ?? []).length;
    else if (ev.commandName === 'count') meter.docs += reply?.n ?? 0;
  });
  client.on('commandFailed', (ev: mongoose.mongo.CommandFailedEvent) => void meter.inWindow.delete(ev.requestId));
}

interface Sample {
  ms: number;
  trips: number;
  docs: number;
}

/** Time fn with the meter on: only its database commands are counted. */
async function metered<T>(fn: () => Promise<T>): Promise<{ value: T; sample: Sample }> {
  meter.trips = 0;
  meter.docs = 0;
  meter.inWindow.clear();
  meter.trace = [];
  meter.on = true;
  const t0 = performance.now();
  try {
    const value = await fn();
    return { value, sample: { ms: performance.now() - t0, trips: meter.trips, docs: meter.docs } };
  } finally {
    meter.on = false;
    if (TRACE) console.log(`-- ${(performance.now() - t0).toFixed(1)} ms\n${meter.trace.join('\n')}`);
  }
}

// ---- GraphQL over HTTP ------------------------------------------------------------------

class ActionFailed extends Error {}

type Data = Record<string, unknown>;
type Gql = (query: string, variables?: Record<string, unknown>, token?: string) => Promise<Data>;

function client(url: string): Gql {
  return async (query, variables = {}, token) => {
    let res: Response;
    try {
      res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      throw new ActionFailed(code === 'UND_ERR_HEADERS_TIMEOUT' ? 'no answer within fetch\'s 300 s headers timeout' : `request failed: ${(err as Error).message}`);
    }
    const body = (await res.json()) as { data?: Data | null; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new ActionFailed(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    if (!res.ok || !body.data) throw new ActionFailed(`HTTP ${res.status} without data`);
    return body.data;
  };
}

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const ME = `query { me { id email name role practitionerId practitioner { id name homeCouncil { gssCode name } } } }`;
const AUDIT = `query($filter: AuditEventFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id at action entityType entityId actorRole actor { id name } pool { id name } before after }
  }
}`;
const SEARCH = `query($filter: PractitionerFilter, $first: Int) {
  practitioners(filter: $filter, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id name homeCouncil { gssCode name } roleLevel { id name } skills { proficiency skill { id name } } }
  }
}`;
const BOOK = `mutation($input: BookPractitionerInput!) { bookPractitioner(input: $input) { id status start end daysPerWeek practitioner { id name } } }`;
const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id, reason: "Benchmark: undone") { id status } }`;
const CANDIDATES = `query($p: ID!, $s: ID!) {
  slotCandidates(projectId: $p, slotId: $s, limit: 20) {
    eligibleCount partialCount
    candidates { rank score levelStep practitioner { id label homeCouncil { gssCode name } } contributions { factor weight value contribution } }
    partialFits { score failingWeeks fitWeeks practitioner { id label } }
  }
}`;
const WHY_NOT = `query($p: ID!, $s: ID!, $x: ID!) {
  whyNot(projectId: $p, slotId: $s, practitionerId: $x) { fits score violations { code message details } practitioner { id label homeCouncil { name } } }
}`;
const PLAN_FIELDS = 'id assignments { fixed practitioner { id } slot { id } } unfilled { missing }';
const SQUAD = `mutation($p: ID!, $save: SavePlanInput) { proposeSquad(projectId: $p, save: $save) { ${PLAN_FIELDS} } }`;
const PROGRAMME = `mutation($pool: ID!, $ids: [ID!]!, $from: LocalDate!, $to: LocalDate!, $save: SavePlanInput) {
  planProgramme(poolId: $pool, projectIds: $ids, from: $from, to: $to, timeLimitSeconds: 5, save: $save) { ${PLAN_FIELDS} }
}`;
const COMMIT = `mutation($id: ID!) { commitPlan(id: $id) { id status assignments { fixed booking { id status } } } }`;

// ---- running actions -----------------------------------------------------------------------

interface Row {
  action: string;
  samples: Sample[];
  /** Why there is no figure. */
  failed?: string;
  note?: string;
  /** Shown in seconds (one run, no p90). */
  seconds?: boolean;
}

const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;

function progress(row: Row): Row {
  const what = row.failed
    ? `not measured: ${row.failed}`
    : row.seconds
      ? `${secs(row.samples[0]!.ms)}${row.note ? ` (${row.note})` : ''}`
      : `median ${ms(median(row.samples.map((s) => s.ms)))} ms over ${row.samples.length} run(s)${row.note ? ` (${row.note})` : ''}`;
  console.log(`  ${row.action}: ${what}`);
  return row;
}

/**
 * WARMUP runs, then RUNS timed ones; `once` does its own untimed set-up and
 * clean-up and returns the timed part's sample. One run slower than SLOW_MS
 * is the figure on its own. A failure anywhere is reported, never timed.
 */
async function action(name: string, once: (run: number) => Promise<Sample>): Promise<Row> {
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < WARMUP + RUNS; r++) {
      const s = await once(r);
      if (s.ms > SLOW_MS) return progress({ action: name, samples: [s], note: `one run: slower than ${SLOW_MS / 1000} s` });
      if (r >= WARMUP) samples.push(s);
    }
    return progress({ action: name, samples });
  } catch (err) {
    if (!(err instanceof ActionFailed)) throw err;
    return progress({ action: name, samples: [], failed: err.message });
  }
}

const failedRow = (name: string, why: string): Row => progress({ action: name, samples: [], failed: why });

// ---- picking what to act on (untimed set-up, read in-process) -------------------------------------

interface OpenSlot {
  project: ProjectDoc;
  slotId: string;
  start: string;
  end: string;
  daysPerWeek: number;
  free: number;
}

/** Slots of bookable projects in the pool with a free seat that start from today (or, `running`, end from today), soonest project first. */
async function openSlots(poolId: string, opts: { running?: boolean } = {}): Promise<OpenSlot[]> {
  const projects = await Project.find({ poolId, status: { $in: BOOKABLE } }).lean<ProjectDoc[]>();
  const live = await Booking.find({ poolId, status: { $in: LIVE_BOOKING_STATUSES } }, { slotId: 1 }).lean<{ slotId: Types.ObjectId }[]>();
  const taken = new Map<string, number>();
  for (const b of live) taken.set(String(b.slotId), (taken.get(String(b.slotId)) ?? 0) + 1);
  return projects
    .flatMap((project) =>
      project.slots.map((s) => ({ project, slotId: String(s._id), start: s.start, end: s.end, daysPerWeek: s.daysPerWeek, free: s.headcount - (taken.get(String(s._id)) ?? 0) })),
    )
    .filter((s) => s.free > 0 && (opts.running ? s.end >= DEMO_ANCHOR : s.start >= DEMO_ANCHOR))
    .sort((a, b) => a.project.start.localeCompare(b.project.start) || String(a.project._id).localeCompare(String(b.project._id)));
}

interface BookingTarget {
  poolId: string;
  slot: OpenSlot;
  input: { practitionerId: string; projectId: string; slotId: string; start: string; end: string; daysPerWeek: number };
}

/** A lead's booking that succeeds: a full fit from slotCandidates on an open slot, tried once (and cancelled). */
async function findBooking(gql: Gql, poolId: string, token: string): Promise<BookingTarget | string> {
  const slots = await openSlots(poolId);
  if (!slots.length) return `no slot with a free seat on an approved or running project in ${poolId}`;
  let tried = 0;
  for (const slot of slots.slice(0, 12)) {
    const ranked = (await gql(CANDIDATES, { p: String(slot.project._id), s: slot.slotId }, token)).slotCandidates as { candidates: { practitioner: { id: string } }[] };
    for (const c of ranked.candidates.slice(0, 3)) {
      const contract = await CentralContract.findOne(
        { practitionerId: c.practitioner.id, poolId, status: { $in: ['APPROVED', 'ACTIVE'] }, start: { $lte: slot.start }, end: { $gte: slot.end } },
        { daysPerWeek: 1 },
      ).lean<{ daysPerWeek: number }>();
      if (!contract) continue;
      const input = { practitionerId: c.practitioner.id, projectId: String(slot.project._id), slotId: slot.slotId, start: slot.start, end: slot.end, daysPerWeek: Math.min(slot.daysPerWeek, contract.daysPerWeek) };
      tried++;
      try {
        const b = (await gql(BOOK, { input }, token)).bookPractitioner as { id: string };
        await gql(CANCEL, { id: b.id }, token);
        return { poolId, slot, input };
      } catch (err) {
        if (!(err instanceof ActionFailed)) throw err;
      }
    }
  }
  return `none of ${tried} full fits on ${Math.min(slots.length, 12)} open slots in ${poolId} could be booked`;
}

interface PlanSpec {
  kind: 'squad' | 'programme';
  poolId: string;
  projectIds: string[];
  from: string;
  to: string;
}
type MadePlan = { id: string; assignments: { fixed: boolean }[] };

async function makePlan(gql: Gql, spec: PlanSpec, name: string, token: string): Promise<MadePlan> {
  const save = { name };
  if (spec.kind === 'squad') return (await gql(SQUAD, { p: spec.projectIds[0], save }, token)).proposeSquad as MadePlan;
  return (await gql(PROGRAMME, { pool: spec.poolId, ids: spec.projectIds, from: spec.from, to: spec.to, save }, token)).planProgramme as MadePlan;
}
const newAssignments = (p: MadePlan) => p.assignments.filter((a) => !a.fixed).length;

/**
 * A plan that books exactly n people: one project's squad when one gives n
 * (projects starting from today), otherwise a programme plan from today over
 * a few projects with open seats whose own plans add up to n (checked: people
 * wanted by two projects make the sum an upper bound).
 */
async function findPlan(gql: Gql, poolIds: readonly string[], tokenOf: (poolId: string) => string, n: number): Promise<PlanSpec | string> {
  const tried: string[] = [];
  for (const poolId of poolIds) {
    const token = tokenOf(poolId);
    const projects = [...new Map((await openSlots(poolId, { running: true })).map((s) => [String(s.project._id), s.project])).values()].slice(0, 20);
    for (const project of projects.filter((p) => p.start >= DEMO_ANCHOR).slice(0, 10)) {
      const plan = (await gql(SQUAD, { p: String(project._id) }, token)).proposeSquad as MadePlan;
      if (newAssignments(plan) === n) return { kind: 'squad', poolId, projectIds: [String(project._id)], from: project.start, to: project.end };
    }
    const programme = (ps: readonly ProjectDoc[]): PlanSpec => ({ kind: 'programme', poolId, projectIds: ps.map((p) => String(p._id)), from: DEMO_ANCHOR, to: ps.map((p) => p.end).sort().reverse()[0]! });
    const size = async (spec: PlanSpec) => newAssignments((await gql(PROGRAMME, { pool: poolId, ids: spec.projectIds, from: spec.from, to: spec.to }, token)).planProgramme as MadePlan);
    const sized: { project: ProjectDoc; size: number }[] = [];
    for (const project of projects) {
      const k = await size(programme([project]));
      if (k === n) return programme([project]);
      if (k > 0 && k < n) sized.push({ project, size: k });
    }
    // Subsets of up to five projects adding up to n, fewest projects first.
    const subsets: ProjectDoc[][] = [];
    const walk = (from: number, chosen: typeof sized, sum: number) => {
      if (sum === n) subsets.push(chosen.map((c) => c.project));
      if (sum >= n || chosen.length === 5 || subsets.length >= 20) return;
      for (let i = from; i < sized.length; i++) walk(i + 1, [...chosen, sized[i]!], sum + sized[i]!.size);
    };
    walk(0, [], 0);
    subsets.sort((x, y) => x.length - y.length);
    for (const subset of subsets.slice(0, 8)) {
      const spec = programme(subset);
      if ((await size(spec)) === n) return spec;
    }
    tried.push(`${poolId}: plans of ${sized.map((s) => s.size).join(', ') || 'nobody'} from ${projects.length} projects with open seats, ${Math.min(subsets.length, 8)} combinations of them tried`);
  }
  return `no plan of exactly ${n} new bookings (${tried.join('; ')})`;
}

// ---- one data set ---------------------------------------------------------------------------

/** Measures into `rows` as it goes, so what was measured before a failure is still reported. */
async function measure(set: DataSet, uri: string, extraEnv: Record<string, string>, rows: Row[]): Promise<void> {
  console.log(`\n== ${set.title}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MONGODB_URI: uri,
    DB_NAME: `bench_user_actions_${set.key}`,
    FIXED_NOW,
    // The start-up pass runs once, over the empty database; this script times its own.
    RECONCILE_INTERVAL_MS: '0',
    ...extraEnv,
  });
  const running: Running = await startService(config, createLogger('silent'), uri, async () => {
    await importReferenceData();
  });
  let reconciling: Promise<unknown> | null = null;
  try {
    attachMeter(mongoose.connection.getClient());
    await new Promise((r) => setTimeout(r, 1000)); // the service's own start-up reconciler pass, over nothing

    // The load, as `npm start` does it (the service's clock is pinned, as with FIXED_NOW=... npm start).
    const loaded = await metered(() => loadDemoData(SEED, { nodeEnv: 'test', scale: set.scale, onStep: (step, t) => console.log(`    load step "${step}": ${secs(t)}`) }));
    if (loaded.value.outcome !== 'LOADED') throw new Error(`demo data not loaded: ${JSON.stringify(loaded.value)}`);
    rows.push(progress({ action: set.key === 'demo' ? 'demo data load' : 'data load (scale 10)', samples: [loaded.sample], seconds: true }));
    const plan: DemoPlan = loaded.value.plan;
    const [practitioners, bookings, audits, claims] = await Promise.all([
      Practitioner.countDocuments(),
      Booking.countDocuments({ status: { $ne: 'CLAIMING' } }),
      AuditEvent.countDocuments(),
      CapacityClaim.countDocuments(),
    ]);
    console.log(`  holds ${practitioners} practitioners, ${plan.projects.length} projects, ${bookings} bookings, ${claims} capacity claims, ${audits} audit events`);

    const gql = client(running.url);
    const tokens = new Map<string, string>();
    for (const u of plan.users) tokens.set(u.email, ((await gql(LOGIN, { email: u.email, password: u.password })).login as { token: string }).token);
    const user = (pred: (u: DemoUser) => boolean) => plan.users.find(pred)!;
    const tokenOf = (u: DemoUser) => tokens.get(u.email)!;
    const admin = user((u) => u.role === 'ADMIN');
    const practitionerUser = user((u) => u.role === 'PRACTITIONER');
    const leadOf = (poolId: string) => user((u) => u.role === 'PROGRAMME_LEAD' && u.poolId === poolId);
    const practitionerPool = plan.practitioners[practitionerUser.practitioner!]!.poolId;
    const poolIds = [practitionerPool, ...plan.pools.map((p) => p.id).filter((id) => id !== practitionerPool)];
    const lead = leadOf(practitionerPool);
    const timedGql = async (query: string, variables: Record<string, unknown>, token: string) => (await metered(() => gql(query, variables, token))).sample;

    // bookPractitioner: book (timed), cancel (untimed).
    let target: BookingTarget | string = 'no pool has a bookable slot';
    for (const poolId of poolIds) {
      target = await findBooking(gql, poolId, tokenOf(leadOf(poolId)));
      if (typeof target !== 'string') break;
    }
    if (typeof target === 'string') {
      rows.push(failedRow('bookPractitioner', target));
      rows.push(failedRow('first slotCandidates after a booking', target));
    } else {
      const t = target;
      const token = tokenOf(leadOf(t.poolId));
      rows.push(
        await action('bookPractitioner', async () => {
          const { value, sample } = await metered(() => gql(BOOK, { input: t.input }, token));
          await gql(CANCEL, { id: (value.bookPractitioner as { id: string }).id }, token);
          return sample;
        }),
      );
      // The first ranking after a booking: the booking drops the pool's bookings layer of the matching cache.
      rows.push(
        await action('first slotCandidates after a booking', async () => {
          const booked = (await gql(BOOK, { input: t.input }, token)).bookPractitioner as { id: string };
          const sample = await timedGql(CANDIDATES, { p: t.input.projectId, s: t.input.slotId }, token);
          await gql(CANCEL, { id: booked.id }, token);
          return sample;
        }),
      );
    }

    // The audit log.
    rows.push(await action('auditEvents(first: 50) as a lead', () => timedGql(AUDIT, { first: 50 }, tokenOf(lead))));
    rows.push(await action('auditEvents(first: 50) as admin', () => timedGql(AUDIT, { first: 50 }, tokenOf(admin))));
    const agreementEvents = await AuditEvent.find({ entityType: 'Agreement', poolId: practitionerPool }, { entityId: 1 }).limit(500).lean<{ entityId: string }[]>();
    const perAgreement = new Map<string, number>();
    for (const e of agreementEvents) perAgreement.set(e.entityId, (perAgreement.get(e.entityId) ?? 0) + 1);
    const agreementId = [...perAgreement].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    rows.push(
      agreementId
        ? await action('auditEvents of one agreement', () => timedGql(AUDIT, { filter: { entityType: 'Agreement', entityId: agreementId }, first: 50 }, tokenOf(lead)))
        : failedRow('auditEvents of one agreement', `no agreement events in ${practitionerPool}`),
    );

    // A page of the practitioner search: the pool's user researchers.
    const searchFilter = { poolId: practitionerPool, roleId: 'user-researcher' };
    const found = ((await gql(SEARCH, { filter: searchFilter, first: 20 }, tokenOf(lead))).practitioners as { totalCount: number }).totalCount;
    rows.push(
      found
        ? await action('practitioners search page', () => timedGql(SEARCH, { filter: searchFilter, first: 20 }, tokenOf(lead)))
        : failedRow('practitioners search page', `no user researchers in ${practitionerPool}`),
    );

    // commitPlan: a fresh saved plan each run (untimed), the commit (timed), its bookings cancelled (untimed).
    for (const n of [4, 8]) {
      const name = `commitPlan, ${n} bookings`;
      const spec = await findPlan(gql, poolIds, (poolId) => tokenOf(leadOf(poolId)), n);
      if (typeof spec === 'string') {
        rows.push(failedRow(name, spec));
        continue;
      }
      const token = tokenOf(leadOf(spec.poolId));
      rows.push(
        await action(name, async (run) => {
          const made = await makePlan(gql, spec, `Benchmark ${n} #${run} ${Date.now()}`, token);
          if (newAssignments(made) !== n) throw new ActionFailed(`the plan made ${newAssignments(made)} new bookings this time, not ${n}`);
          const { value, sample } = await metered(() => gql(COMMIT, { id: made.id }, token));
          const committed = value.commitPlan as { assignments: { fixed: boolean; booking: { id: string } | null }[] };
          for (const a of committed.assignments) if (!a.fixed && a.booking) await gql(CANCEL, { id: a.booking.id }, token);
          return sample;
        }),
      );
    }

    // whyNot: the demo practitioner on a slot of their pool's first bookable project (whatever they fail, all of it).
    const whySlot = (await openSlots(practitionerPool))[0];
    const named = await Practitioner.findOne({ email: plan.practitioners[practitionerUser.practitioner!]!.profile.email }, { _id: 1 }).lean<{ _id: Types.ObjectId }>();
    rows.push(
      whySlot && named
        ? await action('whyNot', () => timedGql(WHY_NOT, { p: String(whySlot.project._id), s: whySlot.slotId, x: String(named._id) }, tokenOf(lead)))
        : failedRow('whyNot', `no open slot in ${practitionerPool}`),
    );

    rows.push(await action('me (practitioner)', () => timedGql(ME, {}, tokenOf(practitionerUser))));

    // The reconciler's start-up pass, in-process, last: given up on (not stopped) after the limit.
    const pass = metered(async () => {
      await reconcileBookings(config.RECONCILE_STALE_MS);
      await reconcileAgreements(config.RECONCILE_STALE_MS);
    });
    reconciling = pass.catch(() => undefined);
    const limit = new Promise<'limit'>((r) => setTimeout(() => r('limit'), RECONCILE_LIMIT_MS).unref());
    const outcome = await Promise.race([pass, limit]);
    if (outcome === 'limit') {
      meter.on = false;
      rows.push(progress({ action: 'reconciler start-up pass', samples: [], failed: `> ${RECONCILE_LIMIT_MS / 1000} s (stopped)` }));
    } else {
      reconciling = null;
      rows.push(progress({ action: 'reconciler start-up pass', samples: [outcome.sample], seconds: true }));
    }
  } finally {
    await running.stop().catch((err: unknown) => console.error(`  stopping the service: ${(err as Error).message}`));
    await reconciling;
  }
}

function report(set: DataSet, rows: Row[]): void {
  const notes: string[] = [];
  const figure = (r: Row, xs: number[]) => (r.seconds ? secs(median(xs)) : ms(median(xs)));
  const medianOf = (r: Row, k: 'trips' | 'docs') => (r.failed ? '—' : String(median(r.samples.map((s) => s[k]))));
  table(
    `${set.title}: median and p90 of ${RUNS} runs after ${WARMUP} warm-up run(s); round trips and documents read: medians per run`,
    ['action', 'median ms', 'p90 ms', 'round trips', 'docs read', 'target', 'met'],
    rows.map((r) => {
      const t = TARGETS[r.action];
      const applies = t !== undefined && (!t.only || t.only === set.key);
      const times = r.samples.map((s) => s.ms);
      const m = r.failed ? null : median(times);
      const met = !applies ? '' : m === null ? '✗' : (t.below ? m < t.ms : m <= t.ms) ? '✓' : '✗';
      const target = !applies ? '' : `${t.below ? '<' : '≤'} ${t.ms >= 5000 ? `${t.ms / 1000} s` : `${t.ms} ms`}`;
      const stopped = r.failed?.startsWith('>');
      if (r.failed && !stopped) notes.push(`  [${notes.length + 1}] ${r.action}: ${r.failed}`);
      const shown = r.failed ? (stopped ? r.failed : `not measured [${notes.length}]`) : figure(r, times);
      const p90 = r.failed || r.seconds || times.length < 2 ? '—' : ms(pct(times, 0.9));
      return [r.action + (r.note ? ` (${r.note})` : ''), shown, p90, medianOf(r, 'trips'), medianOf(r, 'docs'), target, met];
    }),
  );
  for (const n of notes) console.log(n);
}

async function main() {
  const started = performance.now();
  const sets = DATA_SETS.filter((s) => sizeArg === 'both' || s.key === sizeArg);
  console.log(`What users do, over GraphQL${quick ? ' (--quick)' : ''}: node ${process.version}, ${os.cpus().length} cores, ${sets.map((s) => s.key).join(' and ')} data`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-user-actions-'));
  const logger = createLogger('silent');
  const ports = [await freePort()];
  while (ports.length < 2) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  // The launcher's own variables (e.g. FERRETDB_BACKEND) pass through; where and on which ports are ours.
  const dbConfig = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MONGODB_URI: '',
    DATA_DIR: dataDir,
    FERRETDB_PORT: String(ports[0]),
    POSTGRES_PORT: String(ports[1]),
    FERRETDB_CACHE_DIR: process.env.FERRETDB_CACHE_DIR ?? path.resolve('.cache/ferretdb'),
  });
  const t0 = performance.now();
  const db = await openDatabase(dbConfig, logger);
  const fields = Object.entries(db).filter(([k, v]) => k !== 'uri' && typeof v !== 'function');
  console.log(`  embedded database up in ${secs(performance.now() - t0)}: ${fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') || '(the handle tells nothing but its uri)'}`);
  // Whatever the handle offers the service beyond the uri (e.g. the PostgreSQL url behind FerretDB).
  const postgresUrl = (db as { postgresUrl?: string | null }).postgresUrl;
  const extraEnv: Record<string, string> = postgresUrl ? { FERRETDB_POSTGRESQL_URL: postgresUrl } : {};
  const results: { set: DataSet; rows: Row[]; error?: string }[] = [];
  try {
    for (const set of sets) {
      const result: (typeof results)[number] = { set, rows: [] };
      results.push(result);
      try {
        await measure(set, db.uri, extraEnv, result.rows);
      } catch (err) {
        // Report what was measured, say why the rest was not, and go on to the next data set.
        result.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        console.error(`  stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  for (const r of results) {
    report(r.set, r.rows);
    if (r.error) console.log(`  stopped before the remaining actions: ${r.error}`);
  }
  console.log(`\nTotal ${secs(performance.now() - started)}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
