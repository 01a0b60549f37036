// Use-cases for practitioners: create and edit profiles, keep leave, and
// search the pool within the viewer's scope. Each write checks the whole
// request (server/practitioners/practitioner-input.ts) and loads what it
// refers to (one query per kind) before it writes once; then it records the
// change in the audit log.
import { Types, type UpdateQuery } from 'mongoose';
import { Practitioner, type LeaveDoc, type PractitionerDoc } from '../../models/practitioner.ts';
import { Council } from '../../models/council.ts';
import { RoleLevel } from '../../models/role-level.ts';
import { Skill } from '../../models/skill.ts';
import { Pool } from '../../models/pool.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, conflict, DomainError, forbidden, notFound, type FieldPath } from '../errors.ts';
import { decodeCursor, encodeCursor, paginate, pageSize, type Page, type PageArgs } from '../pagination.ts';
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
import { orderByIds, requireById } from './batch.ts';
import { bookableContractsOverlapping, contractedPractitionerIds, hasLiveContracts } from './central-contracts.ts';
import { capacityFrom, capacityPoolFor, checkCapacityRange, loadCapacityData } from './practitioner-capacity.ts';
import { bankHolidayDates } from './bank-holidays.ts';
import { OBJECT_ID } from '../ids.ts';


// ---- reads ------------------------------------------------------------

export async function getPractitioner(
  id: string,
  field: FieldPath = ['id'],
  find: (id: string) => Promise<PractitionerDoc | null> = (i) => Practitioner.findById(i).lean<PractitionerDoc>(),
): Promise<PractitionerDoc> {
  return requireById(id, field, 'Practitioner', 'practitioner', find);
}

/** For scope checks elsewhere (users.ts): does this practitioner exist? */
export async function practitionerExists(id: string): Promise<boolean> {
  return OBJECT_ID.test(id) && (await Practitioner.countDocuments({ _id: new Types.ObjectId(id) })) > 0;
}

/** Batch load for DataLoaders: ids that are not ObjectIds answer null. */
export async function practitionersByIds(ids: readonly string[]): Promise<(PractitionerDoc | null)[]> {
  const valid = ids.filter((id) => OBJECT_ID.test(id));
  return orderByIds(await Practitioner.find({ _id: { $in: valid } }).lean<PractitionerDoc[]>(), ids);
}

// ---- references ---------------------------------------------------------

interface References {
  councils: Map<string, { region: RegionName }>;
  roleLevels: Map<string, { roleId: string; rank: number }>;
  skills: Set<string>;
}

