// Resolvers for users, login and pools: thin, each calls one service.
import * as users from '../../server/services/users.ts';
import * as pools from '../../server/services/pools.ts';
import type { UserDoc } from '../../models/user.ts';
import type { PoolDoc } from '../../models/pool.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';

type Ctx = GraphQLContext;

export const userResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Ctx) => users.getUser(ctx.viewer!.userId),
    users: () => users.allUsers(),
    pools: () => pools.listPools(),
    pool: (_: unknown, a: { id: string }) => pools.getPool(a.id),
  },
  Mutation: {
    login: (_: unknown, a: { email: string; password: string }, ctx: Ctx) =>
      users.login(a.email, a.password, ctx.config.JWT_SECRET, ctx.config.JWT_TTL_SECONDS, { address: ctx.client.address, limits: ctx.client.loginLimits }),
    createUser: (_: unknown, a: { input: users.NewUser }) => users.createUser(a.input),
    changePassword: (_: unknown, a: { currentPassword: string; newPassword: string }, ctx: Ctx) =>
      users.changePassword(ctx.viewer!, a.currentPassword, a.newPassword, ctx.config.JWT_SECRET, ctx.config.JWT_TTL_SECONDS),
    signOutEverywhere: (_: unknown, __: unknown, ctx: Ctx) => users.signOutEverywhere(ctx.viewer!),
    resetUserPassword: (_: unknown, a: { id: string; newPassword: string }, ctx: Ctx) => users.resetUserPassword(ctx.viewer!, a.id, a.newPassword),
    deactivateUser: (_: unknown, a: { id: string }, ctx: Ctx) => users.setUserActive(ctx.viewer!, a.id, false),
    reactivateUser: (_: unknown, a: { id: string }, ctx: Ctx) => users.setUserActive(ctx.viewer!, a.id, true),
    createPool: (_: unknown, a: { input: pools.NewPool }) => pools.createPool(a.input),
    setPoolFootprint: (_: unknown, a: { id: string; footprint: string[] }) => pools.setPoolFootprint(a.id, a.footprint),
  },
  User: {
    id: (u: UserDoc) => String(u._id),
    council: (u: UserDoc, _: unknown, ctx: Ctx) => (u.councilId ? ctx.loaders.council.load(u.councilId) : null),
    pool: (u: UserDoc, _: unknown, ctx: Ctx) => (u.poolId ? ctx.loaders.pool.load(u.poolId) : null),
    practitionerId: (u: UserDoc) => (u.practitionerId ? String(u.practitionerId) : null),
    active: (u: UserDoc) => !u.deactivatedAt,
  },
  Pool: {
    id: (p: PoolDoc) => p._id,
    footprint: (p: PoolDoc, _: unknown, ctx: Ctx) => Promise.all(p.footprint.map((g) => loadRequired(ctx.loaders.council, g, 'council'))),
  },
};
