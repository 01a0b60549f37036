// Resolvers for practitioners, their leave and capacity: thin. Permission
// rules (permission-rules.ts) have already checked who is asking; each root
// field calls one service, and nested fields go through the request's loaders.
import * as practitioners from '../../server/services/practitioners.ts';
import { importPractitioners } from '../../server/services/practitioner-import.ts';
import { readCsv } from '../../server/practitioners/spreadsheet.ts';
import { capacityPoolFor, checkCapacityRange } from '../../server/services/practitioner-capacity.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { LeaveDoc, PractitionerDoc, PractitionerSkillDoc } from '../../models/practitioner.ts';
import type { DirectoryEntry } from '../../server/store/practitioners.ts';
import type { UserDoc } from '../../models/user.ts';
import type { LeaveInput, PractitionerInput, PractitionerPatch } from '../../server/practitioners/practitioner-input.ts';
import { patternDays, unitsToPattern } from '../../server/practitioners/practitioner-input.ts';
import { canSeeLeaveNotes, practitionerRole, seesWholeProfile } from '../../server/practitioners/practitioner-access.ts';
import { overbookedBecause, type PoolCapacityWeek } from '../../server/practitioners/practitioner-capacity.ts';
import { visibleContracts } from '../../server/contracts/contract-access.ts';
import type { ContractStatus } from '../../server/contracts/contract-status.ts';
import { forbidden, notFound } from '../../server/errors.ts';
import { bookingsAtRisk } from '../../server/services/booking-risk.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';
import { nodesAskOnlyDirectory } from '../selection.ts';

type Ctx = GraphQLContext;

/** A mutation's answer is the practitioner now: later fields in the same request must not see the old one. */
function fresh(ctx: Ctx, p: PractitionerDoc): PractitionerDoc {
  ctx.loaders.practitioner.clear(String(p._id)).prime(String(p._id), p);
  ctx.loaders.practitionerEntry.clear(String(p._id)).prime(String(p._id), p);
  return p;
}

const days = (units: number) => units / 2;

const toCapacityWeek = (w: PoolCapacityWeek) => ({
  week: w.week,
  weekStart: w.weekStart,
  contractDays: days(w.contractUnits),
  leaveDays: days(w.leaveUnits),
  bankHolidayDays: days(w.bankHolidayUnits),
  capacityDays: days(w.capacityUnits),
  bookedDays: days(w.bookedUnits),
  freeDays: days(w.freeUnits),
  overBy: days(w.overBy),
  overByReason: overbookedBecause(w),
});

/** A Practitioner field for those who may read the whole profile; FORBIDDEN, naming the field, for a host council that reached the person through a placement. */
function profileOnly<A, R>(field: string, resolve: (p: PractitionerDoc, a: A, ctx: Ctx) => R) {
  return (p: PractitionerDoc, a: A, ctx: Ctx): R => {
    if (!seesWholeProfile(ctx.viewer, { id: String(p._id), homeCouncilId: p.homeCouncilId })) {
      throw forbidden(`A host council sees a placed practitioner's name, role level and work email, not their ${field}`);
    }
    return resolve(p, a, ctx);
  };
}

