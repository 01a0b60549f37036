// Resolvers for the ledger: thin, each root field calls one service.
import * as ledger from '../../server/services/ledger.ts';
import type { CouncilBalance } from '../../server/ledger/ledger.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';

type Ctx = GraphQLContext;
type Range = { from: string; to: string };

export const ledgerResolvers = {
  Query: {
    councilLedger: async (_: unknown, a: Range & { councilId: string; poolId?: string | null }, ctx: Ctx) => {
      const l = await ledger.councilLedger(ctx.viewer!, a.councilId, a, a.poolId);
      return { from: l.from, to: l.to, poolId: l.poolId, balance: l };
    },
    poolLedger: (_: unknown, a: Range & { poolId: string }) => ledger.poolLedger(a.poolId, a),
  },
  CouncilLedger: {
    pool: (l: { poolId: string | null }, _: unknown, ctx: Ctx) => (l.poolId ? ctx.loaders.pool.load(l.poolId) : null),
  },
  PoolLedger: {
    pool: (l: ledger.PoolLedger, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, l.poolId, 'pool'),
  },
  LedgerBalance: {
    council: (b: CouncilBalance, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, b.councilId, 'council'),
  },
};
