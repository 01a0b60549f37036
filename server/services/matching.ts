// Use-cases of the matching engine: ranked candidates for a slot, "why not
// this person?", a squad proposal for a project, and a programme plan for a
// pool. Each checks its input, builds the engine's inputs from the pool's
// matching data (matching-input.ts), calls one engine function and maps the
// answer back to ids, ISO weeks and days. Plans can be saved (plans.ts).
import { Types } from 'mongoose';
import type { ProjectDoc, SlotDoc } from '../../models/project.ts';
import type { CouncilDoc } from '../../models/council.ts';
import { unitsToDays } from '../calendar/capacity.ts';
import { projectsWithIds } from '../store/projects.ts';
import type { PlanAssignmentDoc, PlanDoc, PlanKind } from '../../models/plan.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, DomainError, notFound } from '../errors.ts';
import {
  FACTORS,
  MatchingInputError,
  PROFICIENCY_NAMES,
  factorValues,
  indexPractitioners,
  planProgramme as enginePlanProgramme,
  proposeSquad as engineProposeSquad,
  rankCandidates,
  resolveWeights,
  scoreCandidate,
  scoringContext,
  whyNot as engineWhyNot,
  type Contributions,
  type Factor,
  type Plan as EnginePlan,
  type Practitioner,
  type ScoringContext,
  type Slot,
  type Violation,
  type Weights,
} from '../matching/index.ts';
import { addDays, isValidIsoDate } from '../calendar/iso-week.ts';
import { MAX_CAPACITY_WEEKS } from '../practitioners/practitioner-capacity.ts';
import { horizonOf, type Horizon } from '../planning/engine-input.ts';
import { candidateView, type CandidateView } from '../planning/candidate-view.ts';
import { findSlot } from './bookings.ts';
import { getProject } from './projects.ts';
import { getPool } from './pools.ts';
import { engineInputs, enginePerson, outsider, slotKey, type EngineInputs, type PlanningSlot } from './matching-input.ts';
import { highsSolver } from './highs.ts';
import { ledgerBalances } from './ledger.ts';
import { checkPlanName, savePlan, type PlanRecord } from './plans.ts';
import { OBJECT_ID } from '../ids.ts';

export const DEFAULT_CANDIDATE_LIMIT = 20;
export const MAX_CANDIDATE_LIMIT = 200;
export const MAX_PLAN_PROJECTS = 200;
export const MAX_TIME_LIMIT_SECONDS = 60;
const DEFAULT_TIME_LIMIT_SECONDS = 10;
const LEDGER_LOOKBACK_DAYS = 5 * 365;
/** Projects that can no longer take people are not planned. */
const UNPLANNABLE = ['CLOSED', 'CANCELLED'];

export interface MatchOptions {
  /** Key for the pseudonyms shown to requesters (candidate-view.ts). */
  labelKey: string;
  /** How to read a project (the request's loader). */
  findProject?: (id: string) => Promise<ProjectDoc | null>;
}

/** The engine refuses bad input with field paths: they become BAD_USER_INPUT here. */
function engine<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof MatchingInputError) throw new DomainError('BAD_USER_INPUT', err.message, err.field, { errors: err.errors });
    throw err;
  }
}

/** Defaults overlaid with the given weights; finite and non-negative, or BAD_USER_INPUT at ['weights', factor]. */
export function checkWeights(weights: Partial<Weights> | null | undefined): Weights {
  // GraphQL leaves unset input fields out, but a client may send null for one.
  const given = Object.fromEntries(Object.entries(weights ?? {}).filter(([, v]) => v !== null && v !== undefined)) as Partial<Weights>;
  return engine(() => resolveWeights(given));
}

export interface FactorContribution {
  factor: Factor;
  weight: number;
  /** The factor's value in [0, 1]. */
  value: number;
  /** weight × value; a candidate's contributions sum to their score. */
  contribution: number;
}

function contributionsList(c: Contributions, values: Record<Factor, number>, w: Weights): FactorContribution[] {
  // The engine's contribution is the truth; a value worked out again afterwards
  // can differ where the engine saw released capacity (a plan made without
  // keeping bookings), so there the value is read back from it.
  const valueOf = (f: Factor) => (w[f] !== 0 && Math.abs(w[f] * values[f] - c[f]) > 1e-9 ? c[f] / w[f] : values[f]);
  return FACTORS.map((f) => ({ factor: f, weight: w[f], value: valueOf(f), contribution: c[f] }));
}

