// Soft factors. Each factor is a value in [0, 1]; its contribution is
// weight × value, and the score is the sum of the contributions added in the
// fixed FACTORS order, so "contributions sum to the score" holds exactly and
// the same input always gives the same floating-point score.
import { MAX_LEVEL_STEP } from './eligibility.ts';
import { FACTORS } from './types.ts';
import type { Contributions, Factor, MatchContext, Practitioner, Slot, WorkMode, Weights } from './types.ts';

export type FactorValues = Record<Factor, number>;

/** What scoring needs from the context, worked out once per request. */
export interface ScoringContext {
  weights: Weights;
  lentUnitsByCouncil: Readonly<Record<string, number>>;
  /** Units lent by the council lending most (0 = nobody lends yet). */
  maxLent: number;
  ledgerBalanceByCouncil: Readonly<Record<string, number>>;
  /** Largest positive ledger balance of any council (0 = none positive). */
  maxBalance: number;
}

export function scoringContext(ctx: MatchContext): ScoringContext {
  let maxLent = 0;
  for (const v of Object.values(ctx.lentUnitsByCouncil)) if (v > maxLent) maxLent = v;
  let maxBalance = 0;
  for (const v of Object.values(ctx.ledgerBalanceByCouncil)) if (v > maxBalance) maxBalance = v;
  return {
    weights: ctx.weights,
    lentUnitsByCouncil: ctx.lentUnitsByCouncil,
    maxLent,
    ledgerBalanceByCouncil: ctx.ledgerBalanceByCouncil,
    maxBalance,
  };
}

// travel[slot mode][preference] = [value if local, value if not local].
// Local = home region is one of the project's regions (or home council is a
// project council). Remote work needs no travel, but someone who wants to be
// on site gets a little less from it; on-site work far from home scores low,
// lowest for someone who asked to work remotely.
const TRAVEL: Record<WorkMode, Record<WorkMode, readonly [number, number]>> = {
  remote: { remote: [1, 1], hybrid: [1, 1], onsite: [0.75, 0.75] },
  hybrid: { remote: [0.75, 0.25], hybrid: [1, 0.5], onsite: [1, 0.5] },
  onsite: { remote: [0.5, 0], hybrid: [0.9, 0.2], onsite: [1, 0.3] },
};

export function isLocal(p: Practitioner, slot: Slot): boolean {
  return slot.projectRegions.includes(p.homeRegion) || slot.projectCouncils.includes(p.homeCouncil);
}

/** Stepping up into the slot: a development placement that wants a senior alongside. */
export function isJuniorFor(p: { levelRank: number }, slot: Slot): boolean {
  return p.levelRank < slot.levelRank;
}

/** `senior` can mentor `junior`: same role, higher on the ladder. */
export function canMentor(senior: { roleId: string; levelRank: number }, junior: { roleId: string; levelRank: number }): boolean {
  return senior.roleId === junior.roleId && senior.levelRank > junior.levelRank;
}

/** Values in [0, 1] of every soft factor for `p` on `slot`. */
export function factorValues(p: Practitioner, slot: Slot, sc: ScoringContext, developmentPaired = false): FactorValues {
  let depth = 1;
  if (slot.required.length) {
    let sum = 0;
    for (const need of slot.required) {
      const has = p.skills[need.skillId] ?? 0;
      // Nothing above Expert: meeting an Expert minimum is full depth.
      sum += need.min >= 4 ? (has >= 4 ? 1 : 0) : Math.max(0, has - need.min) / (4 - need.min);
    }
    depth = sum / slot.required.length;
  }

  let desired = 1;
  if (slot.desired.length) {
    let sum = 0;
    for (const want of slot.desired) {
      const has = p.skills[want.skillId] ?? 0;
      sum += has >= want.min ? 1 : (0.5 * has) / want.min;
    }
    desired = sum / slot.desired.length;
  }

  const step = Math.abs(p.levelRank - slot.levelRank);
  const levelFit = step === 0 ? 1 : step <= MAX_LEVEL_STEP ? 0.5 : 0;

  let slack = 0;
  const weeks = slot.toWeek - slot.fromWeek + 1;
  for (let w = slot.fromWeek; w <= slot.toWeek; w++) {
    const free = p.freeUnits[w] ?? 0;
    if (free > slot.unitsPerWeek) slack += (free - slot.unitsPerWeek) / free;
  }
  slack = weeks > 0 ? slack / weeks : 0;

  let continuity = 0;
  if (p.pastProjects.includes(slot.projectId)) continuity = 1;
  else if (p.pastCouncils.some((c) => slot.projectCouncils.includes(c))) continuity = 0.6;

  const travel = TRAVEL[slot.onsite][p.workPreference][isLocal(p, slot) ? 0 : 1];
  const serviceArea = p.serviceAreas.includes(slot.serviceArea) ? 1 : 0;

  const lent = Math.max(0, sc.lentUnitsByCouncil[p.homeCouncil] ?? 0);
  const fairness = sc.maxLent > 0 ? 1 - Math.min(lent, sc.maxLent) / sc.maxLent : 1;

  const development = developmentPaired && isJuniorFor(p, slot) ? 1 : 0;

  return {
    skillDepth: depth,
    desiredSkills: desired,
    levelFit,
    capacitySlack: slack,
    continuity,
    travel,
    serviceArea,
    fairness,
    development,
  };
}

/** weight × value per factor, and their sum in FACTORS order. */
export function contributionsOf(values: FactorValues, weights: Weights): { score: number; contributions: Contributions } {
  const contributions = {} as Contributions;
  let score = 0;
  for (const f of FACTORS) {
    const c = weights[f] * values[f];
    contributions[f] = c;
    score += c;
  }
  return { score, contributions };
}

export function scoreCandidate(
  p: Practitioner,
  slot: Slot,
  sc: ScoringContext,
  developmentPaired = false,
): { score: number; contributions: Contributions } {
  return contributionsOf(factorValues(p, slot, sc, developmentPaired), sc.weights);
}

/** Re-sum contributions in FACTORS order (what the score of a plan assignment is). */
export function sumContributions(c: Contributions): number {
  let s = 0;
  for (const f of FACTORS) s += c[f];
  return s;
}

/**
 * Project priority boosted by the give-and-take ledger: projects of councils
 * that have given the pool more than they received rank higher in programme
 * plans, by up to `ledgerPriorityBoost` (relative to the biggest giver).
 */
export function effectivePriority(slot: Slot, sc: ScoringContext): number {
  if (sc.maxBalance <= 0 || sc.weights.ledgerPriorityBoost === 0) return slot.priority;
  let best = 0;
  for (const c of slot.projectCouncils) best = Math.max(best, sc.ledgerBalanceByCouncil[c] ?? 0);
  return slot.priority * (1 + sc.weights.ledgerPriorityBoost * Math.min(1, best / sc.maxBalance));
}
