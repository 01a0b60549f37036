// Use-cases for practitioners: create and edit profiles, keep leave, and
// search the pool within the viewer's scope. Each write checks the whole
// request (server/practitioners/practitioner-input.ts) and loads what it
// refers to (one query per kind) before it writes once; then it records the
// change in the audit log.
import { Types, type UpdateQuery } from 'mongoose';
import {
  emailInUse as practitionerEmailInUse,
  findPractitioner,
  insertPractitioner,
  searchEntriesWhere,
  allSearchEntriesWhere,
  practitionersWithIds,
  rebuildPractitioner,
  withNames,
  type DirectoryEntry,
  type LeaveDoc,
  type PractitionerDoc,
  type PractitionerSearchDoc,
} from '../store/practitioners.ts';
import { councilsByIds } from '../store/councils.ts';
import { roleLevelRefs, existingSkillIds } from '../store/ddat.ts';
import { findPool } from '../store/pools.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, conflict, DomainError, forbidden, notFound, tryAgain, type FieldPath } from '../errors.ts';
import { allOf, anyOf } from '../store/queries.ts';
import { decodeCursor, encodeCursor, pageSize, type Page, type PageArgs } from '../pagination.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { PROFICIENCIES, proficiencyRank, type Proficiency } from '../reference/ddat.ts';
import { REGIONS, type RegionName } from '../reference/regions.ts';
import { daysToUnits } from '../calendar/capacity.ts';
import {
  checkLeave,
  checkNewPractitioner,
  checkPractitionerPatch,
  lockedFieldIn,
  MAX_LEAVE_ENTRIES,
  skillKey,
  skillKeysOf,
  type CheckedFields,
  type LeaveInput,
  type PractitionerInput,
  type PractitionerPatch,
  type ReferenceUse,
} from '../practitioners/practitioner-input.ts';
import { canCreatePractitioner, canEditPractitioner, canManageLeave, lockedFields, practitionerRole } from '../practitioners/practitioner-access.ts';
import { hasFreeEveryWeek } from '../practitioners/practitioner-capacity.ts';
import { recordAudit } from './audit.ts';
import { getPool } from './pools.ts';
import { requireById } from './batch.ts';
import { bookableContractsOverlapping, contractsByPractitionerIds, hasLiveContracts } from './central-contracts.ts';
import { capacityFrom, capacityPoolFor, checkCapacityRange, loadCapacityData } from './practitioner-capacity.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { OBJECT_ID } from '../ids.ts';


// ---- reads ------------------------------------------------------------

export async function getPractitioner(
  id: string,
  field: FieldPath = ['id'],
  find: (id: string) => Promise<PractitionerDoc | null> = findPractitioner,
): Promise<PractitionerDoc> {
  return requireById(id, field, 'Practitioner', 'practitioner', find);
}

/** For scope checks elsewhere (users.ts): does this practitioner exist? */
export async function practitionerExists(id: string): Promise<boolean> {
  return OBJECT_ID.test(id) && (await findPractitioner(id)) !== null;
}

export { practitionersByIds, directoryEntriesByIds, type DirectoryEntry } from '../store/practitioners.ts';

// ---- references ---------------------------------------------------------

interface References {
  councils: Map<string, { region: RegionName }>;
  roleLevels: Map<string, { roleId: string; rank: number }>;
  skills: Set<string>;
}

/** Everything a request names: one query per kind, in parallel, only the fields needed. */
async function loadReferences(uses: readonly ReferenceUse[]): Promise<References> {
  const ids = (kind: ReferenceUse['kind']) => [...new Set(uses.filter((u) => u.kind === kind).map((u) => u.id))];
  const [councils, levels, skills] = await Promise.all([councilsByIds(ids('Council')), roleLevelRefs(ids('Role level')), existingSkillIds(ids('Skill'))]);
  return {
    councils: new Map(councils.flatMap((c) => (c ? [[c._id, { region: c.region as RegionName }] as const] : []))),
    roleLevels: new Map(levels.map((l) => [l._id, { roleId: l.roleId, rank: l.rank }])),
    skills,
  };
}

