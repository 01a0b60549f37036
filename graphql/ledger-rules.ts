// Who may read a council's ledger: the council's requesters, leads of a pool
// whose footprint includes the council (the service then limits the figures
// to their pool), and admins.
//
// A code that is no council passes, so the service answers every signed-in
// caller alike: BAD_USER_INPUT for a malformed code, NOT_FOUND for a
// well-formed one that names no council. That says nothing a caller could
// not learn anyway: councils are public reference data (`council`,
// `councils`), and no ledger figure comes with the answer.
import { GSS_CODE } from '../server/reference/councils.ts';
import type { Rule } from './permissions.ts';

export const readerOfCouncilLedger: Rule = async (ctx, args) => {
  const councilId = args.councilId;
  if (typeof councilId !== 'string') return false;
  const v = ctx.viewer;
  if (v.role === 'ADMIN') return true;
  if (!GSS_CODE.test(councilId) || (await ctx.loaders.council.load(councilId)) === null) return true;
  if (v.role === 'COUNCIL_REQUESTER') return v.councilId === councilId;
  if (v.role === 'PROGRAMME_LEAD' && v.poolId) {
    const pool = await ctx.loaders.pool.load(v.poolId);
    return Boolean(pool?.footprint.includes(councilId));
  }
  return false;
};
