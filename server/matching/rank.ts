// Ranked candidates for one slot. The hot loop applies the hard constraints of
// eligibility.ts inline (no allocation per rejected practitioner) and scores
// only those who pass, which is what keeps 10,000 practitioners well inside a
// few milliseconds. An index by role (built once per pool) skips the rest.
import { MAX_LEVEL_STEP } from './eligibility.ts';
import { canMentor, scoreCandidate, scoringContext } from './scoring.ts';
import type { ScoringContext } from './scoring.ts';
import { assertValidInput } from './validation.ts';
import type { Candidate, Contributions, MatchContext, PartialFit, Practitioner, RankResult, Slot } from './types.ts';

export interface PractitionerIndex {
  readonly all: readonly Practitioner[];
  readonly byRole: ReadonlyMap<string, readonly Practitioner[]>;
  readonly byId: ReadonlyMap<string, Practitioner>;
}

/** A pool as a plain list, or indexed once for repeated ranking. */
export type Pool = readonly Practitioner[] | PractitionerIndex;

export function indexPractitioners(practitioners: readonly Practitioner[]): PractitionerIndex {
  const byRole = new Map<string, Practitioner[]>();
  const byId = new Map<string, Practitioner>();
  for (const p of practitioners) {
    let list = byRole.get(p.roleId);
    if (!list) byRole.set(p.roleId, (list = []));
    list.push(p);
    byId.set(p.id, p);
  }
  return { all: practitioners, byRole, byId };
}

export function isIndex(pool: Pool): pool is PractitionerIndex {
  return !Array.isArray(pool);
}

export function poolList(pool: Pool): readonly Practitioner[] {
  return isIndex(pool) ? pool.all : pool;
}

/** Engine-internal candidate: keeps the practitioner object to avoid lookups. */
export interface ScoredCandidate {
  p: Practitioner;
  score: number;
  contributions: Contributions;
  levelStep: number;
}

export interface ScoredPartial extends ScoredCandidate {
  failingWeeks: number[];
}

/** A squad member already chosen, for the development factor. */
export interface Teammate {
  roleId: string;
  levelRank: number;
}

export interface RankOptions {
  /** Keep only the best `limit` candidates (and partial fits). Default: all. */
  limit?: number;
  /** Include partial fits (default true). */
  partial?: boolean;
  /** Members already in the squad: a stepping-up candidate with a mentor among them gets the development factor. */
  teammates?: readonly Teammate[];
}

const byScoreThenId = (a: ScoredCandidate, b: ScoredCandidate) => b.score - a.score || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0);

/**
 * Full fits (and, optionally, partial fits) of `slot` in `pool`, scored and
 * sorted best first. Engine-internal: no validation, shared ScoringContext.
 */
export function scoreSlot(
  slot: Slot,
  pool: Pool,
  sc: ScoringContext,
  opts: { partial?: boolean; teammates?: readonly Teammate[] } = {},
): { full: ScoredCandidate[]; partial: ScoredPartial[] } {
  const list = isIndex(pool) ? (pool.byRole.get(slot.roleId) ?? []) : pool;
  const { roleId, levelRank, unitsPerWeek, fromWeek, toWeek } = slot;
  const req = slot.required;
  const nReq = req.length;
  const weeks = toWeek - fromWeek + 1;
  const wantPartial = opts.partial ?? false;
  const fullPs: Practitioner[] = [];
  const partialPs: Practitioner[] = [];

  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    if (p.roleId !== roleId) continue;
    const step = p.levelRank - levelRank;
    if (step > MAX_LEVEL_STEP || step < -MAX_LEVEL_STEP) continue;
    const skills = p.skills;
    let ok = true;
    for (let k = 0; k < nReq; k++) {
      const need = req[k]!;
      if ((skills[need.skillId] ?? 0) < need.min) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const c = p.contract;
    if (!c) continue;
    const free = p.freeUnits;
    let fails = 0;
    for (let w = fromWeek; w <= toWeek; w++) {
      if (w < c.fromWeek || w > c.toWeek || (free[w] ?? 0) < unitsPerWeek) {
        fails++;
        if (!wantPartial) break;
      }
    }
    if (fails === 0) fullPs.push(p);
    else if (wantPartial && fails < weeks) partialPs.push(p);
  }

  const teammates = opts.teammates ?? [];
  const paired = (p: Practitioner) => teammates.length > 0 && p.levelRank < levelRank && teammates.some((t) => canMentor(t, p));
  const full: ScoredCandidate[] = fullPs.map((p) => ({ p, levelStep: p.levelRank - levelRank, ...scoreCandidate(p, slot, sc, paired(p)) }));
  full.sort(byScoreThenId);
  const partial: ScoredPartial[] = partialPs.map((p) => {
    const failingWeeks: number[] = [];
    const c = p.contract!;
    for (let w = fromWeek; w <= toWeek; w++) {
      if (w < c.fromWeek || w > c.toWeek || (p.freeUnits[w] ?? 0) < unitsPerWeek) failingWeeks.push(w);
    }
    return { p, levelStep: p.levelRank - levelRank, failingWeeks, ...scoreCandidate(p, slot, sc, paired(p)) };
  });
  partial.sort((a, b) => a.failingWeeks.length - b.failingWeeks.length || byScoreThenId(a, b));
  return { full, partial };
}

