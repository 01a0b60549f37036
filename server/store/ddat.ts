// The DDaT framework's collections (reference data): role families, roles,
// role levels and skills, keyed by slug.
import { RoleFamily, Role, RoleLevel, type RoleDoc, type RoleFamilyDoc, type RoleLevelDoc } from '../../models/role-level.ts';
import { Skill, type SkillDoc } from '../../models/skill.ts';
import type { PageArgs } from '../pagination.ts';
import { findPage, groupByKey } from './queries.ts';
import { referenceCopy, type ReferenceCopy } from './reference-copy.ts';
import { syncCollection, type Plain } from './sync.ts';

export type { RoleDoc, RoleFamilyDoc, RoleLevelDoc, SkillDoc };

const byName = <T extends { name: string }>(docs: T[]) => docs.sort((a, b) => a.name.localeCompare(b.name));

// Kept in memory (server/store/reference-copy.ts): every page, search and booking names them.
const families = referenceCopy<RoleFamilyDoc>(RoleFamily);
const roles = referenceCopy<RoleDoc>(Role);
const levels = referenceCopy<RoleLevelDoc>(RoleLevel);
const skills = referenceCopy<SkillDoc>(Skill);
const one = async <T extends { _id: string }>(copy: ReferenceCopy<T>, id: string) => (await copy.byIds([id]))[0] ?? null;

export const allRoleFamilies = async () => byName(await families.all());
export const findRoleFamily = (id: string) => one(families, id);
export const rolesOf = async (familyId: string | null) => byName((await roles.all()).filter((r) => !familyId || r.familyId === familyId));
export const findRole = (id: string) => one(roles, id);
export const findRoleLevel = (id: string) => one(levels, id);
export const findSkill = (id: string) => one(skills, id);

export const roleLevelsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<RoleLevelDoc>(RoleLevel, filter, page);
export const skillsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<SkillDoc>(Skill, filter, page);

export const skillsByIds = (ids: readonly string[]) => skills.byIds(ids);
export const rolesByIds = (ids: readonly string[]) => roles.byIds(ids);
export const roleFamiliesByIds = (ids: readonly string[]) => families.byIds(ids);
export const roleLevelsByIds = (ids: readonly string[]) => levels.byIds(ids);

/** Each role's levels, lowest rank first. */
export async function roleLevelsByRoleIds(roleIds: readonly string[]): Promise<RoleLevelDoc[][]> {
  const docs = (await levels.all()).filter((l) => roleIds.includes(l.roleId));
  docs.sort((a, b) => a.rank - b.rank || a._id.localeCompare(b._id));
  return groupByKey(docs, 'roleId', roleIds);
}

/** Each family's roles, by name. */
export async function rolesByFamilyIds(familyIds: readonly string[]): Promise<RoleDoc[][]> {
  return groupByKey(byName((await roles.all()).filter((r) => familyIds.includes(r.familyId))), 'familyId', familyIds);
}

/** Role levels by id with the fields a write checks (rank, role); only those that exist. */
export const roleLevelRefs = async (ids: readonly string[]): Promise<Pick<RoleLevelDoc, '_id' | 'roleId' | 'rank' | 'familyId' | 'expectedSkills' | 'name'>[]> =>
  (await levels.byIds(ids)).filter((l): l is RoleLevelDoc => l !== null);

/** Which of these skill ids exist. */
export const existingSkillIds = async (ids: readonly string[]) => new Set((await skills.byIds(ids)).flatMap((s) => (s ? [s._id] : [])));

/** Every role level and skill (demo data, exports). */
export const allRoleLevels = () => levels.all();
export const allSkills = () => skills.all();

export const syncSkills = (docs: Plain[]) => syncCollection(Skill, docs);
export const syncRoleFamilies = (docs: Plain[]) => syncCollection(RoleFamily, docs);
export const syncRoles = (docs: Plain[]) => syncCollection(Role, docs);
export const syncRoleLevels = (docs: Plain[]) => syncCollection(RoleLevel, docs);
