// The councils collection (reference data, keyed by GSS code).
import { Council, type CouncilDoc } from '../../models/council.ts';
import type { PageArgs } from '../pagination.ts';
import { findPage } from './queries.ts';
import { syncCollection, type Plain } from './sync.ts';
import { referenceCopy } from './reference-copy.ts';

export type { CouncilDoc };

// Kept in memory (server/store/reference-copy.ts): every page and booking names councils.
const copy = referenceCopy<CouncilDoc>(Council);

export const findCouncil = async (gssCode: string) => (await copy.byIds([gssCode]))[0] ?? null;

export const councilsByIds = (ids: readonly string[]): Promise<(CouncilDoc | null)[]> => copy.byIds(ids);

/** Every council (332 of them): the matching roster's regions, exports. */
export const allCouncils = () => copy.all();

export const councilsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<CouncilDoc>(Council, filter, page);

export const syncCouncils = (docs: Plain[]) => syncCollection(Council, docs);