/** NOT_FOUND for the first reference (in input order) that does not exist. */
function assertReferencesExist(uses: readonly ReferenceUse[], refs: References): void {
  for (const u of uses) {
    const found = u.kind === 'Council' ? refs.councils.has(u.id) : u.kind === 'Role level' ? refs.roleLevels.has(u.id) : refs.skills.has(u.id);
    if (!found) throw notFound(u.kind, u.id, u.field);
  }
}

/** The stored form of checked fields, with what is derived from them. */
function toStored(f: CheckedFields, refs: References): Record<string, unknown> {
  const out: Record<string, unknown> = { ...f };
  if (f.roleLevelId) {
    const level = refs.roleLevels.get(f.roleLevelId)!;
    out.roleId = level.roleId;
    out.levelRank = level.rank;
  }
  if (f.skills) out.skillKeys = skillKeysOf(f.skills);
  return out;
}

/** The profile as the audit log records it (also written by the demo loader). */
export const profileSnapshot = (p: Pick<PractitionerDoc, 'name' | 'email' | 'homeCouncilId' | 'roleLevelId' | 'skills' | 'region' | 'workingPattern' | 'serviceAreas' | 'workPreference'>) => ({
  name: p.name,
  email: p.email,
  homeCouncilId: p.homeCouncilId,
  roleLevelId: p.roleLevelId,
  skills: p.skills,
  region: p.region,
  workingPattern: p.workingPattern,
  serviceAreas: p.serviceAreas,
  workPreference: p.workPreference,
});

const emailTaken = (field: FieldPath) => conflict('A practitioner with that email already exists', undefined, field);

// ---- writes -------------------------------------------------------------

export async function createPractitioner(viewer: Viewer, input: PractitionerInput): Promise<PractitionerDoc> {
  const { fields, uses } = checkNewPractitioner(input);
  const [refs, leadPool] = await Promise.all([
    loadReferences(uses),
    viewer.role === 'PROGRAMME_LEAD' && viewer.poolId ? findPool(viewer.poolId) : null,
  ]);
  if (!canCreatePractitioner(viewer, fields.homeCouncilId, leadPool?.footprint ?? null)) {
    throw forbidden('Only an admin, the home council\'s requester or a lead of a pool covering it adds practitioners');
  }
  assertReferencesExist(uses, refs);
  const stored = toStored({ ...fields, region: fields.region ?? refs.councils.get(fields.homeCouncilId)!.region }, refs);
  const created = await insertPractitioner({ ...stored, leave: [], revision: 0, createdBy: viewer.userId } as unknown as Omit<PractitionerDoc, '_id' | 'createdAt' | 'updatedAt'>);
  if (!created) throw emailTaken(['input', 'email']);
  await recordAudit({ actor: viewer, action: 'practitioner.create', entityType: 'Practitioner', entityId: String(created._id), after: profileSnapshot(created) });
  return created;
}

/** Apply `build(current)` to the profile under the guarded write, rebuilt on a concurrent edit (server/store/practitioners.ts). */
async function writeWithRevision(first: PractitionerDoc, build: (current: PractitionerDoc) => UpdateQuery<PractitionerDoc> | null, emailField: FieldPath = ['input', 'email']): Promise<PractitionerDoc> {
  const result = await rebuildPractitioner(first, build);
  if (result.outcome === 'EMAIL_TAKEN') throw emailTaken(emailField);
  if (result.outcome === 'BUSY') throw tryAgain('The practitioner was being changed by someone else at the same moment; nothing was changed, try again');
  return result.doc;
}

