// Resolvers for reference data: thin, each calls one service or loader.
import { REGIONS } from '../../server/reference/regions.ts';
import { PROFICIENCIES } from '../../server/reference/ddat.ts';
import * as councils from '../../server/services/councils.ts';
import * as ddat from '../../server/services/ddat.ts';
import { listBankHolidays } from '../../server/services/bank-holidays.ts';
import type { CouncilDoc } from '../../models/council.ts';
import type { RoleDoc, RoleFamilyDoc, RoleLevelDoc } from '../../models/role-level.ts';
import type { SkillDoc } from '../../models/skill.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';
import type { PageArgs } from '../../server/pagination.ts';

type Ctx = GraphQLContext;

export const referenceResolvers = {
  // Enum internal values are the names stored in the data, so services see
  // "North East" and "Practitioner", and clients see NORTH_EAST and PRACTITIONER.
  Region: REGIONS,
  Proficiency: Object.fromEntries(PROFICIENCIES.map((p) => [p.toUpperCase(), p])),

  Query: {
    council: (_: unknown, a: { gssCode: string }) => councils.getCouncil(a.gssCode),
    councils: async (_: unknown, a: { filter?: councils.CouncilFilter } & PageArgs) =>
      toConnection(await councils.listCouncils(a.filter ?? {}, a)),
    roleFamilies: () => ddat.listRoleFamilies(),
    roleFamily: (_: unknown, a: { id: string }) => ddat.getRoleFamily(a.id),
    roles: (_: unknown, a: { familyId?: string | null }) => ddat.listRoles(a.familyId),
    role: (_: unknown, a: { id: string }) => ddat.getRole(a.id),
    roleLevels: async (_: unknown, a: { roleId?: string | null; familyId?: string | null } & PageArgs) =>
      toConnection(await ddat.listRoleLevels(a, a)),
    roleLevel: (_: unknown, a: { id: string }) => ddat.getRoleLevel(a.id),
    skills: async (_: unknown, a: { nameContains?: string | null } & PageArgs) => toConnection(await ddat.listSkills(a.nameContains, a)),
    skill: (_: unknown, a: { id: string }) => ddat.getSkill(a.id),
    bankHolidays: async (_: unknown, a: { from: string; to: string }) =>
      (await listBankHolidays(a.from, a.to)).map((h) => ({ date: h._id, title: h.title })),
  },

  Council: {
    gssCode: (c: CouncilDoc) => c._id,
    regionName: (c: CouncilDoc) => c.region,
    county: (c: CouncilDoc, _: unknown, ctx: Ctx) => (c.county ? ctx.loaders.council.load(c.county.gssCode) : null),
    combinedAuthority: (c: CouncilDoc, _: unknown, ctx: Ctx) =>
      c.combinedAuthority ? ctx.loaders.council.load(c.combinedAuthority.gssCode) : null,
  },
  Skill: {
    id: (s: SkillDoc) => s._id,
    levelDescription: (s: SkillDoc, a: { proficiency: keyof SkillDoc['levelDescriptions'] }) => s.levelDescriptions?.[a.proficiency] ?? '',
  },
  RoleFamily: {
    id: (f: RoleFamilyDoc) => f._id,
    roles: (f: RoleFamilyDoc, _: unknown, ctx: Ctx) => ctx.loaders.rolesByFamily.load(f._id),
  },
  Role: {
    id: (r: RoleDoc) => r._id,
    family: (r: RoleDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleFamily, r.familyId, 'role family'),
    levels: (r: RoleDoc, _: unknown, ctx: Ctx) => ctx.loaders.roleLevelsByRole.load(r._id),
  },
  RoleLevel: {
    id: (l: RoleLevelDoc) => l._id,
    role: (l: RoleLevelDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.role, l.roleId, 'role'),
    family: (l: RoleLevelDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.roleFamily, l.familyId, 'role family'),
  },
  ExpectedSkill: {
    skill: (e: { skillId: string }, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.skill, e.skillId, 'skill'),
  },
};