const valuesOf = (p: Practitioner, slot: Slot, sc: ScoringContext, c: Contributions) => factorValues(p, slot, sc, c.development > 0);

// ---- candidates ---------------------------------------------------------------

/** A candidate as shown, with their home council at hand (from the cache: no query to show it). */
export type ShownPerson = CandidateView & { homeCouncil?: CouncilDoc };

export interface RankedCandidate {
  rank: number;
  person: ShownPerson;
  score: number;
  levelStep: number;
  contributions: FactorContribution[];
}

export interface RankedPartialFit extends Omit<RankedCandidate, 'rank'> {
  /** ISO weeks of the slot the practitioner cannot give it. */
  failingWeeks: string[];
  fitWeeks: number;
}

export interface SlotCandidates {
  project: ProjectDoc;
  slot: SlotDoc;
  weights: Weights;
  weeks: string[];
  eligibleCount: number;
  partialCount: number;
  candidates: RankedCandidate[];
  partialFits: RankedPartialFit[];
}

async function projectAndSlot(projectId: string, slotId: string, opts: MatchOptions): Promise<{ project: ProjectDoc; slot: SlotDoc }> {
  const project = await getProject(projectId, ['projectId'], opts.findProject);
  if (!OBJECT_ID.test(slotId)) throw badInput(['slotId'], 'is not a slot id');
  return { project, slot: findSlot(project, slotId, ['slotId']) };
}

async function slotInputs(project: ProjectDoc, slot: SlotDoc, weights: Weights): Promise<{ inputs: EngineInputs; engineSlot: Slot; horizon: Horizon }> {
  const horizon = horizonOf(slot.start, slot.end);
  const inputs = await engineInputs(project.poolId, [{ project, slot, start: slot.start, end: slot.end }], horizon, weights, { keepFullSlots: true });
  return { inputs, engineSlot: inputs.slots[0]!, horizon };
}

export async function slotCandidates(
  viewer: Viewer,
  args: { projectId: string; slotId: string; weights?: Partial<Weights> | null; limit?: number | null },
  opts: MatchOptions,
): Promise<SlotCandidates> {
  const weights = checkWeights(args.weights);
  const limit = args.limit ?? DEFAULT_CANDIDATE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CANDIDATE_LIMIT) throw badInput(['limit'], `must be between 1 and ${MAX_CANDIDATE_LIMIT}`);
  const { project, slot } = await projectAndSlot(args.projectId, args.slotId, opts);
  const { inputs, engineSlot, horizon } = await slotInputs(project, slot, weights);
  // Whoever already holds a seat on the slot is not a candidate for it.
  const onSlot = new Set([...inputs.existing.values()].map((b) => b.practitionerId));
  const pool = inputs.practitioners.filter((p) => !onSlot.has(p.id));
  const ranked = engine(() => rankCandidates(engineSlot, pool, inputs.ctx, { limit }));

  const sc = scoringContext(inputs.ctx);
  const byId = new Map(pool.map((p) => [p.id, p]));
  const scope = String(slot._id);
  const view = (id: string): ShownPerson => {
    const v = candidateView(viewer, inputs.people.get(id)!, scope, opts.labelKey);
    return { ...v, homeCouncil: inputs.data.roster.councils.get(v.homeCouncilId) };
  };
  const common = (c: { practitionerId: string; score: number; levelStep: number; contributions: Contributions }) => ({
    person: view(c.practitionerId),
    score: c.score,
    levelStep: c.levelStep,
    contributions: contributionsList(c.contributions, valuesOf(byId.get(c.practitionerId)!, engineSlot, sc, c.contributions), weights),
  });
  return {
    project,
    slot,
    weights,
    weeks: horizon.weeks,
    eligibleCount: ranked.eligibleCount,
    partialCount: ranked.partialCount,
    candidates: ranked.candidates.map((c, i) => ({ rank: i + 1, ...common(c) })),
    partialFits: ranked.partialFits.map((c) => ({ ...common(c), failingWeeks: c.failingWeeks.map((w) => horizon.weeks[w]!), fitWeeks: c.fitWeeks })),
  };
}