const toCandidate = (c: ScoredCandidate): Candidate => ({
  practitionerId: c.p.id,
  score: c.score,
  contributions: c.contributions,
  levelStep: c.levelStep,
});

/**
 * Ranked candidates for a slot: full fits sorted by score (ties by id), and
 * partial fits (capacity or contract short in some weeks) sorted by fewest
 * failing weeks, each with the weeks that fail.
 */
export function rankCandidates(slot: Slot, pool: Pool, ctx: MatchContext, opts: RankOptions = {}): RankResult {
  assertValidInput([slot], ctx);
  const sc = scoringContext(ctx);
  const { full, partial } = scoreSlot(slot, pool, sc, { partial: opts.partial ?? true, teammates: opts.teammates });
  const limit = opts.limit ?? Infinity;
  return {
    slotId: slot.id,
    candidates: full.slice(0, limit).map(toCandidate),
    partialFits: partial.slice(0, limit).map(
      (c): PartialFit => ({
        ...toCandidate(c),
        failingWeeks: c.failingWeeks,
        fitWeeks: slot.toWeek - slot.fromWeek + 1 - c.failingWeeks.length,
      }),
    ),
    eligibleCount: full.length,
    partialCount: partial.length,
  };
}

export interface EligibilityFunnel {
  total: number;
  role: number;
  level: number;
  skills: number;
  contract: number;
  capacity: number;
  /** Passed everything but some weeks. */
  partial: number;
}

/** How many practitioners survive each hard constraint in turn (for unfilled-slot reasons). */
export function eligibilityFunnel(slot: Slot, pool: Pool): EligibilityFunnel {
  const all = poolList(pool);
  const list = isIndex(pool) ? (pool.byRole.get(slot.roleId) ?? []) : all;
  const f: EligibilityFunnel = { total: all.length, role: 0, level: 0, skills: 0, contract: 0, capacity: 0, partial: 0 };
  for (const p of list) {
    if (p.roleId !== slot.roleId) continue;
    f.role++;
    if (Math.abs(p.levelRank - slot.levelRank) > MAX_LEVEL_STEP) continue;
    f.level++;
    if (!slot.required.every((n) => (p.skills[n.skillId] ?? 0) >= n.min)) continue;
    f.skills++;
    const c = p.contract;
    if (!c) continue;
    let fails = 0;
    let covered = true;
    for (let w = slot.fromWeek; w <= slot.toWeek; w++) {
      const inContract = w >= c.fromWeek && w <= c.toWeek;
      if (!inContract) covered = false;
      if (!inContract || (p.freeUnits[w] ?? 0) < slot.unitsPerWeek) fails++;
    }
    if (covered) f.contract++;
    if (fails === 0) f.capacity++;
    else if (fails < slot.toWeek - slot.fromWeek + 1) f.partial++;
  }
  return f;
}
