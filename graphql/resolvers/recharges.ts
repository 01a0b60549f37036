// Resolvers for recharge statements: thin, the root field calls one service.
import { poolRecharges, type PoolRecharges } from '../../server/services/recharges.ts';
import type { RechargeLine, RechargeParty } from '../../server/ledger/recharges.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';

type Ctx = GraphQLContext;
type Args = { poolId: string; from: string; to: string; councilId?: string | null };

const payee = (x: { payeeCouncilId: string }, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, x.payeeCouncilId, 'council');

export const rechargeResolvers = {
  Query: {
    rechargeStatement: (_: unknown, a: Args, ctx: Ctx) => poolRecharges(ctx.viewer!, a.poolId, a, a.councilId),
  },
  RechargeStatement: {
    pool: (s: PoolRecharges, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, s.poolId, 'pool'),
    council: (s: PoolRecharges, _: unknown, ctx: Ctx) => (s.councilId ? ctx.loaders.council.load(s.councilId) : null),
  },
  RechargeParty: {
    council: (p: RechargeParty, _: unknown, ctx: Ctx) => (p.kind === 'COUNCIL' ? loadRequired(ctx.loaders.council, p.councilId, 'council') : null),
    pool: (p: RechargeParty, _: unknown, ctx: Ctx) => (p.kind === 'POOL' ? loadRequired(ctx.loaders.pool, p.poolId, 'pool') : null),
  },
  RechargeLine: {
    roleLevel: (l: RechargeLine) => l.roleLevelName,
    payee,
  },
  RechargePair: {
    payee,
  },
};
