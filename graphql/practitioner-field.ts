// A field that leads to a practitioner (a contract's, a booking's, an
// agreement's): when the caller asks only for directory fields of them, the
// small search entry answers, else the whole profile.
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './context.ts';
import { loadRequired } from './loaders.ts';
import { asksOnlyDirectory, nodesAskOnlyDirectory, selectedFields } from './selection.ts';
import { contractedDirectory } from '../server/services/practitioners.ts';
import type { ContractFilter } from '../server/services/central-contracts.ts';
import type { Page, PageArgs } from '../server/pagination.ts';
import { seesWholePool } from '../server/contracts/contract-access.ts';

export const referencedPractitioner = (id: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) =>
  asksOnlyDirectory(info)
    ? loadRequired(ctx.loaders.practitionerEntry, String(id), 'practitioner')
    : loadRequired(ctx.loaders.practitioner, String(id), 'practitioner');

/** Whether a connection's nodes ask for their practitioner, and for directory fields of them only. */
export function nodesNamePractitionersOnly(info: GraphQLResolveInfo): boolean {
  const asked = Boolean(selectedFields(info, ['nodes'])?.has('practitioner') || selectedFields(info, ['edges', 'node'])?.has('practitioner'));
  return asked && nodesAskOnlyDirectory(info, ['practitioner']);
}

/**
 * A pool's whole list of contracts naming its people (the lead's contracts
 * page): one read of the entries that list the pool names them all, where
 * one read per person would cost a query each. Only for those who see all of
 * the pool's contracts (a requester sees a few of a large pool's); someone
 * not found there is read by id as ever.
 */
export async function primeContractedDirectory(
  ctx: GraphQLContext,
  a: { filter?: ContractFilter | null } & PageArgs,
  page: Pick<Page<{ practitionerId: unknown }>, 'nodes' | 'hasNextPage'>,
  info: GraphQLResolveInfo,
): Promise<void> {
  const { poolId, statuses, practitionerId, homeCouncilId } = a.filter ?? {};
  const wholePool = poolId && seesWholePool(ctx.viewer, poolId) && !statuses?.length && !practitionerId && !homeCouncilId && !a.after && !page.hasNextPage;
  if (!wholePool || page.nodes.length < 2 || !nodesNamePractitionersOnly(info)) return;
  const wanted = new Set(page.nodes.map((c) => String(c.practitionerId)));
  for (const e of await contractedDirectory(poolId)) if (wanted.has(String(e._id))) ctx.loaders.practitionerEntry.prime(String(e._id), e);
}
