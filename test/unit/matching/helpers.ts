// Hand-made builders and fast-check arbitraries for the matching tests: a tiny
// world (two roles, four skills, four councils, six weeks) small enough that
// every rule gets exercised and exact solvers answer at once.
import fc from 'fast-check';
import { DEFAULT_WEIGHTS } from '../../../server/matching/weights.ts';
import type { ExistingAssignment, MatchContext, Practitioner, SkillLevel, Slot, Weights, WorkMode } from '../../../server/matching/types.ts';

export const H = 6;

export function practitioner(over: Partial<Practitioner> & { id: string }): Practitioner {
  return {
    homeCouncil: 'E06000001',
    homeRegion: 'North East',
    roleId: 'user-researcher',
    roleLevelId: 'user-researcher',
    levelRank: 2,
    skills: { 'user-research': 3, 'analysis-and-synthesis': 2 },
    serviceAreas: [],
    workPreference: 'hybrid',
    pastCouncils: [],
    pastProjects: [],
    freeUnits: Array(H).fill(4),
    contract: { fromWeek: 0, toWeek: H - 1 },
    ...over,
  };
}

export function slot(over: Partial<Slot> & { id: string }): Slot {
  return {
    projectId: 'proj-1',
    projectCouncils: ['E06000002'],
    projectRegions: ['North East'],
    serviceArea: 'housing',
    onsite: 'hybrid',
    roleId: 'user-researcher',
    roleLevelId: 'user-researcher',
    levelRank: 2,
    required: [{ skillId: 'user-research', min: 3 }],
    desired: [],
    unitsPerWeek: 2,
    fromWeek: 0,
    toWeek: H - 1,
    headcount: 1,
    priority: 1,
    ...over,
  };
}

export function context(over: Partial<MatchContext> = {}): MatchContext {
  return { weights: { ...DEFAULT_WEIGHTS }, lentUnitsByCouncil: {}, ledgerBalanceByCouncil: {}, ...over };
}

// ---- arbitraries -------------------------------------------------------------

const ROLES = ['dev', 'ux'] as const;
const SKILLS = ['a', 'b', 'c', 'd'] as const;
const COUNCILS = ['E1', 'E2', 'E3', 'E4'] as const;
const REGION: Record<string, string> = { E1: 'R1', E2: 'R1', E3: 'R2', E4: 'R2' };
const MODES: WorkMode[] = ['remote', 'hybrid', 'onsite'];
const AREAS = ['housing', 'waste', 'planning'];
const PROJECTS = ['P1', 'P2', 'P3'];

const level = fc.constantFrom<SkillLevel>(1, 2, 3, 4);
// Biased towards fitting, so that plans have something to place and people
// to compete for: most skills held, most weeks at a person's usual capacity,
// most contracts covering the horizon.
const skillsArb = fc
  .record(Object.fromEntries(SKILLS.map((k) => [k, fc.option(level, { nil: undefined, freq: 4 })])) as Record<(typeof SKILLS)[number], fc.Arbitrary<SkillLevel | undefined>>)
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, SkillLevel>);
const weekRange = fc.tuple(fc.integer({ min: 0, max: H - 1 }), fc.integer({ min: 0, max: H - 1 })).map(([a, b]) => ({ fromWeek: Math.min(a, b), toWeek: Math.max(a, b) }));
const freeArb = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.oneof({ weight: 5, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }) }), { minLength: H, maxLength: H }))
  .map(([usual, weeks]) => weeks.map((w) => (w < 0 ? usual : w)));
const contractArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ fromWeek: 0, toWeek: H - 1 }) },
  { weight: 1, arbitrary: weekRange },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const practitionerArb = fc
  .record({
    roleId: fc.constantFrom(...ROLES),
    levelRank: fc.integer({ min: 0, max: 3 }),
    skills: skillsArb,
    homeCouncil: fc.constantFrom(...COUNCILS),
    serviceAreas: fc.subarray(AREAS),
    workPreference: fc.constantFrom(...MODES),
    pastCouncils: fc.subarray([...COUNCILS]),
    pastProjects: fc.subarray(PROJECTS),
    freeUnits: freeArb,
    contract: contractArb,
  })
  .map((r) => ({ ...r, homeRegion: REGION[r.homeCouncil]!, roleLevelId: `${r.roleId}-${r.levelRank}` }));

