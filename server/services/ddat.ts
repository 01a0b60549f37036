// Use-cases over the DDaT framework: role families, roles, role levels, skills.
import {
  allRoleFamilies,
  findRole,
  findRoleFamily,
  findRoleLevel,
  findSkill,
  roleLevelsPage,
  rolesOf,
  skillsPage,
  type RoleDoc,
  type RoleFamilyDoc,
  type RoleLevelDoc,
  type SkillDoc,
} from '../store/ddat.ts';
import { badInput, notFound, type FieldPath } from '../errors.ts';
import type { PageArgs } from '../pagination.ts';

export async function listRoleFamilies(): Promise<RoleFamilyDoc[]> {
  return allRoleFamilies();
}

export async function getRoleFamily(id: string, field: FieldPath = ['id']): Promise<RoleFamilyDoc> {
  const doc = await findRoleFamily(id);
  if (!doc) throw notFound('Role family', id, field);
  return doc;
}

export async function listRoles(familyId?: string | null): Promise<RoleDoc[]> {
  if (familyId) await getRoleFamily(familyId, ['familyId']);
  return rolesOf(familyId ?? null);
}

export async function getRole(id: string, field: FieldPath = ['id']): Promise<RoleDoc> {
  const doc = await findRole(id);
  if (!doc) throw notFound('Role', id, field);
  return doc;
}

export async function listRoleLevels(filter: { roleId?: string | null; familyId?: string | null }, page: PageArgs) {
  const query: Record<string, unknown> = {};
  if (filter.roleId) {
    await getRole(filter.roleId, ['roleId']);
    query.roleId = filter.roleId;
  }
  if (filter.familyId) {
    await getRoleFamily(filter.familyId, ['familyId']);
    query.familyId = filter.familyId;
  }
  return roleLevelsPage(query, page);
}

export async function getRoleLevel(id: string, field: FieldPath = ['id']): Promise<RoleLevelDoc> {
  const doc = await findRoleLevel(id);
  if (!doc) throw notFound('Role level', id, field);
  return doc;
}

export async function listSkills(nameContains: string | null | undefined, page: PageArgs) {
  const query: Record<string, unknown> = {};
  if (nameContains) {
    if (nameContains.length > 100) throw badInput(['nameContains'], 'must be at most 100 characters');
    query.name = { $regex: nameContains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
  }
  return skillsPage(query, page);
}

export async function getSkill(id: string, field: FieldPath = ['id']): Promise<SkillDoc> {
  const doc = await findSkill(id);
  if (!doc) throw notFound('Skill', id, field);
  return doc;
}

export { skillsByIds, rolesByIds, roleFamiliesByIds, roleLevelsByIds, roleLevelsByRoleIds, rolesByFamilyIds } from '../store/ddat.ts';
