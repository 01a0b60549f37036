// Parses the DDaT Capability Framework CSVs into role families, roles, role
// levels (with the skill proficiencies each expects and their step on the
// role's career ladder) and skills. Pure: text in, plain data out.
import { parse } from 'csv-parse/sync';
import { ReferenceDataError, requireColumns, slugify } from './reference-data-error.ts';

export const PROFICIENCIES = ['Awareness', 'Working', 'Practitioner', 'Expert'] as const;
export type Proficiency = (typeof PROFICIENCIES)[number];

/** Awareness=1 < Working=2 < Practitioner=3 < Expert=4. */
export function proficiencyRank(p: Proficiency): number {
  return PROFICIENCIES.indexOf(p) + 1;
}

export function isProficiency(s: string): s is Proficiency {
  return (PROFICIENCIES as readonly string[]).includes(s);
}

export interface DdatSkill {
  id: string;
  name: string;
  description: string;
  levelDescriptions: Record<Proficiency, string>;
}
export interface DdatRoleFamily {
  id: string;
  name: string;
}
export interface DdatRole {
  id: string;
  familyId: string;
  name: string;
  description: string;
}
export interface ExpectedSkill {
  skillId: string;
  proficiency: Proficiency;
}
export interface DdatRoleLevel {
  id: string;
  roleId: string;
  familyId: string;
  name: string;
  description: string;
  /** 0-based step on the role's career ladder; equal for parallel tracks ("Lead developer - management"). */
  rank: number;
  expectedSkills: ExpectedSkill[];
}
export interface Ddat {
  families: DdatRoleFamily[];
  roles: DdatRole[];
  roleLevels: DdatRoleLevel[];
  skills: DdatSkill[];
}

const ROLE_COLUMNS = ['Role Family', 'Role', 'Role Description', 'Role Level', 'Role Level Description', 'Skill Name', 'Skill Level'];
const SKILL_COLUMNS = ['Skill Name', 'Skill Description', ...PROFICIENCIES];

// The CSV lists levels alphabetically, so the ladder has to be rebuilt from
// the names. Most follow the framework's prefixes; a few operations and data
// roles name their levels differently and are ordered explicitly below.
const PREFIX_RANK: [RegExp, number][] = [
  [/^(apprentice|trainee)\b/i, 1],
  [/^associate\b/i, 2],
  [/^junior\b/i, 3],
  [/^senior\b/i, 5],
  [/^lead\b/i, 6],
  [/^principal\b/i, 7],
  [/^(head|chief)\b/i, 8],
];
const EXPLICIT_LADDERS: Record<string, string[][]> = {
  'Change and release manager': [['Configuration analyst'], ['Change and release analyst'], ['Change and release manager']],
  'Command and control centre manager': [
    ['Operations analyst'],
    ['Senior operations analyst'],
    ['Operational control manager'],
    ['Head of command and control'],
  ],
  'IT service manager': [['IT service analyst'], ['IT service manager'], ['Senior IT service manager'], ['Head of IT service management']],
  'Incident manager': [['Incident manager'], ['Major incident manager']],
  'Problem manager': [['Problem analyst'], ['Problem manager']],
  'Service desk manager': [['Service desk analyst'], ['Senior service desk analyst'], ['Service desk manager'], ['Head of service desk']],
  'Service transition manager': [
    ['Service acceptance analyst', 'Service readiness analyst'],
    ['Service transition manager'],
    ['Lead service transition manager'],
  ],
  'Digital portfolio manager': [['Digital portfolio analyst'], ['Digital portfolio manager'], ['Senior digital portfolio manager'], ['Head of portfolio']],
  'Data ethicist': [['Data ethics lead'], ['Head of data ethics']],
};

function levelWeight(levelName: string): number {
  const base = levelName.replace(/\s+-\s+management$/i, '');
  for (const [re, rank] of PREFIX_RANK) if (re.test(base)) return rank;
  return 4; // the plain role name ("User researcher") is the middle of the ladder
}

/** Dense 0-based ranks for the levels of one role. */
export function ladder(roleName: string, levelNames: string[]): Map<string, number> {
  const explicit = EXPLICIT_LADDERS[roleName];
  const out = new Map<string, number>();
  if (explicit) {
    explicit.forEach((names, i) => names.forEach((n) => out.set(n, i)));
    const unknown = levelNames.filter((n) => !out.has(n));
    if (unknown.length) throw new Error(`role "${roleName}" has levels missing from its explicit ladder: ${unknown.join(', ')}`);
    return out;
  }
  const weights = [...new Set(levelNames.map(levelWeight))].sort((a, b) => a - b);
  for (const n of levelNames) out.set(n, weights.indexOf(levelWeight(n)));
  return out;
}