/** Everything a request names: one query per kind, in parallel, only the fields needed. */
async function loadReferences(uses: readonly ReferenceUse[]): Promise<References> {
  const ids = (kind: ReferenceUse['kind']) => [...new Set(uses.filter((u) => u.kind === kind).map((u) => u.id))];
  const [councils, levels, skills] = await Promise.all([
    ids('Council').length ? Council.find({ _id: { $in: ids('Council') } }, { region: 1 }).lean<{ _id: string; region: RegionName }[]>() : [],
    ids('Role level').length ? RoleLevel.find({ _id: { $in: ids('Role level') } }, { roleId: 1, rank: 1 }).lean<{ _id: string; roleId: string; rank: number }[]>() : [],
    ids('Skill').length ? Skill.find({ _id: { $in: ids('Skill') } }, { _id: 1 }).lean<{ _id: string }[]>() : [],
  ]);
  return {
    councils: new Map(councils.map((c) => [c._id, { region: c.region }])),
    roleLevels: new Map(levels.map((l) => [l._id, { roleId: l.roleId, rank: l.rank }])),
    skills: new Set(skills.map((s) => s._id)),
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

// MongoDB reports a unique key clash as code 11000; FerretDB v1.24 does on
// insert, but on update only as a generic error naming the SQLite constraint.
const isDuplicateKey = (err: unknown) =>
  (err as { code?: number }).code === 11000 || /UNIQUE constraint failed|duplicate key/i.test((err as Error).message ?? '');
const emailTaken = (field: FieldPath) => conflict('A practitioner with that email already exists', { field });
const duplicateEmail = (err: unknown, field: FieldPath) => (isDuplicateKey(err) ? emailTaken(field) : err);

// ---- writes -------------------------------------------------------------

export async function createPractitioner(viewer: Viewer, input: PractitionerInput): Promise<PractitionerDoc> {
  const { fields, uses } = checkNewPractitioner(input);
  const [refs, leadPool] = await Promise.all([
    loadReferences(uses),
    viewer.role === 'PROGRAMME_LEAD' && viewer.poolId ? Pool.findById(viewer.poolId, { footprint: 1 }).lean<{ footprint: string[] }>() : null,
  ]);
  if (!canCreatePractitioner(viewer, fields.homeCouncilId, leadPool?.footprint ?? null)) {
    throw forbidden('Only an admin, the home council\'s requester or a lead of a pool covering it adds practitioners');
  }
  assertReferencesExist(uses, refs);
  const stored = toStored({ ...fields, region: fields.region ?? refs.councils.get(fields.homeCouncilId)!.region }, refs);
  let created: PractitionerDoc;
  try {
    created = (await Practitioner.create({ ...stored, leave: [], revision: 0, createdBy: viewer.userId })).toObject() as PractitionerDoc;
  } catch (err) {
    throw duplicateEmail(err, ['input', 'email']);
  }
  await recordAudit({ actor: viewer, action: 'practitioner.create', entityType: 'Practitioner', entityId: String(created._id), after: profileSnapshot(created) });
  return created;
}

/**
 * Apply `build(current)` with the revision the document had when read, and
 * bump it. If someone else wrote meanwhile, read again and rebuild (the
 * changes here commute with any other edit), a few times, then give up.
 */
async function writeWithRevision(first: PractitionerDoc, build: (current: PractitionerDoc) => UpdateQuery<PractitionerDoc>): Promise<PractitionerDoc> {
  let current = first;
  for (let attempt = 1; ; attempt++) {
    const update = build(current);
    const res = await Practitioner.updateOne({ _id: current._id, revision: current.revision }, { ...update, $inc: { revision: 1 } });
    if (res.matchedCount === 1) return getPractitioner(String(current._id));
    if (attempt === 3) throw conflict('The practitioner was changed by someone else meanwhile; reload and try again', { reason: 'CONCURRENT_CHANGE' });
    current = await getPractitioner(String(current._id));
  }
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
    changesEmail ? Practitioner.exists({ email: changes.email }) : null,
  ]);
  assertReferencesExist(uses, refs);
  if (emailInUse) throw emailTaken(['input', 'email']);
  // A contract is with the home council as well as the pool: moving the
  // person would leave it naming a council that no longer employs them.
  if (contracted) throw conflict('End this practitioner\'s proposed, approved and active contracts before moving them to another council', { field: ['input', 'homeCouncilId'] });
  // A new home council brings its region, unless one is given.
  if (movesHome && !changes.region) changes.region = refs.councils.get(changes.homeCouncilId!)!.region;

  const set = toStored(changes, refs);
  if (Object.keys(set).length === 0) return current;
  let after: PractitionerDoc;
  try {
    after = await writeWithRevision(current, () => ({ $set: set }));
  } catch (err) {
    throw duplicateEmail(err, ['input', 'email']);
  }
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

/** A pool's practitioners, as a query: home council in its footprint, or any contract with it. */
async function poolMembers(poolId: string, field: FieldPath): Promise<Record<string, unknown>> {
  const [pool, contracted] = await Promise.all([getPool(poolId, field), contractedPractitionerIds(poolId)]);
  return { $or: [{ homeCouncilId: { $in: pool.footprint } }, { _id: { $in: contracted } }] };
}

/** What the viewer may search, as a query. Practitioners do not search the pool (the permission table refuses them too). */
async function searchScope(viewer: Viewer): Promise<Record<string, unknown>> {
  switch (viewer.role) {
    case 'ADMIN':
      return {};
    case 'COUNCIL_REQUESTER':
      return { homeCouncilId: viewer.councilId };
    case 'PROGRAMME_LEAD':
      return viewer.poolId ? poolMembers(viewer.poolId, ['poolId']) : { _id: null };
    default:
      throw forbidden('Practitioners cannot search the pool');
  }
}

function listOf<T>(items: readonly T[] | null | undefined, field: FieldPath): readonly T[] {
  if (!items) return [];
  if (items.length > MAX_FILTER_ITEMS) throw badInput(field, `must list at most ${MAX_FILTER_ITEMS} items`);
  return items;
}

/** The conditions the database can apply: role, skills, region, council, pool. */
async function filterConditions(viewer: Viewer, filter: PractitionerFilter): Promise<Record<string, unknown>[]> {
  const at = (...k: (string | number)[]) => ['filter', ...k];
  const conditions: Record<string, unknown>[] = [];
  const roleLevelIds = listOf(filter.roleLevelIds, at('roleLevelIds'));
  if (roleLevelIds.length) conditions.push({ roleLevelId: { $in: roleLevelIds } });
  if (filter.roleId) conditions.push({ roleId: filter.roleId });
  const skills = listOf(filter.skills, at('skills'));
  if (skills.length) {
    const keys = skills.map((s, i) => {
      if (!(PROFICIENCIES as readonly string[]).includes(s.minProficiency)) throw badInput(at('skills', i, 'minProficiency'), 'is not a proficiency');
      return skillKey(s.skillId, proficiencyRank(s.minProficiency));
    });
    conditions.push({ skillKeys: { $all: keys } });
  }
  const regions = listOf(filter.regions, at('regions'));
  regions.forEach((r, i) => {
    if (!(Object.values(REGIONS) as string[]).includes(r)) throw badInput(at('regions', i), 'is not a region');
  });
  if (regions.length) conditions.push({ region: { $in: regions } });
  const councils = listOf(filter.homeCouncilIds, at('homeCouncilIds'));
  councils.forEach((g, i) => {
    if (!GSS_CODE.test(g)) throw badInput(at('homeCouncilIds', i), `"${g}" is not an English GSS code (E followed by 8 digits)`);
  });
  if (councils.length) conditions.push({ homeCouncilId: { $in: councils } });
  if (filter.poolId) {
    if (viewer.role === 'PROGRAMME_LEAD' && filter.poolId !== viewer.poolId) throw forbidden('A programme lead searches their own pool only');
    // A lead's scope is already their pool.
    if (viewer.role !== 'PROGRAMME_LEAD') conditions.push(await poolMembers(filter.poolId, at('poolId')));
  }
  return conditions;
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

const CHUNK = 200;

/**
 * Search the pool. Role, skills, region, council and pool are filtered by the
 * database. Free capacity is filtered here, over the database's answer read
 * in _id order in chunks, so a page is always `first` matches after the
 * cursor: one query for the contracts and one for bank holidays per search,
 * one for bookings (two for a pool's view) per chunk of 200.
 */
export async function searchPractitioners(viewer: Viewer, filter: PractitionerFilter = {}, page: PageArgs = {}): Promise<Page<PractitionerDoc>> {
  const limit = pageSize(page.first);
  const after = checkAfter(page.after);
  const fc = filter.freeCapacity ? checkFreeCapacity(viewer, filter.freeCapacity) : null;
  const [scope, conditions] = await Promise.all([searchScope(viewer), filterConditions(viewer, filter)]);
  const base = [scope, ...conditions];
  if (!fc) {
    return paginate<PractitionerDoc>(Practitioner, { $and: base }, { first: limit, after: page.after });
  }

  const { range, units, poolId } = fc;
  // Every pool's bookable contracts in the range, in one query: a pool's view also needs the total across pools.
  const [contracts, holidays] = await Promise.all([
    bookableContractsOverlapping(null, null, range.spanStart, range.spanEnd),
    bankHolidayDates(range.spanStart, range.spanEnd),
  ]);
  // Only someone with a bookable contract (with the pool, if one is named) can have free capacity.
  const candidates = [...contracts].filter(([, cs]) => !poolId || cs.some((c) => c.poolId === poolId)).map(([id]) => new Types.ObjectId(id));
  const withContract = { _id: { $in: candidates } };

  /** The next matches after `from`, up to `want`, and whether that read to the end. */
  async function scan(from: Types.ObjectId | null, want: number): Promise<{ matches: PractitionerDoc[]; complete: boolean }> {
    const matches: PractitionerDoc[] = [];
    let cursor = from;
    for (;;) {
      const chunk = await Practitioner.find({ $and: [...base, withContract, ...(cursor ? [{ _id: { $gt: cursor } }] : [])] })
        .sort({ _id: 1 })
        .limit(CHUNK)
        .lean<PractitionerDoc[]>();
      if (chunk.length === 0) return { matches, complete: true };
      const data = await loadCapacityData(chunk.map((p) => p._id), poolId, range, { contracts, holidays });
      for (const p of chunk) {
        if (hasFreeEveryWeek(capacityFrom(p, poolId, data, range), units)) {
          matches.push(p);
          if (matches.length === want) return { matches, complete: false };
        }
      }
      if (chunk.length < CHUNK) return { matches, complete: true };
      cursor = chunk[chunk.length - 1]!._id;
    }
  }

  // One more than the page tells whether there is a next page.
  const { matches, complete } = await scan(after, limit + 1);
  const nodes = matches.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    hasNextPage: matches.length > limit,
    endCursor: last ? encodeCursor(String(last._id)) : null,
    // Counting needs every match: known already when the first page read to the end, else scanned when asked for.
    totalCount: async () => (!after && complete ? matches.length : (await scan(null, Number.POSITIVE_INFINITY)).matches.length),
  };
}
