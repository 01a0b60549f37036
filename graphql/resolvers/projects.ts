// Resolvers for projects and slots: thin. Permission rules (permission-rules.ts)
// have already checked who is asking; each root field calls one service, and
// nested fields go through the request's loaders.
import * as projects from '../../server/services/projects.ts';
import type { ProjectDoc, SlotDoc, StatusChangeDoc } from '../../models/project.ts';
import type { ProjectInput, ProjectPatch, SlotInput, SlotPatch, SkillNeed } from '../../server/projects/project-input.ts';
import type { ProjectStatus } from '../../server/projects/project-status.ts';
import { viewerCapabilities } from '../../server/projects/project-access.ts';
import { priorityWeight } from '../../server/projects/priority.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';

type Ctx = GraphQLContext;

/** A mutation's answer is the project now: later fields and rules in the same request must not see the old one. */
function fresh(ctx: Ctx, p: ProjectDoc): ProjectDoc {
  ctx.loaders.project.clear(String(p._id)).prime(String(p._id), p);
  return p;
}

export const projectResolvers = {
  Query: {
    projects: async (_: unknown, a: { filter?: projects.ProjectFilter | null } & PageArgs, ctx: Ctx) =>
      toConnection(await projects.listProjects(ctx.viewer!, a.filter ?? {}, a)),
    project: (_: unknown, a: { id: string }, ctx: Ctx) => projects.getProject(a.id, ['id'], (id) => ctx.loaders.project.load(id)),
  },
  Mutation: {
    createProject: async (_: unknown, a: { input: ProjectInput }, ctx: Ctx) => fresh(ctx, await projects.createProject(ctx.viewer!, a.input)),
    updateProject: async (_: unknown, a: { id: string; input: ProjectPatch }, ctx: Ctx) =>
      fresh(ctx, await projects.updateProject(ctx.viewer!, a.id, a.input)),
    addProjectSlot: async (_: unknown, a: { projectId: string; input: SlotInput }, ctx: Ctx) =>
      fresh(ctx, await projects.addSlot(ctx.viewer!, a.projectId, a.input)),
    updateProjectSlot: async (_: unknown, a: { projectId: string; slotId: string; input: SlotPatch }, ctx: Ctx) =>
      fresh(ctx, await projects.updateSlot(ctx.viewer!, a.projectId, a.slotId, a.input)),
    removeProjectSlot: async (_: unknown, a: { projectId: string; slotId: string }, ctx: Ctx) =>
      fresh(ctx, await projects.removeSlot(ctx.viewer!, a.projectId, a.slotId)),
    transitionProject: async (_: unknown, a: { id: string; to: ProjectStatus; note?: string | null }, ctx: Ctx) =>
      fresh(ctx, await projects.transitionProject(ctx.viewer!, a.id, a.to, a.note)),
  },
  Project: {
    id: (p: ProjectDoc) => String(p._id),
    priorityWeight: (p: ProjectDoc) => priorityWeight(p.priority),
    pool: (p: ProjectDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, p.poolId, 'pool'),
    leadCouncil: (p: ProjectDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, p.leadCouncilId, 'council'),
    councils: (p: ProjectDoc, _: unknown, ctx: Ctx) => Promise.all(p.councilIds.map((g) => loadRequired(ctx.loaders.council, g, 'council'))),
    nextStatuses: (p: ProjectDoc, _: unknown, ctx: Ctx) => viewerCapabilities(ctx.viewer, p).nextStatuses,
    editable: (p: ProjectDoc, _: unknown, ctx: Ctx) => viewerCapabilities(ctx.viewer, p).canEdit,
    createdBy: (p: ProjectDoc, _: unknown, ctx: Ctx) => (p.createdBy ? ctx.loaders.user.load(p.createdBy) : null),
  },
  Slot: {
    id: (s: SlotDoc) => String(s._id),
    roleLevel: (s: SlotDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleLevel, s.roleLevelId, 'role level'),
    role: (s: SlotDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.role, s.roleId, 'role'),
    unitsPerWeek: (s: SlotDoc) => s.daysPerWeek * 2,
  },
  SkillRequirement: {
    skill: (n: SkillNeed, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.skill, n.skillId, 'skill'),
  },
  ProjectStatusChange: {
    by: (c: StatusChangeDoc, _: unknown, ctx: Ctx) => (c.byUserId ? ctx.loaders.user.load(c.byUserId) : null),
  },
};