export async function updatePractitioner(viewer: Viewer, id: string, patch: PractitionerPatch): Promise<PractitionerDoc> {
  const current = await getPractitioner(id);
  const role = practitionerRole(viewer, { id, homeCouncilId: current.homeCouncilId });
  if (!canEditPractitioner(role)) throw forbidden();
  const locked = lockedFieldIn(patch, lockedFields(role));
  if (locked) throw new DomainError('FORBIDDEN', `You may not change ${locked}`, ['input', locked]);
  const { changes, uses } = checkPractitionerPatch(patch);
  const movesHome = changes.homeCouncilId !== undefined && changes.homeCouncilId !== current.homeCouncilId;
  const changesEmail = changes.email !== undefined && changes.email !== current.email;
  const [refs, contracted, emailInUse] = await Promise.all([
    loadReferences(uses),
    movesHome ? hasLiveContracts(current._id) : false,
    // Checked first for a clear answer; the unique index still settles a race.
    changesEmail ? practitionerEmailInUse(changes.email!) : null,
  ]);
  assertReferencesExist(uses, refs);
  if (emailInUse) throw emailTaken(['input', 'email']);
  // A contract is with the home council as well as the pool: moving the
  // person would leave it naming a council that no longer employs them.
  if (contracted) throw conflict('End this practitioner\'s proposed, approved and active contracts before moving them to another council', undefined, ['input', 'homeCouncilId']);
  // A new home council brings its region, unless one is given.
  if (movesHome && !changes.region) changes.region = refs.councils.get(changes.homeCouncilId!)!.region;

  const set = toStored(changes, refs);
  if (Object.keys(set).length === 0) return current;
  const after = await writeWithRevision(current, () => ({ $set: set }));
  await recordAudit({ actor: viewer, action: 'practitioner.update', entityType: 'Practitioner', entityId: id, before: profileSnapshot(current), after: profileSnapshot(after) });
  return after;
}

async function leaveEditable(viewer: Viewer, practitionerId: string): Promise<PractitionerDoc> {
  const current = await getPractitioner(practitionerId, ['practitionerId']);
  if (!canManageLeave(practitionerRole(viewer, { id: practitionerId, homeCouncilId: current.homeCouncilId }))) {
    throw forbidden('Practitioners keep their own leave (admins may correct it)');
  }
  return current;
}

export async function addLeave(viewer: Viewer, practitionerId: string, input: LeaveInput): Promise<{ practitioner: PractitionerDoc; leave: LeaveDoc }> {
  const checked = checkLeave(input);
  const current = await leaveEditable(viewer, practitionerId);
  const entry: LeaveDoc = { _id: new Types.ObjectId(), ...checked };
  const after = await writeWithRevision(current, (doc) => {
    if (doc.leave.length >= MAX_LEAVE_ENTRIES) throw conflict(`A practitioner may hold at most ${MAX_LEAVE_ENTRIES} leave entries; remove old ones first`);
    return { $push: { leave: entry } };
  });
  await recordAudit({ actor: viewer, action: 'practitioner.leave.add', entityType: 'Practitioner', entityId: practitionerId, after: { leave: entry } });
  return { practitioner: after, leave: entry };
}

export async function removeLeave(viewer: Viewer, practitionerId: string, leaveId: string): Promise<PractitionerDoc> {
  const current = await leaveEditable(viewer, practitionerId);
  let removed: LeaveDoc | undefined;
  // The whole array is written: FerretDB's $pull cannot match on a condition.
  const after = await writeWithRevision(current, (doc) => {
    removed = doc.leave.find((l) => String(l._id) === leaveId);
    if (!removed) throw notFound('Leave', leaveId, ['leaveId']);
    return { $set: { leave: doc.leave.filter((l) => l !== removed) } };
  });
  await recordAudit({ actor: viewer, action: 'practitioner.leave.remove', entityType: 'Practitioner', entityId: practitionerId, before: { leave: removed } });
  return after;
}

// ---- search -------------------------------------------------------------

export interface SkillRequirement {
  skillId: string;
  minProficiency: Proficiency;
}

