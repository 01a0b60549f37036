// Use-cases over the DDaT framework: role families, roles, role levels, skills.
import { RoleFamily, Role, RoleLevel, type RoleDoc, type RoleFamilyDoc, type RoleLevelDoc } from '../../models/role-level.ts';
import { Skill, type SkillDoc } from '../../models/skill.ts';
import { badInput, notFound, type FieldPath } from '../errors.ts';
import { paginate, type PageArgs } from '../pagination.ts';
import { groupByKey, orderByIds as byIds } from './batch.ts';

export async function listRoleFamilies(): Promise<RoleFamilyDoc[]> {
  return RoleFamily.find().sort({ name: 1 }).lean<RoleFamilyDoc[]>();
}

export async function getRoleFamily(id: string, field: FieldPath = ['id']): Promise<RoleFamilyDoc> {
  const doc = await RoleFamily.findById(id).lean<RoleFamilyDoc>();
  if (!doc) throw notFound('Role family', id, field);
  return doc;
}

export async function listRoles(familyId?: string | null): Promise<RoleDoc[]> {
  if (familyId) await getRoleFamily(familyId, ['familyId']);
  return Role.find(familyId ? { familyId } : {}).sort({ name: 1 }).lean<RoleDoc[]>();
}

export async function getRole(id: string, field: FieldPath = ['id']): Promise<RoleDoc> {
  const doc = await Role.findById(id).lean<RoleDoc>();
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
  return paginate<RoleLevelDoc>(RoleLevel, query, page);
}

export async function getRoleLevel(id: string, field: FieldPath = ['id']): Promise<RoleLevelDoc> {
  const doc = await RoleLevel.findById(id).lean<RoleLevelDoc>();
  if (!doc) throw notFound('Role level', id, field);
  return doc;
}

export async function listSkills(nameContains: string | null | undefined, page: PageArgs) {
  const query: Record<string, unknown> = {};
  if (nameContains) {
    if (nameContains.length > 100) throw badInput(['nameContains'], 'must be at most 100 characters');
    query.name = { $regex: nameContains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
  }
  return paginate<SkillDoc>(Skill, query, page);
}

export async function getSkill(id: string, field: FieldPath = ['id']): Promise<SkillDoc> {
  const doc = await Skill.findById(id).lean<SkillDoc>();
  if (!doc) throw notFound('Skill', id, field);
  return doc;
}

export const skillsByIds = async (ids: readonly string[]) => byIds(await Skill.find({ _id: { $in: [...ids] } }).lean<SkillDoc[]>(), ids);
export const rolesByIds = async (ids: readonly string[]) => byIds(await Role.find({ _id: { $in: [...ids] } }).lean<RoleDoc[]>(), ids);
export const roleFamiliesByIds = async (ids: readonly string[]) =>
  byIds(await RoleFamily.find({ _id: { $in: [...ids] } }).lean<RoleFamilyDoc[]>(), ids);
export const roleLevelsByIds = async (ids: readonly string[]) =>
  byIds(await RoleLevel.find({ _id: { $in: [...ids] } }).lean<RoleLevelDoc[]>(), ids);
export const roleLevelsByRoleIds = async (roleIds: readonly string[]) => {
  const docs = await RoleLevel.find({ roleId: { $in: [...roleIds] } }).sort({ rank: 1, _id: 1 }).lean<RoleLevelDoc[]>();
  return groupByKey(docs, 'roleId', roleIds);
};
export const rolesByFamilyIds = async (familyIds: readonly string[]) => {
  const docs = await Role.find({ familyId: { $in: [...familyIds] } }).sort({ name: 1 }).lean<RoleDoc[]>();
  return groupByKey(docs, 'familyId', familyIds);
};
