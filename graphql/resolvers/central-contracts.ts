// Resolvers for central contracts: thin. Permission rules (permission-rules.ts)
// have already checked who is asking; each root field calls one service, and
// nested fields go through the request's loaders.
import * as contracts from '../../server/services/central-contracts.ts';
import type { CentralContractDoc } from '../../models/central-contract.ts';
import type { ContractProposal } from '../../server/contracts/contract-input.ts';
import { isBookableStatus, nextContractStatusesFor, type ContractStatus } from '../../server/contracts/contract-status.ts';
import { contractRole } from '../../server/contracts/contract-access.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { primeContractedDirectory, referencedPractitioner } from '../practitioner-field.ts';

type Ctx = GraphQLContext;

/** The mutation's answer primes the loader (what its writes made stale is forgotten in graphql/fresh-after-writes.ts). */
function fresh(ctx: Ctx, c: CentralContractDoc): CentralContractDoc {
  ctx.loaders.centralContract.clear(String(c._id)).prime(String(c._id), c);
  return c;
}

const scopeOf = (c: CentralContractDoc) => ({ poolId: c.poolId, homeCouncilId: c.homeCouncilId, practitionerId: String(c.practitionerId) });

export const centralContractResolvers = {
  Query: {
    centralContract: (_: unknown, a: { id: string }, ctx: Ctx) => contracts.getContract(a.id, ['id'], (id) => ctx.loaders.centralContract.load(id)),
    centralContracts: async (_: unknown, a: { filter?: contracts.ContractFilter | null } & PageArgs, ctx: Ctx, info: GraphQLResolveInfo) => {
      const page = await contracts.listContracts(ctx.viewer!, a.filter ?? {}, a);
      await primeContractedDirectory(ctx, a, page, info);
      return toConnection(page);
    },
  },
  Mutation: {
    proposeCentralContract: async (_: unknown, a: { input: ContractProposal }, ctx: Ctx) => fresh(ctx, await contracts.proposeContract(ctx.viewer!, a.input)),
    transitionCentralContract: async (_: unknown, a: { id: string; to: ContractStatus; note?: string | null }, ctx: Ctx) =>
      fresh(ctx, await contracts.transitionContract(ctx.viewer!, a.id, a.to, a.note)),
    declineCentralContract: async (_: unknown, a: { id: string; reason: string }, ctx: Ctx) => fresh(ctx, await contracts.declineContract(ctx.viewer!, a.id, a.reason)),
  },
  CentralContract: {
    id: (c: CentralContractDoc) => String(c._id),
    practitioner: (c: CentralContractDoc, _: unknown, ctx: Ctx, info: GraphQLResolveInfo) => referencedPractitioner(c.practitionerId, ctx, info),
    homeCouncil: (c: CentralContractDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, c.homeCouncilId, 'council'),
    pool: (c: CentralContractDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, c.poolId, 'pool'),
    bookable: (c: CentralContractDoc) => isBookableStatus(c.status),
    nextStatuses: (c: CentralContractDoc, _: unknown, ctx: Ctx) => nextContractStatusesFor(c.status, contractRole(ctx.viewer, scopeOf(c))),
  },
};
