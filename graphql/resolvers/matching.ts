// Resolvers for matching and plans: thin. Permission rules (matching-rules.ts)
// have already checked who is asking; each root field calls one service, and
// nested fields go through the request's loaders.
import type { Types } from 'mongoose';
import * as matching from '../../server/services/matching.ts';
import * as plans from '../../server/services/plans.ts';
import { findSlot } from '../../server/services/bookings.ts';
import type { PlanDoc, PlanStatus, UnfilledSlotDoc } from '../../models/plan.ts';
import type { Weights } from '../../server/matching/index.ts';
import { candidateView, type CandidateView } from '../../server/planning/candidate-view.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';

type Ctx = GraphQLContext;
type Id = string | Types.ObjectId;
type AnyPlan = PlanDoc | plans.PlanRecord;
type Assignment = { slotId: Id; projectId: Id; practitionerId: Id; bookingId: Id | null };

/** What the services need from the request: its project loader, and the key for requesters' pseudonyms. */
const options = (ctx: Ctx): matching.MatchOptions => ({
  // The token key is reused under its own HMAC domain (candidate-view.ts): one server secret to manage.
  labelKey: ctx.config.JWT_SECRET,
  findProject: (id) => ctx.loaders.project.load(id),
});

const fresh = (ctx: Ctx, p: PlanDoc) => {
  ctx.loaders.plan.clear(String(p._id)).prime(String(p._id), p);
  return p;
};

const slotOf = async (a: { projectId: Id; slotId: Id }, ctx: Ctx) =>
  findSlot(await loadRequired(ctx.loaders.project, String(a.projectId), 'project'), String(a.slotId), ['slotId']);

export const matchingResolvers = {
  Query: {
    slotCandidates: (_: unknown, a: { projectId: string; slotId: string; weights?: Partial<Weights> | null; limit?: number | null }, ctx: Ctx) =>
      matching.slotCandidates(ctx.viewer!, a, options(ctx)),
    whyNot: (_: unknown, a: { projectId: string; slotId: string; practitionerId: string }, ctx: Ctx) => matching.whyNotCandidate(ctx.viewer!, a, options(ctx)),
    plan: (_: unknown, a: { id: string }, ctx: Ctx) => plans.getPlan(a.id, ['id'], (id) => ctx.loaders.plan.load(id)),
    plans: async (_: unknown, a: { poolId: string; statuses?: PlanStatus[] | null } & PageArgs) => toConnection(await plans.listPlans(a.poolId, { statuses: a.statuses }, a)),
    comparePlans: (_: unknown, a: { a: string; b: string }, ctx: Ctx) => plans.comparePlans(a.a, a.b, (id) => ctx.loaders.plan.load(id)),
  },
  Mutation: {
    proposeSquad: (_: unknown, a: { projectId: string; weights?: Partial<Weights> | null; save?: { name: string } | null }, ctx: Ctx) =>
      matching.proposeSquad(ctx.viewer!, a, options(ctx)),
    planProgramme: (_: unknown, a: matching.ProgrammeArgs, ctx: Ctx) => matching.planProgramme(ctx.viewer!, a),
    commitPlan: async (_: unknown, a: { id: string }, ctx: Ctx) => fresh(ctx, await plans.commitPlan(ctx.viewer!, a.id)),
  },
  // Internal values are the engine's names.
  MatchFactor: {
    SKILL_DEPTH: 'skillDepth',
    DESIRED_SKILLS: 'desiredSkills',
    LEVEL_FIT: 'levelFit',
    CAPACITY_SLACK: 'capacitySlack',
    CONTINUITY: 'continuity',
    TRAVEL: 'travel',
    SERVICE_AREA: 'serviceArea',
    FAIRNESS: 'fairness',
    DEVELOPMENT: 'development',
  },
  SolveMethod: { EXACT: 'exact', HEURISTIC: 'heuristic', GREEDY: 'greedy' },
  SolveStatus: { OPTIMAL: 'optimal', TIME_LIMIT: 'time_limit', NODE_LIMIT: 'node_limit', FEASIBLE: 'feasible' },
  CandidatePractitioner: {
    id: (v: CandidateView) => (v.identified ? v.practitionerId : null),
    homeCouncil: (v: matching.ShownPerson, _: unknown, ctx: Ctx) => v.homeCouncil ?? loadRequired(ctx.loaders.council, v.homeCouncilId, 'council'),
    profile: (v: CandidateView, _: unknown, ctx: Ctx) => (v.identified ? ctx.loaders.practitioner.load(v.practitionerId) : null),
  },
  SlotCandidate: { practitioner: (c: { person: CandidateView }) => c.person },
  PartialFit: { practitioner: (c: { person: CandidateView }) => c.person },
  WhyNot: { practitioner: (w: { person: CandidateView }) => w.person },
  Plan: {
    id: (p: AnyPlan) => (p._id ? String(p._id) : null),
    pool: (p: AnyPlan, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, p.poolId, 'pool'),
    projects: (p: AnyPlan, _: unknown, ctx: Ctx) => Promise.all(p.projectIds.map((id) => loadRequired(ctx.loaders.project, String(id), 'project'))),
    solver: (p: AnyPlan) => ({ ...p.solver, ms: p.solver.timeMs }),
    releasedBookings: async (p: AnyPlan, _: unknown, ctx: Ctx) =>
      (await Promise.all(p.releasedBookingIds.map((id) => ctx.loaders.booking.load(String(id))))).filter((b) => b !== null),
    createdBy: (p: AnyPlan, _: unknown, ctx: Ctx) => (p.createdBy ? ctx.loaders.user.load(p.createdBy) : null),
    committedBy: (p: AnyPlan, _: unknown, ctx: Ctx) => (p.committedBy ? ctx.loaders.user.load(p.committedBy) : null),
  },
  PlanAssignment: {
    slot: (a: Assignment, _: unknown, ctx: Ctx) => slotOf(a, ctx),
    project: (a: Assignment, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.project, String(a.projectId), 'project'),
    practitioner: async (a: Assignment, _: unknown, ctx: Ctx) => {
      const p = await loadRequired(ctx.loaders.practitioner, String(a.practitionerId), 'practitioner');
      return candidateView(ctx.viewer!, { id: String(p._id), name: p.name, homeCouncilId: p.homeCouncilId }, String(a.slotId), ctx.config.JWT_SECRET);
    },
    booking: (a: Assignment, _: unknown, ctx: Ctx) => (a.bookingId ? ctx.loaders.booking.load(String(a.bookingId)) : null),
  },
  UnfilledSlot: {
    slot: (u: UnfilledSlotDoc, _: unknown, ctx: Ctx) => slotOf(u, ctx),
    project: (u: UnfilledSlotDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.project, String(u.projectId), 'project'),
  },
};