export interface FreeCapacityFilter {
  from: string;
  to: string;
  /** Free days needed in every ISO week of the range. */
  daysPerWeek: number;
  /** Whose contracts count: one pool's, or every pool's when omitted (a lead's own pool for a lead). */
  poolId?: string | null;
}

export interface PractitionerFilter {
  roleLevelIds?: string[] | null;
  roleId?: string | null;
  skills?: SkillRequirement[] | null;
  freeCapacity?: FreeCapacityFilter | null;
  regions?: RegionName[] | null;
  homeCouncilIds?: string[] | null;
  /** The pool's practitioners: home council in its footprint, or a contract with it. */
  poolId?: string | null;
}

const MAX_FILTER_ITEMS = 200;

/**
 * Who a search may return. Admins: anyone; a requester: their council's
 * people; a pool (a lead's own, or one named in the filter): people whose
 * home council is in its footprint or who have a contract with it.
 */
type Scope = { kind: 'ALL' } | { kind: 'COUNCIL'; councilId: string } | { kind: 'POOL'; poolId: string; footprint: string[] } | { kind: 'NONE' };

async function poolScope(poolId: string, field: FieldPath): Promise<Scope> {
  const pool = await getPool(poolId, field);
  return { kind: 'POOL', poolId, footprint: pool.footprint };
}

/** What the viewer may search. Practitioners do not search the pool (the permission table refuses them too). */
async function searchScope(viewer: Viewer): Promise<Scope> {
  switch (viewer.role) {
    case 'ADMIN':
      return { kind: 'ALL' };
    case 'COUNCIL_REQUESTER':
      return { kind: 'COUNCIL', councilId: viewer.councilId! };
    case 'PROGRAMME_LEAD':
      return viewer.poolId ? poolScope(viewer.poolId, ['poolId']) : { kind: 'NONE' };
    default:
      throw forbidden('Practitioners cannot search the pool');
  }
}

function listOf<T>(items: readonly T[] | null | undefined, field: FieldPath): readonly T[] {
  if (!items) return [];
  if (items.length > MAX_FILTER_ITEMS) throw badInput(field, `must list at most ${MAX_FILTER_ITEMS} items`);
  return items;
}

/** A condition on one field: equal to one of `values` (a list of one is plain equality). */
interface FieldCondition {
  field: string;
  values: readonly unknown[];
  /** The database form of the whole condition, when more than "one of values" (skills: all of them). */
  filter?: Record<string, unknown>;
}

/** The filter's conditions (role, skills, region, council), checked; and the pool it names, if any. */
async function filterConditions(viewer: Viewer, filter: PractitionerFilter): Promise<{ conditions: FieldCondition[]; pool: Scope | null }> {
  const at = (...k: (string | number)[]) => ['filter', ...k];
  const conditions: FieldCondition[] = [];
  const skills = listOf(filter.skills, at('skills'));
  if (skills.length) {
    const keys = skills.map((s, i) => {
      if (!(PROFICIENCIES as readonly string[]).includes(s.minProficiency)) throw badInput(at('skills', i, 'minProficiency'), 'is not a proficiency');
      return skillKey(s.skillId, proficiencyRank(s.minProficiency));
    });
    // Any one key narrows the read; all of them must hold.
    conditions.push({ field: 'skillKeys', values: [keys[0]], filter: { skillKeys: { $all: keys } } });
  }
  const roleLevelIds = listOf(filter.roleLevelIds, at('roleLevelIds'));
  if (roleLevelIds.length) conditions.push({ field: 'roleLevelId', values: roleLevelIds });
  if (filter.roleId) conditions.push({ field: 'roleId', values: [filter.roleId] });
  const councils = listOf(filter.homeCouncilIds, at('homeCouncilIds'));
  councils.forEach((g, i) => {
    if (!GSS_CODE.test(g)) throw badInput(at('homeCouncilIds', i), `"${g}" is not an English GSS code (E followed by 8 digits)`);
  });
  if (councils.length) conditions.push({ field: 'homeCouncilId', values: councils });
  const regions = listOf(filter.regions, at('regions'));
  regions.forEach((r, i) => {
    if (!(Object.values(REGIONS) as string[]).includes(r)) throw badInput(at('regions', i), 'is not a region');
  });
  if (regions.length) conditions.push({ field: 'region', values: regions });
  let pool: Scope | null = null;
  if (filter.poolId) {
    if (viewer.role === 'PROGRAMME_LEAD' && filter.poolId !== viewer.poolId) throw forbidden('A programme lead searches their own pool only');
    // A lead's scope is already their pool.
    if (viewer.role !== 'PROGRAMME_LEAD') pool = await poolScope(filter.poolId, at('poolId'));
  }
  return { conditions, pool };
}

