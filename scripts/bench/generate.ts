// Seeded instance generator for the matching benchmarks: realistic role-level
// and skill mixes from the DDaT framework data, councils and regions from the
// local-authority register, and 26 weeks of capacity with leave, bank
// holidays and existing bookings. Same seed → same instance, every time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDdat, proficiencyRank } from '../../server/reference/ddat.ts';
import type { Ddat, DdatRoleLevel } from '../../server/reference/ddat.ts';
import { parseCouncils } from '../../server/reference/councils.ts';
import { DEFAULT_WEIGHTS } from '../../server/matching/weights.ts';
import type { MatchContext, Practitioner, SkillLevel, SkillNeed, Slot, WorkMode } from '../../server/matching/types.ts';

import { mulberry32, type Rng } from '../../server/random.ts';

export { mulberry32, type Rng };


const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const weighted = <T>(rng: Rng, xs: readonly (readonly [T, number])[]): T => {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [x, w] of xs) if ((r -= w) < 0) return x;
  return xs[xs.length - 1]![0];
};
function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < k && copy.length) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!);
  return out;
}

export const SERVICE_AREAS = [
  'planning',
  'housing',
  'adult-social-care',
  'childrens-services',
  'waste',
  'revenues-and-benefits',
  'highways',
  'libraries',
  'customer-services',
  'environmental-health',
];

// Roles a council digital squad usually draws on, with rough relative demand.
const SQUAD_ROLES: readonly (readonly [string, number])[] = [
  ['delivery-manager', 10],
  ['product-manager', 8],
  ['user-researcher', 9],
  ['service-designer', 7],
  ['interaction-designer', 7],
  ['content-designer', 7],
  ['frontend-developer', 8],
  ['software-developer', 12],
  ['business-analyst', 8],
  ['technical-architect', 4],
  ['data-analyst', 5],
  ['quality-assurance-test-analyst', 4],
  ['performance-analyst', 3],
  ['development-operations-devops-engineer', 4],
];

export interface Reference {
  ddat: Ddat;
  levelsByRole: Map<string, DdatRoleLevel[]>;
  councils: { gss: string; region: string }[];
  skillIds: string[];
}

let cached: Reference | undefined;

export function loadReference(): Reference {
  if (cached) return cached;
  const dir = fileURLToPath(new URL('../reference-data/', import.meta.url));
  const ddat = parseDdat(readFileSync(dir + 'ddat-roles.csv', 'utf8'), readFileSync(dir + 'ddat-skills.csv', 'utf8'));
  const levelsByRole = new Map<string, DdatRoleLevel[]>();
  for (const l of ddat.roleLevels) levelsByRole.set(l.roleId, [...(levelsByRole.get(l.roleId) ?? []), l]);
  for (const ls of levelsByRole.values()) ls.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
  const councils = parseCouncils(readFileSync(dir + 'uk-local-authorities.csv', 'utf8')).map((c) => ({ gss: c.gssCode, region: c.region }));
  councils.sort((a, b) => (a.gss < b.gss ? -1 : 1));
  cached = { ddat, levelsByRole, councils, skillIds: ddat.skills.map((s) => s.id).sort() };
  return cached;
}

function pickRole(ref: Reference, rng: Rng, squadShare: number): string {
  if (rng() < squadShare) return weighted(rng, SQUAD_ROLES);
  return pick(rng, ref.ddat.roles).id;
}

/** A level of the role, middle of the ladder more likely than its ends. */
function pickLevel(ref: Reference, rng: Rng, roleId: string): DdatRoleLevel {
  const ls = ref.levelsByRole.get(roleId)!;
  const mid = (ls.length - 1) / 2;
  return weighted(
    rng,
    ls.map((l, i) => [l, 1 + mid - Math.abs(i - mid)] as const),
  );
}

const clampLevel = (n: number) => Math.max(1, Math.min(4, n)) as SkillLevel;

export interface PoolOptions {
  horizon?: number;
  /** Project ids some practitioners have worked on before. */
  projectIds?: readonly string[];
  idPrefix?: string;
}

export function generatePool(ref: Reference, rng: Rng, n: number, opts: PoolOptions = {}): Practitioner[] {
  const H = opts.horizon ?? 26;
  const bankHolidayWeeks = [3, 8, 13, 21].filter((w) => w < H);
  const out: Practitioner[] = [];
  for (let i = 0; i < n; i++) {
    const roleId = pickRole(ref, rng, 0.8);
    const level = pickLevel(ref, rng, roleId);
    const skills: Record<string, SkillLevel> = {};
    for (const e of level.expectedSkills) {
      if (rng() < 0.05) continue; // not everyone has every skill of their level
      const r = rng();
      const delta = r < 0.15 ? -1 : r < 0.7 ? 0 : r < 0.93 ? 1 : 2;
      skills[e.skillId] = clampLevel(proficiencyRank(e.proficiency) + delta);
    }
    for (const s of sample(rng, ref.skillIds, int(rng, 0, 3))) skills[s] ??= clampLevel(int(rng, 1, 2));

    const home = pick(rng, ref.councils);
    const sameRegion = ref.councils.filter((c) => c.region === home.region);
    const pastCouncils = [...new Set(Array.from({ length: int(rng, 0, 3) }, () => pick(rng, rng() < 0.6 ? sameRegion : ref.councils).gss))];
    const pastProjects = opts.projectIds?.length && rng() < 0.08 ? [pick(rng, opts.projectIds)] : [];

    const hasContract = rng() < 0.92;
    const contract = hasContract
      ? { fromWeek: rng() < 0.8 ? 0 : int(rng, 1, 6), toWeek: rng() < 0.8 ? H - 1 : int(rng, Math.min(H - 1, 16), H - 1) }
      : undefined;
    const contractUnits = pick(rng, [2, 3, 4, 4, 4, 5, 6, 6, 8, 10]);
    const free = Array.from({ length: H }, (_, w) => (contract && w >= contract.fromWeek && w <= contract.toWeek ? contractUnits : 0));
    for (const w of bankHolidayWeeks) free[w] = Math.max(0, free[w]! - 2);
    for (let w = 0; w < H; w++) if (rng() < 0.06) free[w] = rng() < 0.5 ? 0 : Math.floor(free[w]! / 2);
    if (rng() < 0.35) {
      // an existing booking elsewhere
      const from = int(rng, 0, H - 1);
      const to = Math.min(H - 1, from + int(rng, 3, 14));
      const units = int(rng, 2, Math.max(2, Math.min(contractUnits, 4)));
      for (let w = from; w <= to; w++) free[w] = Math.max(0, free[w]! - units);
    }

    out.push({
      id: `${opts.idPrefix ?? 'p'}${String(i).padStart(6, '0')}`,
      homeCouncil: home.gss,
      homeRegion: home.region,
      roleId,
      roleLevelId: level.id,
      levelRank: level.rank,
      skills,
      serviceAreas: sample(rng, SERVICE_AREAS, int(rng, 1, 3)),
      workPreference: weighted(rng, [['remote', 4], ['hybrid', 4.5], ['onsite', 1.5]] as const),
      pastCouncils,
      pastProjects,
      freeUnits: free,
      contract,
    });
  }
  return out;
}