function readCsv(file: string, text: string, columns: string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    throw new ReferenceDataError(file, `not valid CSV: ${(err as Error).message}`);
  }
  if (rows.length === 0) throw new ReferenceDataError(file, 'has no data rows');
  requireColumns(file, Object.keys(rows[0]!), columns);
  return rows;
}

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

export function parseDdat(rolesCsv: string, skillsCsv: string, files = { roles: 'ddat-roles.csv', skills: 'ddat-skills.csv' }): Ddat {
  const skillRows = readCsv(files.skills, skillsCsv, SKILL_COLUMNS);
  const skills = new Map<string, DdatSkill>();
  skillRows.forEach((r, i) => {
    const name = clean(r['Skill Name']);
    if (!name) throw new ReferenceDataError(files.skills, 'empty Skill Name', i + 2);
    const id = slugify(name);
    if (skills.has(id)) throw new ReferenceDataError(files.skills, `duplicate skill "${name}"`, i + 2);
    skills.set(id, {
      id,
      name,
      description: (r['Skill Description'] ?? '').trim(),
      levelDescriptions: Object.fromEntries(PROFICIENCIES.map((p) => [p, (r[p] ?? '').trim()])) as Record<Proficiency, string>,
    });
  });

  const roleRows = readCsv(files.roles, rolesCsv, ROLE_COLUMNS);
  const families = new Map<string, DdatRoleFamily>();
  const roles = new Map<string, DdatRole>();
  const levels = new Map<string, DdatRoleLevel & { roleName: string }>();
  const seenRows = new Set<string>();
  roleRows.forEach((r, i) => {
    const rowNo = i + 2;
    // 16 rows are exact duplicates of others: keep the first.
    const key = JSON.stringify(r);
    if (seenRows.has(key)) return;
    seenRows.add(key);
    const levelName = clean(r['Role Level']);
    // Senior Civil Service roles are published as placeholders with no levels.
    if (levelName === 'NOT IN USE' || clean(r['Skill Level']) === 'NOT IN USE') return;
    const familyName = clean(r['Role Family']);
    const roleName = clean(r['Role']);
    const skillName = clean(r['Skill Name']);
    const proficiency = clean(r['Skill Level']);
    if (!familyName || !roleName || !levelName) throw new ReferenceDataError(files.roles, 'empty Role Family, Role or Role Level', rowNo);
    if (!isProficiency(proficiency)) throw new ReferenceDataError(files.roles, `unknown Skill Level "${proficiency}"`, rowNo);
    const skillId = slugify(skillName);
    if (!skills.has(skillId)) throw new ReferenceDataError(files.roles, `skill "${skillName}" is not in ${files.skills}`, rowNo);

    const familyId = slugify(familyName);
    if (!families.has(familyId)) families.set(familyId, { id: familyId, name: familyName });
    const roleId = slugify(roleName);
    if (!roles.has(roleId)) roles.set(roleId, { id: roleId, familyId, name: roleName, description: (r['Role Description'] ?? '').trim() });
    const levelId = slugify(levelName);
    let level = levels.get(levelId);
    if (!level) {
      level = { id: levelId, roleId, familyId, name: levelName, roleName, description: (r['Role Level Description'] ?? '').trim(), rank: 0, expectedSkills: [] };
      levels.set(levelId, level);
    } else if (level.roleId !== roleId) {
      throw new ReferenceDataError(files.roles, `role level "${levelName}" appears under two roles`, rowNo);
    }
    const existing = level.expectedSkills.find((s) => s.skillId === skillId);
    if (existing && existing.proficiency !== proficiency) {
      throw new ReferenceDataError(files.roles, `"${levelName}" lists "${skillName}" at two levels`, rowNo);
    }
    if (!existing) level.expectedSkills.push({ skillId, proficiency });
  });

  const byRole = new Map<string, (DdatRoleLevel & { roleName: string })[]>();
  for (const l of levels.values()) byRole.set(l.roleId, [...(byRole.get(l.roleId) ?? []), l]);
  for (const ls of byRole.values()) {
    const ranks = ladder(ls[0]!.roleName, ls.map((l) => l.name));
    for (const l of ls) l.rank = ranks.get(l.name)!;
  }

  return {
    families: [...families.values()],
    roles: [...roles.values()],
    roleLevels: [...levels.values()].map(({ roleName: _roleName, ...l }) => l),
    skills: [...skills.values()],
  };
}
