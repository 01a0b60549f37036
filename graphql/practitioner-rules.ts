// Permission rules about one practitioner or central contract, for the table
// in permission-rules.ts. They look things up through the request's loaders
// and ask the pure access modules (server/practitioners/practitioner-access.ts,
// server/contracts/contract-access.ts), the same policy the services follow.
// Something that does not exist passes the rule, so the service answers
// NOT_FOUND (or BAD_USER_INPUT for a malformed id) to everyone alike; one that
// exists but is not yours answers FORBIDDEN.
import type { PractitionerDoc } from '../models/practitioner.ts';
import {
  canCreatePractitioner,
  canEditPractitioner,
  canManageLeave,
  canReadPractitioner,
  practitionerRole,
  type PractitionerRole,
} from '../server/practitioners/practitioner-access.ts';
import { canActOnContract, canReadContract } from '../server/contracts/contract-access.ts';
import type { Args, Rule, RuleContext } from './permissions.ts';

type IdArg = (args: Args) => unknown;
type Ctx = RuleContext;

/** The viewer's standing; a lead's needs their pool's footprint and the practitioner's contracts, loaded only for leads. */
export async function practitionerRoleIn(ctx: Ctx, p: PractitionerDoc): Promise<PractitionerRole> {
  const scope = { id: String(p._id), homeCouncilId: p.homeCouncilId };
  if (ctx.viewer.role !== 'PROGRAMME_LEAD' || !ctx.viewer.poolId) return practitionerRole(ctx.viewer, scope);
  const [pool, contracts] = await Promise.all([ctx.loaders.pool.load(ctx.viewer.poolId), ctx.loaders.contractsByPractitioner.load(scope.id)]);
  return practitionerRole(ctx.viewer, scope, { footprint: pool?.footprint ?? [], contractPoolIds: contracts.map((c) => c.poolId) });
}

const practitionerRule =
  (idOf: IdArg, allows: (role: PractitionerRole) => boolean): Rule =>
  async (ctx, args) => {
    const id = idOf(args);
    if (typeof id !== 'string') return true;
    const p = await ctx.loaders.practitioner.load(id);
    return p === null || allows(await practitionerRoleIn(ctx, p));
  };

/** The practitioner, their home council's requester, a lead of a pool covering them, an admin. */
export const readerOfPractitioner = (idOf: IdArg): Rule => practitionerRule(idOf, canReadPractitioner);
/** The practitioner, their home council's requester, an admin (which fields each may change is the service's call). */
export const editorOfPractitioner = (idOf: IdArg): Rule => practitionerRule(idOf, canEditPractitioner);
/** The practitioner, an admin. */
export const keeperOfLeave = (idOf: IdArg): Rule => practitionerRule(idOf, canManageLeave);

/** createPractitioner: an admin, the home council's requester, a lead whose pool's footprint includes it. */
export const creatorOfPractitioner: Rule = async (ctx, args) => {
  const homeCouncilId = args.input?.homeCouncilId;
  if (typeof homeCouncilId !== 'string') return false;
  const pool = ctx.viewer.role === 'PROGRAMME_LEAD' && ctx.viewer.poolId ? await ctx.loaders.pool.load(ctx.viewer.poolId) : null;
  return canCreatePractitioner(ctx.viewer, homeCouncilId, pool?.footprint ?? null);
};

const contractRule =
  (idOf: IdArg, allows: typeof canReadContract): Rule =>
  async (ctx, args) => {
    const id = idOf(args);
    if (typeof id !== 'string') return true;
    const c = await ctx.loaders.centralContract.load(id);
    return c === null || allows(ctx.viewer, { poolId: c.poolId, homeCouncilId: c.homeCouncilId, practitionerId: String(c.practitionerId) });
  };

/** Its pool's leads, the home council's requester, the practitioner, an admin. */
export const readerOfContract = (idOf: IdArg): Rule => contractRule(idOf, canReadContract);
/** Its pool's leads, the home council's requester, an admin (the exact move is the status machine's call). */
export const actorOnContract = (idOf: IdArg): Rule => contractRule(idOf, canActOnContract);