/** The database form of the conditions: single values as plain equalities (which the database uses), lists as $in. */
const filtersOf = (conditions: readonly FieldCondition[]) =>
  conditions.flatMap((c) => [anyOf(c.field, c.values), ...(c.filter ? [{ $and: [c.filter] }] : [])]);

/**
 * Everyone matching the conditions and the scopes, in _id order, read from
 * the search entries (small documents: models/practitioner-search.ts). Every
 * read is driven by equalities the database uses together: a council scope's
 * council, or the councils the filter names, or a pool scope's footprint
 * councils (one read each) and the people whose profiles list it as a
 * contract pool, or else the first condition; the other conditions' single
 * values go with them.
 */
async function matchingPractitioners(conditions: FieldCondition[], scopes: Scope[]): Promise<Matches> {
  if (scopes.some((s) => s.kind === 'NONE')) return { entries: [], profiles: async () => [] };
  const homeFilter = conditions.find((c) => c.field === 'homeCouncilId');
  // Every condition; a read driven by a field puts its own value in place of that field's condition.
  const rest = allOf(filtersOf(conditions));
  const councils = (wanted: readonly string[]) => (homeFilter ? wanted.filter((g) => homeFilter.values.includes(g)) : wanted);
  const council = scopes.find((s) => s.kind === 'COUNCIL');
  const pool = scopes.find((s) => s.kind === 'POOL');
  let docs: PractitionerSearchDoc[];
  if (council?.kind === 'COUNCIL') {
    docs = await searchEntriesWhere('homeCouncilId', councils([council.councilId]), rest);
  } else if (homeFilter) {
    // Named councils are narrower than any pool: read theirs; pool membership is checked below.
    docs = await searchEntriesWhere('homeCouncilId', homeFilter.values, rest);
  } else if (pool?.kind === 'POOL') {
    // Those living outside the footprint are the pool's only through a contract, and their
    // profiles list the pool (models/practitioner.ts): one equality read finds them.
    const [home, contracted] = await Promise.all([
      searchEntriesWhere('homeCouncilId', councils(pool.footprint), rest),
      searchEntriesWhere('contractPoolIds', [pool.poolId], rest),
    ]);
    docs = [...new Map([...home, ...contracted].map((p) => [String(p._id), p])).values()].sort((x, y) => String(x._id).localeCompare(String(y._id)));
  } else {
    const [drive] = conditions;
    docs = drive ? await searchEntriesWhere(drive.field, drive.values, rest) : await allSearchEntriesWhere({});
  }
  // Pool scopes: the footprint decides for most; the rest by their contracts (of any status) with the pool.
  const outside = docs.filter((p) => scopes.some((s) => s.kind === 'POOL' && !s.footprint.includes(p.homeCouncilId)));
  const contractsOf = new Map(outside.length ? (await contractsByPractitionerIds(outside.map((p) => String(p._id)))).map((cs, i) => [String(outside[i]!._id), cs]) : []);
  const inScope = (scope: Scope, p: Pick<PractitionerDoc, '_id' | 'homeCouncilId'>) =>
    scope.kind === 'ALL' ||
    (scope.kind === 'COUNCIL' && p.homeCouncilId === scope.councilId) ||
    (scope.kind === 'POOL' && (scope.footprint.includes(p.homeCouncilId) || (contractsOf.get(String(p._id)) ?? []).some((c) => c.poolId === scope.poolId)));
  const entries = docs.filter((p) => scopes.every((s) => inScope(s, p)));
  const revisionOf = new Map(entries.map((e) => [String(e._id), e.revision]));
  return {
    entries,
    // An entry that lags its profile is checked again against the profile (models/practitioner-search.ts).
    profiles: async (some) => {
      const found = new Map((await practitionersWithIds(some.map((e) => e._id))).map((p) => [String(p._id), p]));
      return some.flatMap((e) => {
        const p = found.get(String(e._id));
        if (!p) return [];
        const fresh = (p.revision ?? 0) === revisionOf.get(String(p._id));
        return fresh || (conditions.every((c) => satisfies(p, c)) && scopes.every((s) => inScope(s, p))) ? [p] : [];
      });
    },
  };
}

