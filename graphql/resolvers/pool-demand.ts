// Resolvers for the pool dashboard's figures: thin, the root field calls one service.
import { poolDemand, type FamilyDemand, type PoolDemand, type RoleLevelDemand } from '../../server/services/pool-demand.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';

type Ctx = GraphQLContext;

export const poolDemandResolvers = {
  Query: {
    poolDemand: (_: unknown, a: { poolId: string; from: string; to: string }) => poolDemand(a.poolId, a.from, a.to),
  },
  PoolDemand: {
    pool: (d: PoolDemand, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, d.poolId, 'pool'),
  },
  PoolDemandFamily: {
    family: (f: FamilyDemand, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleFamily, f.familyId, 'role family'),
  },
  PoolDemandRoleLevel: {
    roleLevel: (l: RoleLevelDemand, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleLevel, l.roleLevelId, 'role level'),
  },
};
