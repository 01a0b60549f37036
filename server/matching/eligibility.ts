// Hard constraints: who may fill a slot at all. `whyNot` names every
// constraint a practitioner fails (not just the first) so a programme lead can
// see the whole story; the fast checks used by ranking live in rank.ts but
// follow exactly these rules (a property test holds them together).
import type { Practitioner, SkillLevel, Slot } from './types.ts';

/** How far from the asked-for level a practitioner may be (one step either side). */
export const MAX_LEVEL_STEP = 1;

export const PROFICIENCY_NAMES: Record<SkillLevel, string> = {
  1: 'Awareness',
  2: 'Working',
  3: 'Practitioner',
  4: 'Expert',
};

export type Violation =
  | { code: 'ROLE_MISMATCH'; message: string; has: string; needs: string }
  | { code: 'LEVEL_TOO_FAR'; message: string; step: number; has: number; needs: number }
  | { code: 'MISSING_SKILL'; message: string; skillId: string; has: 0; needs: SkillLevel }
  | { code: 'SKILL_BELOW_MINIMUM'; message: string; skillId: string; has: SkillLevel; needs: SkillLevel }
  | { code: 'NO_APPROVED_CONTRACT'; message: string }
  | { code: 'CONTRACT_DOES_NOT_COVER'; message: string; contract: { fromWeek: number; toWeek: number }; weeks: number[] }
  | { code: 'INSUFFICIENT_CAPACITY'; message: string; weeks: { week: number; free: number; needs: number }[] };

export type ViolationCode = Violation['code'];

export interface WhyNotOptions {
  /** Turns a week index into the label shown in messages (e.g. '2026-W48'). */
  weekLabel?: (week: number) => string;
}

/** Free half-day units in a horizon week (missing weeks have none). */
export function freeIn(p: Practitioner, week: number): number {
  return p.freeUnits[week] ?? 0;
}

export function levelStep(p: Pick<Practitioner, 'levelRank'>, slot: Pick<Slot, 'levelRank'>): number {
  return p.levelRank - slot.levelRank;
}

export function contractCovers(p: Practitioner, week: number): boolean {
  return p.contract !== undefined && p.contract.fromWeek <= week && week <= p.contract.toWeek;
}

/** A week the practitioner can give the slot: inside the contract and enough free units. */
export function weekFits(p: Practitioner, slot: Slot, week: number): boolean {
  return contractCovers(p, week) && freeIn(p, week) >= slot.unitsPerWeek;
}

/** Role, level and required skills: the parts of fit that do not depend on time. */
export function profileFits(p: Practitioner, slot: Slot): boolean {
  if (p.roleId !== slot.roleId) return false;
  const step = p.levelRank - slot.levelRank;
  if (step > MAX_LEVEL_STEP || step < -MAX_LEVEL_STEP) return false;
  for (const need of slot.required) {
    if ((p.skills[need.skillId] ?? 0) < need.min) return false;
  }
  return true;
}

/** Every hard constraint holds. */
export function isFullFit(p: Practitioner, slot: Slot): boolean {
  if (!profileFits(p, slot) || !p.contract) return false;
  for (let w = slot.fromWeek; w <= slot.toWeek; w++) if (!weekFits(p, slot, w)) return false;
  return true;
}

/** Slot weeks the practitioner cannot cover (outside the contract or short of capacity). */
export function failingWeeks(p: Practitioner, slot: Slot): number[] {
  const out: number[] = [];
  for (let w = slot.fromWeek; w <= slot.toWeek; w++) if (!weekFits(p, slot, w)) out.push(w);
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The constraints that do not depend on time (role, level, required skills):
 * what a booking is checked against, as whyNot reports them.
 */
export function profileViolations(p: Pick<Practitioner, 'roleId' | 'levelRank' | 'skills'>, slot: Pick<Slot, 'roleId' | 'levelRank' | 'required'>): Violation[] {
  const out: Violation[] = [];

  if (p.roleId !== slot.roleId) {
    out.push({
      code: 'ROLE_MISMATCH',
      message: `has role "${p.roleId}", the slot needs "${slot.roleId}"`,
      has: p.roleId,
      needs: slot.roleId,
    });
  } else {
    // A ladder step only means something on the same role's ladder.
    const step = levelStep(p, slot);
    if (Math.abs(step) > MAX_LEVEL_STEP) {
      out.push({
        code: 'LEVEL_TOO_FAR',
        message: `is ${plural(Math.abs(step), 'step')} ${step > 0 ? 'above' : 'below'} the level asked for (at most ${MAX_LEVEL_STEP} either side)`,
        step,
        has: p.levelRank,
        needs: slot.levelRank,
      });
    }
  }

  for (const need of slot.required) {
    const has = p.skills[need.skillId];
    if (has === undefined) {
      out.push({
        code: 'MISSING_SKILL',
        message: `does not have the required skill "${need.skillId}" (needs ${PROFICIENCY_NAMES[need.min]})`,
        skillId: need.skillId,
        has: 0,
        needs: need.min,
      });
    } else if (has < need.min) {
      out.push({
        code: 'SKILL_BELOW_MINIMUM',
        message: `has "${need.skillId}" at ${PROFICIENCY_NAMES[has]}, the slot needs ${PROFICIENCY_NAMES[need.min]}`,
        skillId: need.skillId,
        has,
        needs: need.min,
      });
    }
  }

  return out;
}

/** Every hard constraint `p` fails for `slot`; empty when they fit. */
export function whyNot(p: Practitioner, slot: Slot, opts: WhyNotOptions = {}): Violation[] {
  const label = opts.weekLabel ?? ((w: number) => `week ${w}`);
  const weeksText = (ws: number[]) => {
    const shown = ws.slice(0, 6).map(label).join(', ');
    return ws.length > 6 ? `${shown} and ${ws.length - 6} more` : shown;
  };
  const out: Violation[] = profileViolations(p, slot);

  if (!p.contract) {
    out.push({ code: 'NO_APPROVED_CONTRACT', message: 'has no approved, in-date central contract' });
  } else {
    const uncovered: number[] = [];
    for (let w = slot.fromWeek; w <= slot.toWeek; w++) if (!contractCovers(p, w)) uncovered.push(w);
    if (uncovered.length) {
      out.push({
        code: 'CONTRACT_DOES_NOT_COVER',
        message: `central contract (${label(p.contract.fromWeek)} to ${label(p.contract.toWeek)}) does not cover ${weeksText(uncovered)}`,
        contract: { fromWeek: p.contract.fromWeek, toWeek: p.contract.toWeek },
        weeks: uncovered,
      });
    }
  }

  const short: { week: number; free: number; needs: number }[] = [];
  for (let w = slot.fromWeek; w <= slot.toWeek; w++) {
    const free = freeIn(p, w);
    if (free < slot.unitsPerWeek) short.push({ week: w, free, needs: slot.unitsPerWeek });
  }
  if (short.length) {
    out.push({
      code: 'INSUFFICIENT_CAPACITY',
      message: `has less than ${slot.unitsPerWeek / 2} days free in ${weeksText(short.map((s) => s.week))}`,
      weeks: short,
    });
  }
  return out;
}