// ---- why not ---------------------------------------------------------------------

export type WhyNotCode = Violation['code'] | 'ALREADY_ON_SLOT';

export interface WhyNotViolation {
  code: WhyNotCode;
  message: string;
  details: Record<string, unknown>;
}

export interface WhyNotAnswer {
  project: ProjectDoc;
  slot: SlotDoc;
  person: CandidateView;
  fits: boolean;
  violations: WhyNotViolation[];
  /** Only when they fit: what they would score. */
  score: number | null;
  contributions: FactorContribution[] | null;
}

const proficiency = (n: number) => (n === 0 ? null : PROFICIENCY_NAMES[n as 1 | 2 | 3 | 4]);

/** Engine details, with week indexes as ISO weeks and units as days. */
function violationDetails(v: Violation, weeks: readonly string[]): Record<string, unknown> {
  switch (v.code) {
    case 'ROLE_MISMATCH':
      return { has: v.has, needs: v.needs };
    case 'LEVEL_TOO_FAR':
      return { step: v.step, hasRank: v.has, needsRank: v.needs };
    case 'MISSING_SKILL':
    case 'SKILL_BELOW_MINIMUM':
      return { skillId: v.skillId, has: proficiency(v.has), needs: proficiency(v.needs) };
    case 'NO_APPROVED_CONTRACT':
      return {};
    case 'CONTRACT_DOES_NOT_COVER':
      return { contract: { fromWeek: weeks[v.contract.fromWeek], toWeek: weeks[v.contract.toWeek] }, weeks: v.weeks.map((w) => weeks[w]) };
    case 'INSUFFICIENT_CAPACITY':
      return { weeks: v.weeks.map((w) => ({ week: weeks[w.week], freeDays: unitsToDays(w.free), neededDays: unitsToDays(w.needs) })) };
  }
}

export async function whyNotCandidate(viewer: Viewer, args: { projectId: string; slotId: string; practitionerId: string }, opts: MatchOptions): Promise<WhyNotAnswer> {
  if (!OBJECT_ID.test(args.practitionerId)) throw badInput(['practitionerId'], 'is not a practitioner id');
  const { project, slot } = await projectAndSlot(args.projectId, args.slotId, opts);
  const weights = checkWeights(null);
  const { inputs, engineSlot, horizon } = await slotInputs(project, slot, weights);
  const id = args.practitionerId;
  const inRoster = inputs.data.roster.people.get(id);
  const found = inRoster
    ? { person: inRoster, engine: inputs.practitioners.find((p) => p.id === id) ?? enginePerson(inputs.data, inRoster, horizon) }
    : await outsider(inputs.data, id, horizon);
  if (!found) throw notFound('Practitioner', id, ['practitionerId']);

  const label = (w: number) => horizon.weeks[w] ?? `week ${w}`;
  const violations: WhyNotViolation[] = engineWhyNot(found.engine, engineSlot, { weekLabel: label }).map((v) => ({
    code: v.code,
    message: v.message,
    details: violationDetails(v, horizon.weeks),
  }));
  const booked = inputs.existing.get(slotKey(String(slot._id), id));
  if (booked) violations.unshift({ code: 'ALREADY_ON_SLOT', message: 'is already booked on this slot', details: { bookingId: booked.id } });
  const fits = violations.length === 0;
  const sc = scoringContext(inputs.ctx);
  const scored = fits ? scoreCandidate(found.engine, engineSlot, sc) : null;
  return {
    project,
    slot,
    person: candidateView(viewer, found.person, String(slot._id), opts.labelKey),
    fits,
    violations,
    score: scored?.score ?? null,
    contributions: scored ? contributionsList(scored.contributions, valuesOf(found.engine, engineSlot, sc, scored.contributions), weights) : null,
  };
}

// ---- plans -------------------------------------------------------------------------

interface PlanContext {
  kind: PlanKind;
  poolId: string;
  projectIds: Types.ObjectId[];
  from: string;
  to: string;
  weights: Weights;
  keepExistingBookings: boolean;
  timeLimitSeconds: number | null;
  viewer: Viewer;
}