/** The search's matches as entries, and the whole profiles of some of them (in the order given). */
interface Matches {
  entries: PractitionerSearchDoc[];
  profiles(some: readonly PractitionerSearchDoc[]): Promise<PractitionerDoc[]>;
}

/** Whether a profile meets a condition (as the database would: an array field meets it when any element does). */
function satisfies(p: PractitionerDoc, c: FieldCondition): boolean {
  const value = (p as unknown as Record<string, unknown>)[c.field];
  const held = Array.isArray(value) ? value : [value];
  if (c.filter) return (c.filter.skillKeys as { $all: string[] }).$all.every((k) => p.skillKeys.includes(k));
  return held.some((v) => c.values.includes(v));
}


function checkFreeCapacity(viewer: Viewer, fc: FreeCapacityFilter) {
  const path = ['filter', 'freeCapacity'];
  const range = checkCapacityRange(fc.from, fc.to, path);
  if (!Number.isFinite(fc.daysPerWeek) || fc.daysPerWeek <= 0 || fc.daysPerWeek > 7 || !Number.isInteger(fc.daysPerWeek * 2)) {
    throw badInput([...path, 'daysPerWeek'], 'must be more than 0, at most 7, in half-day steps');
  }
  return { range, units: daysToUnits(fc.daysPerWeek), poolId: capacityPoolFor(viewer, fc.poolId, [...path, 'poolId']) };
}

function checkAfter(after: string | null | undefined): Types.ObjectId | null {
  if (!after) return null;
  const key = decodeCursor(after);
  if (typeof key !== 'string' || !OBJECT_ID.test(key)) throw badInput(['after'], 'is not a cursor this API gave out');
  return new Types.ObjectId(key);
}

/** The search's conditions checked and its matches found, before free capacity is looked at. */
async function search(viewer: Viewer, filter: PractitionerFilter, page: PageArgs) {
  const limit = pageSize(page.first);
  const after = checkAfter(page.after);
  const fc = filter.freeCapacity ? checkFreeCapacity(viewer, filter.freeCapacity) : null;
  const [scope, { conditions, pool }] = await Promise.all([searchScope(viewer), filterConditions(viewer, filter)]);
  const { entries: all, profiles } = await matchingPractitioners(conditions, pool ? [scope, pool] : [scope]);
  return { limit, after, fc, all, profiles };
}

const entriesAfter = (all: PractitionerSearchDoc[], after: Types.ObjectId | null) => (after ? all.filter((p) => String(p._id) > String(after)) : all);

/** The page of matches after the cursor, each read by `read` for the page only; the cursor is the last entry's, so a lagging entry `read` drops skips nothing. */
async function pageAfter<T>(all: PractitionerSearchDoc[], after: Types.ObjectId | null, limit: number, read: (some: PractitionerSearchDoc[]) => Promise<T[]>): Promise<Page<T>> {
  const afterCursor = entriesAfter(all, after);
  const page = afterCursor.slice(0, limit);
  const last = page[page.length - 1];
  return { nodes: await read(page), hasNextPage: afterCursor.length > limit, endCursor: last ? encodeCursor(String(last._id)) : null, totalCount: async () => all.length };
}