export const practitionerResolvers = {
  Query: {
    practitioner: (_: unknown, a: { id: string }, ctx: Ctx) => practitioners.getPractitioner(a.id, ['id'], (id) => ctx.loaders.practitioner.load(id)),
    practitioners: async (_: unknown, a: { filter?: practitioners.PractitionerFilter | null } & PageArgs, ctx: Ctx, info: GraphQLResolveInfo) => {
      // A list of names (a select, a table of who) is answered from the search entries alone.
      if (nodesAskOnlyDirectory(info)) {
        const page = await practitioners.searchDirectory(ctx.viewer!, a.filter ?? {}, a);
        for (const p of page.nodes) ctx.loaders.practitionerEntry.prime(String(p._id), p);
        return toConnection(page);
      }
      const page = await practitioners.searchPractitioners(ctx.viewer!, a.filter ?? {}, a);
      // Nested fields that lead back to these people (contracts { practitioner }) need not read them again.
      for (const p of page.nodes) ctx.loaders.practitioner.prime(String(p._id), p);
      return toConnection(page);
    },
  },
  Mutation: {
    createPractitioner: async (_: unknown, a: { input: PractitionerInput }, ctx: Ctx) =>
      fresh(ctx, await practitioners.createPractitioner(ctx.viewer!, a.input)),
    updatePractitioner: async (_: unknown, a: { id: string; input: PractitionerPatch }, ctx: Ctx) =>
      fresh(ctx, await practitioners.updatePractitioner(ctx.viewer!, a.id, a.input)),
    addLeave: async (_: unknown, a: { practitionerId: string; input: LeaveInput }, ctx: Ctx) => {
      const r = await practitioners.addLeave(ctx.viewer!, a.practitionerId, a.input);
      const atRisk = await bookingsAtRisk(ctx.viewer!, { practitionerId: a.practitionerId, within: { start: r.leave.start, end: r.leave.end } });
      return { leave: r.leave, practitioner: fresh(ctx, r.practitioner), bookingsAtRisk: atRisk.map((x) => x.booking) };
    },
    removeLeave: async (_: unknown, a: { practitionerId: string; leaveId: string }, ctx: Ctx) =>
      fresh(ctx, await practitioners.removeLeave(ctx.viewer!, a.practitionerId, a.leaveId)),
    importPractitioners: (_: unknown, a: { csv: string; dryRun?: boolean | null }, ctx: Ctx) => importPractitioners(ctx.viewer!, readCsv(a.csv), { dryRun: a.dryRun }),
  },
  Practitioner: {
    // id, name, homeCouncil, role and roleLevel are the directory's (graphql/selection.ts): a search entry answers them too.
    id: (p: DirectoryEntry) => String(p._id),
    // Beyond the placement view (PLACEMENT_VIEW in practitioner-access.ts): the whole profile's readers only, by whatever path the person was reached.
    skills: profileOnly('skills', (p) => p.skills),
    region: profileOnly('region', (p) => p.region),
    serviceAreas: profileOnly('serviceAreas', (p) => p.serviceAreas),
    workPreference: profileOnly('workPreference', (p) => p.workPreference),
    createdAt: profileOnly('createdAt', (p) => p.createdAt),
    updatedAt: profileOnly('updatedAt', (p) => p.updatedAt),
    homeCouncil: (p: DirectoryEntry, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, p.homeCouncilId, 'council'),
    roleLevel: (p: DirectoryEntry, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleLevel, p.roleLevelId, 'role level'),
    role: (p: DirectoryEntry, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.role, p.roleId, 'role'),
    workingPattern: profileOnly('workingPattern', (p) => ({ ...unitsToPattern(p.workingPattern), total: patternDays(p.workingPattern) })),
    bookingsAtRisk: profileOnly('bookingsAtRisk', async (p: PractitionerDoc, _: unknown, ctx: Ctx) =>
      (await bookingsAtRisk(ctx.viewer!, { practitionerId: String(p._id) })).map((x) => x.booking),
    ),
    leave: profileOnly('leave', (p: PractitionerDoc, a: { from?: string | null; to?: string | null }, ctx: Ctx) => {
      const notes = canSeeLeaveNotes(practitionerRole(ctx.viewer, { id: String(p._id), homeCouncilId: p.homeCouncilId }));
      return p.leave
        .filter((l) => (!a.to || l.start <= a.to) && (!a.from || l.end >= a.from))
        .sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0))
        .map((l) => (notes ? l : { ...l, note: null }));
    }),
    contracts: profileOnly('contracts', async (p: PractitionerDoc, a: { statuses?: ContractStatus[] | null }, ctx: Ctx) =>
      visibleContracts(ctx.viewer, await ctx.loaders.contractsByPractitioner.load(String(p._id))).filter(
        (c) => !a.statuses?.length || a.statuses.includes(c.status),
      ),
    ),
    capacity: profileOnly('capacity', async (p: PractitionerDoc, a: { poolId?: string | null; from: string; to: string }, ctx: Ctx) => {
      const poolId = capacityPoolFor(ctx.viewer!, a.poolId);
      checkCapacityRange(a.from, a.to);
      if (poolId && !(await ctx.loaders.pool.load(poolId))) throw notFound('Pool', poolId, ['poolId']);
      return (await ctx.loaders.practitionerCapacity.load({ practitioner: p, poolId, from: a.from, to: a.to })).map(toCapacityWeek);
    }),
  },
  PractitionerSkill: {
    skill: (s: PractitionerSkillDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.skill, s.skillId, 'skill'),
  },
  Leave: {
    id: (l: LeaveDoc) => String(l._id),
  },
  User: {
    practitioner: (u: UserDoc, _: unknown, ctx: Ctx) => (u.practitionerId ? ctx.loaders.practitioner.load(String(u.practitionerId)) : null),
  },
};