/** An engine plan as ids, dates and days, ready to show or save. */
function planRecord(plan: EnginePlan, inputs: EngineInputs, c: PlanContext): PlanRecord {
  const sc = scoringContext(inputs.ctx);
  const engineById = new Map(inputs.practitioners.map((p) => [p.id, p]));
  const slotById = new Map(inputs.slots.map((s) => [s.id, s]));
  const assignments: PlanAssignmentDoc[] = plan.assignments.map((a) => {
    const ps = inputs.planning.get(a.slotId)!;
    const booked = inputs.existing.get(slotKey(a.slotId, a.practitionerId));
    return {
      slotId: ps.slot._id,
      projectId: ps.project._id,
      practitionerId: new Types.ObjectId(a.practitionerId),
      start: ps.start,
      end: ps.end,
      daysPerWeek: unitsToDays(a.unitsPerWeek),
      levelStep: a.levelStep,
      score: a.score,
      contributions: contributionsList(a.contributions, valuesOf(engineById.get(a.practitionerId)!, slotById.get(a.slotId)!, sc, a.contributions), c.weights),
      // Re-planned without keeping bookings, a person the plan keeps on their slot is still booked there.
      fixed: a.fixed || booked !== undefined,
      bookingId: booked ? new Types.ObjectId(booked.id) : null,
    };
  });
  const kept = new Set(plan.assignments.map((a) => slotKey(a.slotId, a.practitionerId)));
  const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  return {
    _id: null,
    name: null,
    status: null,
    poolId: c.poolId,
    kind: c.kind,
    projectIds: c.projectIds,
    from: c.from,
    to: c.to,
    weights: { ...c.weights },
    keepExistingBookings: c.keepExistingBookings,
    timeLimitSeconds: c.timeLimitSeconds,
    assignments,
    unfilled: plan.unfilled.map((u) => {
      const ps = inputs.planning.get(u.slotId)!;
      return { slotId: ps.slot._id, projectId: ps.project._id, missing: u.missing, reasons: u.reasons.map((r) => ({ code: r.code, message: r.message, count: r.count ?? null })) };
    }),
    // Only a plan made without keeping bookings can leave one out (people outside the roster keep their seats).
    releasedBookingIds: c.keepExistingBookings
      ? []
      : [...inputs.existing.entries()].filter(([k, b]) => !kept.has(k) && inputs.people.has(b.practitionerId)).map(([, b]) => new Types.ObjectId(b.id)),
    objective: plan.objective,
    objectiveBreakdown: Object.entries(plan.objectiveBreakdown).map(([term, value]) => ({ term, value })),
    solver: { method: plan.solver.method, status: plan.solver.status, bound: finite(plan.solver.bound), gap: finite(plan.solver.gap), timeMs: plan.solver.timeMs, notes: plan.solver.notes },
    createdBy: c.viewer.userId,
    committedBy: null,
    committedAt: null,
    createdAt: null,
    updatedAt: null,
  };
}

async function finish(record: PlanRecord, save: { name: string } | null | undefined, viewer: Viewer): Promise<PlanRecord | PlanDoc> {
  return save ? savePlan(viewer, record, save.name) : record;
}

export async function proposeSquad(
  viewer: Viewer,
  args: { projectId: string; weights?: Partial<Weights> | null; save?: { name: string } | null },
  opts: MatchOptions,
): Promise<PlanRecord | PlanDoc> {
  const weights = checkWeights(args.weights);
  if (args.save) checkPlanName(args.save.name, ['save', 'name']);
  const project = await getProject(args.projectId, ['projectId'], opts.findProject);
  if (project.slots.length === 0) throw badInput(['projectId'], 'the project has no slots to staff');
  const from = project.slots.reduce((m, s) => (s.start < m ? s.start : m), project.slots[0]!.start);
  const to = project.slots.reduce((m, s) => (s.end > m ? s.end : m), project.slots[0]!.end);
  const horizon = horizonOf(from, to);
  const inputs = await engineInputs(
    project.poolId,
    project.slots.map((slot) => ({ project, slot, start: slot.start, end: slot.end })),
    horizon,
    weights,
  );
  const plan = engine(() => engineProposeSquad(inputs.slots, indexPractitioners(inputs.practitioners), inputs.ctx));
  const record = planRecord(plan, inputs, { kind: 'SQUAD', poolId: project.poolId, projectIds: [project._id], from, to, weights, keepExistingBookings: true, timeLimitSeconds: null, viewer });
  return finish(record, args.save, viewer);
}