const needsArb = fc.uniqueArray(fc.record({ skillId: fc.constantFrom(...SKILLS), min: fc.constantFrom<SkillLevel>(1, 2, 2, 3) }), {
  selector: (n) => n.skillId,
  maxLength: 2,
});

const slotArb = fc
  .record({
    projectId: fc.constantFrom(...PROJECTS),
    roleId: fc.constantFrom(...ROLES),
    levelRank: fc.integer({ min: 0, max: 3 }),
    required: needsArb,
    desired: needsArb,
    unitsPerWeek: fc.integer({ min: 1, max: 4 }),
    range: weekRange,
    headcount: fc.integer({ min: 1, max: 2 }),
    priority: fc.integer({ min: 1, max: 3 }),
    onsite: fc.constantFrom(...MODES),
    serviceArea: fc.constantFrom(...AREAS),
    councils: fc.subarray([...COUNCILS], { minLength: 1 }),
  })
  .map(({ range, councils, ...r }) => ({
    ...r,
    ...range,
    roleLevelId: `${r.roleId}-${r.levelRank}`,
    projectCouncils: councils,
    projectRegions: [...new Set(councils.map((c) => REGION[c]!))],
    // a slot never asks for the same skill as both required and desired
    desired: r.desired.filter((d) => !r.required.some((q) => q.skillId === d.skillId)),
  }));

export const weightsArb: fc.Arbitrary<Weights> = fc.oneof(
  fc.constant({ ...DEFAULT_WEIGHTS }),
  fc.record(Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, fc.double({ min: 0, max: 5, noNaN: true })])) as Record<keyof Weights, fc.Arbitrary<number>>),
);

export interface World {
  practitioners: Practitioner[];
  slots: Slot[];
  ctx: MatchContext;
}

export interface WorldOptions {
  maxPractitioners?: number;
  maxSlots?: number;
  /** Add random existing assignments on the slots. */
  existing?: boolean;
  /** All slots in one project (a squad). */
  oneProject?: boolean;
}

export function worldArb(opts: WorldOptions = {}): fc.Arbitrary<World> {
  return fc
    .record({
      practitioners: fc.array(practitionerArb, { minLength: 3, maxLength: opts.maxPractitioners ?? 12 }),
      slots: fc.array(slotArb, { minLength: 1, maxLength: opts.maxSlots ?? 5 }),
      weights: weightsArb,
      lent: fc.dictionary(fc.constantFrom(...COUNCILS), fc.integer({ min: 0, max: 100 })),
      ledger: fc.dictionary(fc.constantFrom(...COUNCILS), fc.integer({ min: -20, max: 20 })),
      existing: opts.existing ? fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }) : fc.constant([] as [number, number][]),
    })
    .map(({ practitioners, slots, weights, lent, ledger, existing }) => {
      const ps = practitioners.map((p, i) => ({ ...p, id: `p${String(i).padStart(2, '0')}` }));
      const ss = slots.map((s, i) => ({ ...s, id: `s${i}`, ...(opts.oneProject ? { projectId: 'P1' } : {}) }));
      const seen = new Set<string>();
      const existingAssignments: ExistingAssignment[] = [];
      for (const [a, b] of existing) {
        const s = ss[a % ss.length]!;
        const p = ps[b % ps.length]!;
        if (seen.has(`${s.id}/${p.id}`)) continue;
        if (existingAssignments.filter((e) => e.slotId === s.id).length >= s.headcount) continue;
        seen.add(`${s.id}/${p.id}`);
        existingAssignments.push({ slotId: s.id, practitionerId: p.id });
      }
      return {
        practitioners: ps,
        slots: ss,
        ctx: { weights, lentUnitsByCouncil: lent, ledgerBalanceByCouncil: ledger, existingAssignments },
      };
    });
}
