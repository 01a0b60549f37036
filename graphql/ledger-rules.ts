// Who may read a council's ledger: the council's requesters, leads of a pool
// whose footprint includes the council (the service then limits the figures
// to their pool), and admins.
import type { Rule } from './permissions.ts';

export const readerOfCouncilLedger: Rule = async (ctx, args) => {
  const councilId = args.councilId;
  if (typeof councilId !== 'string') return false;
  const v = ctx.viewer;
  if (v.role === 'ADMIN') return true;
  if (v.role === 'COUNCIL_REQUESTER') return v.councilId === councilId;
  if (v.role === 'PROGRAMME_LEAD' && v.poolId) {
    const pool = await ctx.loaders.pool.load(v.poolId);
    return Boolean(pool?.footprint.includes(councilId));
  }
  return false;
};
