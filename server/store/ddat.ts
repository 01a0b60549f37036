// The DDaT framework's collections (reference data): role families, roles,
// role levels and skills, keyed by slug.
import { RoleFamily, Role, RoleLevel, type RoleDoc, type RoleFamilyDoc, type RoleLevelDoc } from '../../models/role-level.ts';
import { Skill, type SkillDoc } from '../../models/skill.ts';
import type { PageArgs } from '../pagination.ts';
import { findByIds, findIn, findPage, groupByKey, orderByIds } from './queries.ts';
import { syncCollection, type Plain } from './sync.ts';

export type { RoleDoc, RoleFamilyDoc, RoleLevelDoc, SkillDoc };

const byName = <T extends { name: string }>(docs: T[]) => docs.sort((a, b) => a.name.localeCompare(b.name));

export const allRoleFamilies = async () => byName(await RoleFamily.find().lean<RoleFamilyDoc[]>());
export const findRoleFamily = (id: string) => RoleFamily.findById(id).lean<RoleFamilyDoc>();
export const rolesOf = async (familyId: string | null) => byName(await Role.find(familyId ? { familyId } : {}).lean<RoleDoc[]>());
export const findRole = (id: string) => Role.findById(id).lean<RoleDoc>();
export const findRoleLevel = (id: string) => RoleLevel.findById(id).lean<RoleLevelDoc>();
export const findSkill = (id: string) => Skill.findById(id).lean<SkillDoc>();

export const roleLevelsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<RoleLevelDoc>(RoleLevel, filter, page);
export const skillsPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<SkillDoc>(Skill, filter, page);

export const skillsByIds = async (ids: readonly string[]) => orderByIds(await findByIds<SkillDoc>(Skill, ids), ids);
export const rolesByIds = async (ids: readonly string[]) => orderByIds(await findByIds<RoleDoc>(Role, ids), ids);
export const roleFamiliesByIds = async (ids: readonly string[]) => orderByIds(await findByIds<RoleFamilyDoc>(RoleFamily, ids), ids);
export const roleLevelsByIds = async (ids: readonly string[]) => orderByIds(await findByIds<RoleLevelDoc>(RoleLevel, ids), ids);

/** Each role's levels, lowest rank first. */
export async function roleLevelsByRoleIds(roleIds: readonly string[]): Promise<RoleLevelDoc[][]> {
  const docs = await findIn<RoleLevelDoc>(RoleLevel, 'roleId', roleIds);
  docs.sort((a, b) => a.rank - b.rank || a._id.localeCompare(b._id));
  return groupByKey(docs, 'roleId', roleIds);
}

/** Each family's roles, by name. */
export async function rolesByFamilyIds(familyIds: readonly string[]): Promise<RoleDoc[][]> {
  return groupByKey(byName(await findIn<RoleDoc>(Role, 'familyId', familyIds)), 'familyId', familyIds);
}

/** Role levels by id with the fields a write checks (rank, role). */
export const roleLevelRefs = (ids: readonly string[]) => findByIds<Pick<RoleLevelDoc, '_id' | 'roleId' | 'rank' | 'familyId' | 'expectedSkills' | 'name'>>(RoleLevel, ids);

/** Which of these skill ids exist. */
export const existingSkillIds = async (ids: readonly string[]) => new Set((await findByIds<{ _id: string }>(Skill, ids, { _id: 1 })).map((s) => s._id));

/** Every role level and skill (demo data, exports). */
export const allRoleLevels = () => RoleLevel.find().lean<RoleLevelDoc[]>();
export const allSkills = () => Skill.find().lean<SkillDoc[]>();

export const syncSkills = (docs: Plain[]) => syncCollection(Skill, docs);
export const syncRoleFamilies = (docs: Plain[]) => syncCollection(RoleFamily, docs);
export const syncRoles = (docs: Plain[]) => syncCollection(Role, docs);
export const syncRoleLevels = (docs: Plain[]) => syncCollection(RoleLevel, docs);
