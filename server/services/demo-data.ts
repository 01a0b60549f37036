// Use-case: load the demo data (server/demo/demo-plan.ts) into the database
// through the real services, acting as a system admin, so every invariant,
// status history and audit entry is what a real user's request would leave:
// pools, projects moved through their statuses, bookings that claim capacity
// (and whatever else booking brings with it), and one user per role.
// Practitioners with their leave, and central contracts with their status
// moves, are written in bulk as those services would write them, because
// through the services they take about a minute on FerretDB (demo-bulk.ts).
//
// Once only: a marker document (models/demo-data.ts) is claimed by insert
// before anything is written and says LOADED at the end. A database that
// already has the marker, or already holds pools, practitioners or projects
// of its own, is left alone. Never in production: the passwords are public.
import { claimDemoMarker, findDemoMarker, markDemoLoaded } from '../store/demo-data.ts';
import { anyPool } from '../store/pools.ts';
import { anyPractitioner } from '../store/practitioners.ts';
import { anyProject } from '../store/projects.ts';
import { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { weeksBetween } from '../calendar/iso-week.ts';
import { finalContractStatus, finalProjectStatus, generateDemoPlan, type DemoAgreementStage, type DemoPlan, type DemoProject, type DemoUser } from '../demo/demo-plan.ts';
import { readDemoReference } from '../demo/demo-reference.ts';
import { createPool } from './pools.ts';
import { eachLimited, insertContracts, insertPractitioners } from './demo-bulk.ts';
import { createProject, transitionProject } from './projects.ts';
import { bookPractitioner, endBookingEarly, recallBooking } from './bookings.ts';
import { agreementsByBookingIds, amendAgreement, decideAgreement, submitAgreement, updateAgreementDraft } from './agreements.ts';
import { partiesOfAgreement } from './agreement-records.ts';
import { createUser } from './users.ts';

/** Who the loader acts as: an admin that is no user, so audit entries say plainly that the demo loader made them. */
export const DEMO_LOADER: Viewer = {
  userId: 'demo-data-loader',
  role: 'ADMIN',
  name: 'Demo data loader',
  councilId: null,
  poolId: null,
  practitionerId: null,
};

// Projects are independent of each other, so their moves run a few at a time.
const CONCURRENCY = 8;

export interface DemoSummary {
  pools: number;
  practitioners: number;
  contracts: Record<string, number>;
  leave: number;
  projects: Record<string, number>;
  slots: number;
  bookings: number;
  users: number;
}

export type DemoLoadResult =
  | { outcome: 'LOADED'; plan: DemoPlan; summary: DemoSummary; ms: number }
  | { outcome: 'ALREADY_LOADED'; plan: DemoPlan; summary: DemoSummary }
  | { outcome: 'SKIPPED'; reason: string };

export class DemoDataRefused extends Error {
  override name = 'DemoDataRefused';
}

const countBy = <T>(items: readonly T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

export function summarise(plan: DemoPlan): DemoSummary {
  const contracts = plan.practitioners.flatMap((p) => (p.contract ? [p.contract] : []));
  return {
    pools: plan.pools.length,
    practitioners: plan.practitioners.length,
    contracts: countBy(contracts, finalContractStatus),
    leave: plan.practitioners.reduce((n, p) => n + p.leave.length, 0),
    projects: countBy(plan.projects, finalProjectStatus),
    slots: plan.projects.reduce((n, p) => n + p.input.slots.length, 0),
    bookings: plan.projects.reduce((n, p) => n + p.bookings.length, 0),
    users: plan.users.length,
  };
}

/**
 * Write the plan. Practitioners, contracts and projects are created in plan
 * order, so lists paged by id read the same on every fresh load.
 */
async function persist(plan: DemoPlan, progress: (step: string) => void): Promise<void> {
  const as = DEMO_LOADER;
  for (const pool of plan.pools) await createPool(pool);
  progress('pools');

  // Leave goes in with the practitioners, before any booking: a booking claims what is left after it.
  const practitioners = await insertPractitioners(as, plan);
  const practitionerIds = practitioners.map((p) => String(p._id));
  progress('practitioners and leave');
  await insertContracts(as, plan, practitioners);
  progress('central contracts');

  // Ids named in plan order (increasing), so projects can be created side by side.
  const ids = plan.projects.map(() => new Types.ObjectId());
  const projects: { id: string; plan: DemoProject; slotIds: string[] }[] = [];
  await eachLimited(plan.projects.map((p, i) => ({ p, i })), CONCURRENCY, async ({ p, i }) => {
    const created = await createProject(as, p.input, { id: ids[i]! });
    projects[i] = { id: String(created._id), plan: p, slotIds: created.slots.map((s) => String(s._id)) };
  });
  // Every project moves up to STAFFING (or its final status), then people
  // are booked, then the staffed ones move on: the order a lead works in.
  const staffingAt = (p: DemoProject) => p.moves.findIndex((m) => m.to === 'STAFFING');
  const movesUntilStaffing = (p: DemoProject) => (staffingAt(p) < 0 ? p.moves : p.moves.slice(0, staffingAt(p) + 1));
  await eachLimited(projects, CONCURRENCY, async ({ id, plan: p }) => {
    for (const move of movesUntilStaffing(p)) await transitionProject(as, id, move.to, move.note);
  });
  progress('projects');
  // Every booking reads all capacity claims (FerretDB scans the collection),
  // so the smallest go first while there are few; two at a time keep both
  // the database's cores busy.
  const bookings = projects
    .flatMap(({ id, plan: p, slotIds }) => p.bookings.map((b) => ({ ...b, projectId: id, slotId: slotIds[b.slot]! })))
    .sort((a, b) => weeksBetween(a.start, a.end).length * a.daysPerWeek - weeksBetween(b.start, b.end).length * b.daysPerWeek);
  const made: { bookingId: string; stage: DemoAgreementStage; closedOn?: string }[] = [];
  await eachLimited(bookings, 2, async (b) => {
    const booked = await bookPractitioner(as, { practitionerId: practitionerIds[b.practitioner]!, projectId: b.projectId, slotId: b.slotId, start: b.start, end: b.end, daysPerWeek: b.daysPerWeek });
    made.push({ bookingId: String(booked._id), stage: b.agreement, closedOn: b.closedOn });
  });
  progress('bookings');
  // Each agreement as far as the plan says, decided for each party as the parties' users would.
  const agreements = await agreementsByBookingIds(made.map((m) => m.bookingId));
  const requesterOf = new Map(plan.users.filter((u) => u.role === 'COUNCIL_REQUESTER').map((u) => [u.councilId!, u]));
  await eachLimited(made.map((m, i) => ({ ...m, doc: agreements[i] })), 2, async ({ bookingId, stage, closedOn, doc }) => {
    if (!doc || stage === 'DRAFT') return;
    const id = String(doc._id);
    // The named contacts a submission needs: each council's demo requester; the host pays a day rate.
    const contact = (council: string) => {
      const u = requesterOf.get(council);
      return u ? { name: u.name, email: u.email } : { name: 'Digital services team', email: 'digital@council.example' };
    };
    await updateAgreementDraft(as, id, { homeLineManager: contact(doc.homeCouncilId), hostSupervisor: contact(doc.hostCouncilIds[0]!), dayRatePence: 45_000, payer: 'HOST_COUNCIL' });
    await submitAgreement(as, id);
    const waitingFor = stage === 'AWAITING_ALL' ? null : stage === 'AWAITING_LEAD' ? 'PROGRAMME_LEAD' : stage === 'AWAITING_PRACTITIONER' ? 'PRACTITIONER' : undefined;
    if (waitingFor === null) return;
    const approveAll = async (but?: string) => {
      for (const party of partiesOfAgreement(doc).filter((p) => p.kind !== but)) {
        await decideAgreement(as, id, 'APPROVED', { as: party.kind, councilId: party.kind === 'HOST_COUNCIL' ? party.councilId : null });
      }
    };
    await approveAll(waitingFor);
    // Then what happens to placements in force. Admin acts waive the notice, so these work on any day the demo is loaded.
    if (stage === 'AMENDED') {
      await amendAgreement(as, id, { summary: 'Day rate reviewed for the new financial year: £480 a day', dayRatePence: 48_000 });
      await approveAll();
    } else if (stage === 'ENDED') {
      await endBookingEarly(as, bookingId, closedOn!, 'The project’s discovery finished early: the host council needs no more days');
    } else if (stage === 'RECALLED') {
      await recallBooking(as, bookingId, closedOn!, 'Needed back by the home council for its own service launch');
    }
  });
  progress('agreements');
  await eachLimited(projects, CONCURRENCY, async ({ id, plan: p }) => {
    if (staffingAt(p) < 0) return;
    for (const move of p.moves.slice(staffingAt(p) + 1)) await transitionProject(as, id, move.to, move.note);
  });
  progress('projects staffed, started and closed');

  for (const u of plan.users) {
    await createUser({
      email: u.email,
      name: u.name,
      password: u.password,
      role: u.role,
      councilId: u.councilId ?? null,
      poolId: u.poolId ?? null,
      practitionerId: u.practitioner === undefined ? null : practitionerIds[u.practitioner]!,
    });
  }
  progress('users');
}

export interface DemoLoadOptions {
  nodeEnv: string;
  /** Told as each step finishes, with its milliseconds (the load takes a while on FerretDB). */
  onStep?: (step: string, ms: number) => void;
  /** A larger demo (generateDemoPlan's scale, for benchmarks); 1, the default, is the demo `npm start` loads. */
  scale?: number;
}

/**
 * Load the demo data for `seed` unless the database already has it or holds
 * data of its own. Refuses (throws DemoDataRefused) in production.
 */
export async function loadDemoData(seed: number, opts: DemoLoadOptions): Promise<DemoLoadResult> {
  if (opts.nodeEnv === 'production') throw new DemoDataRefused('Demo data is never loaded with NODE_ENV=production: its passwords are printed and public');
  const scale = opts.scale ?? 1;
  const marker = await findDemoMarker();
  if (marker?.status === 'LOADED') {
    // The users and passwords follow from the seed (and scale), so they can be shown again.
    const plan = generateDemoPlan(marker.seed, readDemoReference(), typeof marker.summary?.scale === 'number' ? marker.summary.scale : 1);
    return { outcome: 'ALREADY_LOADED', plan, summary: summarise(plan) };
  }
  if (marker) {
    return {
      outcome: 'SKIPPED',
      reason: `an earlier demo data load (seed ${marker.seed}, started ${marker.startedAt.toISOString()}) has not finished; if it stopped, start again from an empty database (e.g. remove DATA_DIR)`,
    };
  }
  // Someone's own database: adding demo people and projects to it would mix
  // made-up data with theirs.
  const [pools, practitioners, projects] = await Promise.all([anyPool(), anyPractitioner(), anyProject()]);
  if (pools || practitioners || projects) return { outcome: 'SKIPPED', reason: 'the database already holds pools, practitioners or projects of its own' };

  const started = Date.now();
  const plan = generateDemoPlan(seed, readDemoReference(), scale);
  if (!(await claimDemoMarker(seed))) return { outcome: 'SKIPPED', reason: 'another process is loading the demo data' };
  opts.onStep?.('plan', Date.now() - started);
  let last = Date.now();
  await persist(plan, (step) => {
    opts.onStep?.(step, Date.now() - last);
    last = Date.now();
  });
  const summary = summarise(plan);
  await markDemoLoaded((scale === 1 ? summary : { ...summary, scale }) as unknown as Record<string, unknown>);
  return { outcome: 'LOADED', plan, summary, ms: Date.now() - started };
}

/** What `npm start` and `npm run seed:demo` print: what is there, and the demo users with their passwords. */
export function describeDemo(result: Extract<DemoLoadResult, { plan: DemoPlan }>): string {
  const s = result.summary;
  const projects = Object.values(s.projects).reduce((a, b) => a + b, 0);
  const how = result.outcome === 'LOADED' ? `loaded in ${(result.ms / 1000).toFixed(1)} s` : 'loaded earlier';
  return [
    `  Demo data (seed ${result.plan.seed}, ${how}): ${s.pools} pools, ${s.practitioners} practitioners, ${projects} projects, ${s.bookings} bookings.`,
    '  Demo users, for local use only: the passwords follow from DEMO_SEED, so anyone can work them out.',
    '  Sign in with: mutation { login(email: "...", password: "...") { token } }',
    '',
    formatDemoCredentials(result.plan.users),
    '',
  ].join('\n');
}

/** The demo users and their passwords as a table for the console (local use only). */
export function formatDemoCredentials(users: readonly DemoUser[]): string {
  const rows = [['role', 'email', 'password', 'acts for'], ...users.map((u) => [u.role, u.email, u.password, u.actsFor])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => `    ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`.trimEnd()).join('\n');
}