export interface ProgrammeArgs {
  poolId: string;
  projectIds: string[];
  from: string;
  to: string;
  weights?: Partial<Weights> | null;
  keepExistingBookings?: boolean | null;
  timeLimitSeconds?: number | null;
  save?: { name: string } | null;
}

export async function planProgramme(viewer: Viewer, args: ProgrammeArgs): Promise<PlanRecord | PlanDoc> {
  const weights = checkWeights(args.weights);
  if (!isValidIsoDate(args.from)) throw badInput(['from'], 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(args.to)) throw badInput(['to'], 'must be a calendar date YYYY-MM-DD');
  if (args.to < args.from) throw badInput(['to'], 'must not be before from');
  const horizon = horizonOf(args.from, args.to);
  if (horizon.weeks.length > MAX_CAPACITY_WEEKS) throw badInput(['to'], `a plan may cover at most ${MAX_CAPACITY_WEEKS} ISO weeks, not ${horizon.weeks.length}`);
  const limit = args.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  if (!Number.isFinite(limit) || limit <= 0 || limit > MAX_TIME_LIMIT_SECONDS) throw badInput(['timeLimitSeconds'], `must be more than 0 and at most ${MAX_TIME_LIMIT_SECONDS}`);
  if (args.projectIds.length === 0) throw badInput(['projectIds'], 'name at least one project');
  if (args.projectIds.length > MAX_PLAN_PROJECTS) throw badInput(['projectIds'], `at most ${MAX_PLAN_PROJECTS} projects`);
  const seen = new Set<string>();
  args.projectIds.forEach((id, i) => {
    if (!OBJECT_ID.test(id)) throw badInput(['projectIds', i], 'is not a project id');
    if (seen.has(id)) throw badInput(['projectIds', i], 'is named twice');
    seen.add(id);
  });
  if (args.save) checkPlanName(args.save.name, ['save', 'name']);
  await getPool(args.poolId, ['poolId']);
  const projects = await projectsWithIds(args.projectIds);
  const byId = new Map(projects.map((p) => [String(p._id), p]));
  const slots: PlanningSlot[] = [];
  args.projectIds.forEach((id, i) => {
    const p = byId.get(id);
    if (!p) throw notFound('Project', id, ['projectIds', i]);
    // Which pool it is, and its status, are not said: the caller may not read another pool's project.
    if (p.poolId !== args.poolId) throw badInput(['projectIds', i], `is not a project of pool "${args.poolId}"`);
    if (UNPLANNABLE.includes(p.status)) throw badInput(['projectIds', i], `is ${p.status} and takes no more people`);
    // Each slot's part inside the period; slots outside it are not planned.
    for (const slot of p.slots) {
      if (slot.end < args.from || slot.start > args.to) continue;
      slots.push({ project: p, slot, start: slot.start > args.from ? slot.start : args.from, end: slot.end < args.to ? slot.end : args.to });
    }
  });
  const keep = args.keepExistingBookings ?? true;
  // The ledger boosts the priority of projects whose councils have given more
  // than they received: their balance over the five years before the period.
  const balances = await ledgerBalances(args.poolId, addDays(args.from, -LEDGER_LOOKBACK_DAYS), addDays(args.from, -1));
  const inputs = await engineInputs(args.poolId, slots, horizon, weights, { ledgerBalances: Object.fromEntries(balances) });
  const solver = await highsSolver();
  let plan: EnginePlan;
  try {
    plan = await enginePlanProgramme(inputs.slots, indexPractitioners(inputs.practitioners), inputs.ctx, { timeLimitMs: limit * 1000, solver, keepExisting: keep });
  } catch (err) {
    if (err instanceof MatchingInputError) throw new DomainError('BAD_USER_INPUT', err.message, err.field, { errors: err.errors });
    throw err;
  }
  const record = planRecord(plan, inputs, {
    kind: 'PROGRAMME',
    poolId: args.poolId,
    projectIds: args.projectIds.map((id) => new Types.ObjectId(id)),
    from: args.from,
    to: args.to,
    weights,
    keepExistingBookings: keep,
    timeLimitSeconds: limit,
    viewer,
  });
  return finish(record, args.save, viewer);
}
