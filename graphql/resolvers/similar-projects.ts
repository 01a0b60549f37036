// Resolvers for "who else is building this": thin, each root field (and
// Project.similarProjects) calls one service; councils and pools through the
// request's loaders.
import type { ProjectDoc } from '../../models/project.ts';
import { serviceAreaActivityOf, similarProjects, similarToProject, type ActivityAnswer, type AreaActivity, type SimilarProject } from '../../server/services/similar-projects.ts';
import type { SimilarInput } from '../../server/projects/similar-projects.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';

type Ctx = GraphQLContext;

const councils = (ids: readonly string[], ctx: Ctx) => Promise.all(ids.map((g) => loadRequired(ctx.loaders.council, g, 'council')));

export const similarProjectResolvers = {
  Query: {
    similarProjects: (_: unknown, a: { input: SimilarInput; first: number }, ctx: Ctx) => similarProjects(ctx.viewer!, a.input, a.first),
    serviceAreaActivity: (_: unknown, a: { poolId: string }) => serviceAreaActivityOf(a.poolId),
  },
  Project: {
    similarProjects: (p: ProjectDoc, a: { first: number }, ctx: Ctx) => similarToProject(ctx.viewer!, p, a.first),
  },
  SimilarProject: {
    leadCouncil: (s: SimilarProject, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, s.leadCouncilId, 'council'),
    councils: (s: SimilarProject, _: unknown, ctx: Ctx) => councils(s.councilIds, ctx),
    pool: (s: SimilarProject, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, s.poolId, 'pool'),
  },
  ServiceAreaActivity: {
    councils: (a: AreaActivity, _: unknown, ctx: Ctx) => councils(a.councilIds, ctx),
  },
  ServiceAreaActivityReport: {
    pool: (r: ActivityAnswer, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, r.poolId, 'pool'),
  },
};
