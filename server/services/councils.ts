// Use-cases over councils (reference data).
import { anyOf } from '../store/queries.ts';
import { councilsPage, findCouncil, type CouncilDoc } from '../store/councils.ts';
import { badInput, notFound } from '../errors.ts';
import type { PageArgs } from '../pagination.ts';
import { GSS_CODE, type CouncilType } from '../reference/councils.ts';
import type { RegionName } from '../reference/regions.ts';

export interface CouncilFilter {
  types?: CouncilType[] | null;
  regions?: RegionName[] | null;
  nameContains?: string | null;
}

export function assertGssCode(gssCode: string, field: (string | number)[]): void {
  if (!GSS_CODE.test(gssCode)) throw badInput(field, `"${gssCode}" is not an English GSS code (E followed by 8 digits)`);
}

export async function getCouncil(gssCode: string, field: (string | number)[] = ['gssCode']): Promise<CouncilDoc> {
  assertGssCode(gssCode, field);
  const doc = await findCouncil(gssCode);
  if (!doc) throw notFound('Council', gssCode, field);
  return doc;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listCouncils(filter: CouncilFilter = {}, page: PageArgs = {}) {
  const query: Record<string, unknown> = {
    ...(filter.types?.length ? anyOf('type', filter.types) : {}),
    ...(filter.regions?.length ? anyOf('region', filter.regions) : {}),
  };
  if (filter.nameContains) {
    if (filter.nameContains.length > 100) throw badInput(['filter', 'nameContains'], 'must be at most 100 characters');
    query.name = { $regex: escapeRegex(filter.nameContains), $options: 'i' };
  }
  return councilsPage(query, page);
}

export { councilsByIds } from '../store/councils.ts';