/**
 * The search as a list of names (the directory fields only), answered from
 * the search entries without reading a profile (models/practitioner-search.ts
 * says what that can show after a crash). Free capacity needs the profiles.
 */
export async function searchDirectory(viewer: Viewer, filter: PractitionerFilter = {}, page: PageArgs = {}): Promise<Page<DirectoryEntry>> {
  if (filter.freeCapacity) {
    const { nodes, hasNextPage, endCursor, totalCount } = await searchPractitioners(viewer, filter, page);
    return { nodes, hasNextPage, endCursor, totalCount };
  }
  const { limit, after, all } = await search(viewer, filter, page);
  return pageAfter(all, after, limit, withNames);
}

/**
 * The directory entries of everyone with a contract with the pool, in one
 * read: their profiles list it (models/practitioner.ts), whatever its status.
 */
export const contractedDirectory = async (poolId: string): Promise<DirectoryEntry[]> => withNames(await searchEntriesWhere('contractPoolIds', [poolId]));

const CHUNK = 200;

/**
 * Search the pool. Role, skills, region, council and pool are filtered by the
 * database (matchingPractitioners). Free capacity is filtered here, over that
 * answer in _id order in chunks, so a page is always `first` matches after
 * the cursor: the matches' contracts and the bank holidays once per search,
 * and the claims of each chunk of 200 candidates, stopping once the page is
 * full.
 */
export async function searchPractitioners(viewer: Viewer, filter: PractitionerFilter = {}, page: PageArgs = {}): Promise<Page<PractitionerDoc>> {
  const { limit, after, fc, all, profiles } = await search(viewer, filter, page);
  if (!fc) return pageAfter(all, after, limit, profiles);
  const { range, units, poolId } = fc;
  // The matches' bookable contracts with every pool in the range (a pool's view also needs the total across pools).
  const [contracts, holidays] = await Promise.all([
    bookableContractsOverlapping(all.map((p) => p._id), null, range.spanStart, range.spanEnd),
    bankHolidayDates(range.spanStart, range.spanEnd),
  ]);
  // Only someone with a bookable contract (with the pool, if one is named) can have free capacity.
  const withContract = (p: { _id: Types.ObjectId }) => contracts.get(String(p._id))?.some((c) => !poolId || c.poolId === poolId) ?? false;

  /** The next matches in `from`, up to `want`, and whether that read to the end. */
  async function scan(from: PractitionerSearchDoc[], want: number): Promise<{ matches: PractitionerDoc[]; complete: boolean }> {
    const matches: PractitionerDoc[] = [];
    const candidates = from.filter(withContract);
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const chunk = await profiles(candidates.slice(i, i + CHUNK));
      const data = await loadCapacityData(chunk.map((p) => p._id), poolId, range, { contracts, holidays });
      for (const p of chunk) {
        if (hasFreeEveryWeek(capacityFrom(p, poolId, data, range), units)) {
          matches.push(p);
          if (matches.length === want) return { matches, complete: i + CHUNK >= candidates.length && p === chunk[chunk.length - 1] };
        }
      }
    }
    return { matches, complete: true };
  }

  // One more than the page tells whether there is a next page.
  const { matches, complete } = await scan(entriesAfter(all, after), limit + 1);
  const nodes = matches.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    hasNextPage: matches.length > limit,
    endCursor: last ? encodeCursor(String(last._id)) : null,
    // Counting needs every match: known already when the first page read to the end, else scanned when asked for.
    totalCount: async () => (!after && complete ? matches.length : (await scan(all, Number.POSITIVE_INFINITY)).matches.length),
  };
}
