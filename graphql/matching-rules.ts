// Permission rules for matching and plans, for the table in permission-rules.ts.
// They look the project, plan or practitioner up through the request's
// loaders and ask server/planning/plan-access.ts. Something that does not
// exist passes, so the service answers NOT_FOUND (or BAD_USER_INPUT for a
// malformed id) to everyone alike.
import { canAskWhyNot, canManagePlans, canRankFor } from '../server/planning/plan-access.ts';
import { canReadPractitioner } from '../server/practitioners/practitioner-access.ts';
import { practitionerRoleIn } from './practitioner-rules.ts';
import type { Args, Rule } from './permissions.ts';

/** slotCandidates: the pool's leads, admins, requesters of the project's councils. */
export const rankerForProject: Rule = async (ctx, args) => {
  const project = typeof args.projectId === 'string' ? await ctx.loaders.project.load(args.projectId) : null;
  return project === null || canRankFor(ctx.viewer, project);
};

/** whyNot: who may rank the slot, about a practitioner they may read. */
export const whyNotAsker: Rule = async (ctx, args) => {
  const project = typeof args.projectId === 'string' ? await ctx.loaders.project.load(args.projectId) : null;
  if (project === null) return true;
  if (!canRankFor(ctx.viewer, project)) return false;
  const p = typeof args.practitionerId === 'string' ? await ctx.loaders.practitioner.load(args.practitionerId) : null;
  return p === null || canAskWhyNot(ctx.viewer, project, canReadPractitioner(await practitionerRoleIn(ctx, p)));
};

/** proposeSquad: the project's pool's leads, admins. */
export const plannerOfProject: Rule = async (ctx, args) => {
  const project = typeof args.projectId === 'string' ? await ctx.loaders.project.load(args.projectId) : null;
  return project === null || canManagePlans(ctx.viewer, project.poolId);
};

/** planProgramme, plans: the named pool's leads, admins. */
export const plannerOfPool: Rule = (ctx, args) => typeof args.poolId === 'string' && canManagePlans(ctx.viewer, args.poolId);

/** plan, commitPlan, comparePlans: the leads of every named plan's pool, admins. */
export const managerOfPlans =
  (idsOf: (args: Args) => unknown[]): Rule =>
  async (ctx, args) => {
    for (const id of idsOf(args)) {
      if (typeof id !== 'string') continue;
      const plan = await ctx.loaders.plan.load(id);
      if (plan !== null && !canManagePlans(ctx.viewer, plan.poolId)) return false;
    }
    return true;
  };