export interface ProjectOptions {
  horizon?: number;
  priority?: number;
}

/** One project's slots: a squad mix of roles, each asking for its level's expected skills. */
export function generateProject(ref: Reference, rng: Rng, projectId: string, nSlots: number, opts: ProjectOptions = {}): Slot[] {
  const H = opts.horizon ?? 26;
  const lead = pick(rng, ref.councils);
  const neighbours = ref.councils.filter((c) => c.region === lead.region);
  const councils = [lead, ...Array.from({ length: int(rng, 0, 2) }, () => pick(rng, rng() < 0.7 ? neighbours : ref.councils))];
  const projectCouncils = [...new Set(councils.map((c) => c.gss))];
  const projectRegions = [...new Set(councils.map((c) => c.region))];
  const serviceArea = pick(rng, SERVICE_AREAS);
  const onsite = weighted(rng, [['remote', 3.5], ['hybrid', 5], ['onsite', 1.5]] as const) as WorkMode;
  const priority = opts.priority ?? pick(rng, [1, 1, 2, 2, 3, 5]);
  const from = int(rng, 0, Math.max(0, H - 12));
  const to = Math.min(H - 1, from + int(rng, 8, 16) - 1);
  const mid = Math.floor((from + to) / 2);

  const slots: Slot[] = [];
  for (let k = 0; k < nSlots; k++) {
    const roleId = k === 0 ? 'delivery-manager' : weighted(rng, SQUAD_ROLES);
    const level = pickLevel(ref, rng, roleId);
    const expected = level.expectedSkills.map((e): SkillNeed => ({ skillId: e.skillId, min: proficiencyRank(e.proficiency) as SkillLevel }));
    const chosen = sample(rng, expected, Math.min(expected.length, int(rng, 4, 7)));
    const nReq = Math.min(chosen.length, int(rng, 2, 4));
    const required = chosen.slice(0, nReq).map((n) => ({ skillId: n.skillId, min: rng() < 0.3 ? clampLevel(n.min - 1) : n.min }));
    const desired = chosen.slice(nReq);
    const phase = rng();
    const [sFrom, sTo] = phase < 0.7 ? [from, to] : phase < 0.85 ? [from, mid] : [mid + 1 <= to ? mid + 1 : from, to];
    slots.push({
      id: `${projectId}-s${k}`,
      projectId,
      projectCouncils,
      projectRegions,
      serviceArea,
      onsite,
      roleId,
      roleLevelId: level.id,
      levelRank: level.rank,
      required,
      desired,
      unitsPerWeek: pick(rng, [2, 2, 3, 4, 4, 6]),
      fromWeek: sFrom,
      toWeek: sTo,
      headcount: weighted(rng, [[1, 75], [2, 20], [3, 5]] as const),
      priority,
    });
  }
  return slots;
}

/** Context with default weights and some councils already lending. */
export function generateContext(ref: Reference, rng: Rng): MatchContext {
  const lent: Record<string, number> = {};
  for (const c of ref.councils) if (rng() < 0.3) lent[c.gss] = int(rng, 0, 200);
  return { weights: { ...DEFAULT_WEIGHTS }, lentUnitsByCouncil: lent, ledgerBalanceByCouncil: {} };
}

export interface Instance {
  practitioners: Practitioner[];
  slots: Slot[];
  ctx: MatchContext;
}

/** `projects` projects sharing `slots` slots between them, and a pool of `practitioners`. */
export function generateProgramme(seed: number, size: { practitioners: number; projects: number; slots: number; horizon?: number }): Instance {
  const ref = loadReference();
  const rng = mulberry32(seed);
  const horizon = size.horizon ?? 26;
  const projectIds = Array.from({ length: size.projects }, (_, k) => `proj${k}`);
  const practitioners = generatePool(ref, rng, size.practitioners, { horizon, projectIds });
  const slots: Slot[] = [];
  projectIds.forEach((id, k) => {
    const n = Math.floor(size.slots / size.projects) + (k < size.slots % size.projects ? 1 : 0);
    slots.push(...generateProject(ref, rng, id, n, { horizon }));
  });
  return { practitioners, slots, ctx: generateContext(ref, rng) };
}
