// The councils collection (reference data, keyed by GSS code).
import { Council, type CouncilDoc } from '../../models/council.ts';
import type { PageArgs } from '../pagination.ts';
import { findByIds, findPage, orderByIds } from './queries.ts';
import { syncCollection, type Plain } from './sync.ts';

export type { CouncilDoc };

export const findCouncil = (gssCode: string) => Council.findById(gssCode).lean<CouncilDoc>();

export async function councilsByIds(ids: readonly string[]): Promise<(CouncilDoc | null)[]> {
  return orderByIds(await findByIds<CouncilDoc>(Council, ids), ids);
}

/** Every council (332 of them): the matching roster's regions, exports. */
export const allCouncils = () => Council.find({}).lean<CouncilDoc[]>();

export const councilsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<CouncilDoc>(Council, filter, page);

export const syncCouncils = (docs: Plain[]) => syncCollection(Council, docs);
