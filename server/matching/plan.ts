// Pieces shared by the squad and programme planners: existing assignments
// (kept fixed or released), capacity bookkeeping while a plan is built, the
// reasons a slot stays unfilled, and an independent checker of finished plans.
import { isFullFit, whyNot } from './eligibility.ts';
import { eligibilityFunnel, indexPractitioners, isIndex, poolList } from './rank.ts';
import type { Pool, ScoredCandidate } from './rank.ts';
import { MatchingInputError } from './weights.ts';
import type { FieldError, MatchContext, Plan, PlanAssignment, Practitioner, Slot, UnfilledReason, UnfilledSlot } from './types.ts';

export interface PlanOptions {
  /** Keep `ctx.existingAssignments` on these slots fixed (default) or release and re-plan them. */
  keepExisting?: boolean;
}

export interface Prepared {
  /** The pool the plan is made from (capacity of released assignments given back). */
  pool: Pool;
  /** Kept assignments, by slot index. */
  fixed: Practitioner[][];
  /** Positions still to fill, by slot index. */
  open: number[];
}

/** Apply `ctx.existingAssignments` to the slots being planned. */
export function prepare(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: PlanOptions = {}): Prepared {
  const keep = opts.keepExisting ?? true;
  const slotIdx = new Map(slots.map((s, i) => [s.id, i]));
  let index = isIndex(pool) ? pool : undefined;
  const byId = () => (index ??= indexPractitioners(poolList(pool))).byId;
  const fixed: Practitioner[][] = slots.map(() => []);
  const release = new Map<string, number[]>(); // practitioner id → units to give back per week
  const errors: FieldError[] = [];

  (ctx.existingAssignments ?? []).forEach((a, i) => {
    const si = slotIdx.get(a.slotId);
    if (si === undefined) return; // on another slot: its capacity is simply not free
    const p = byId().get(a.practitionerId);
    if (!p) {
      errors.push({ path: ['existingAssignments', i, 'practitionerId'], message: `unknown practitioner "${a.practitionerId}"` });
      return;
    }
    if (fixed[si]!.includes(p)) {
      errors.push({ path: ['existingAssignments', i], message: `"${p.id}" is assigned to slot "${a.slotId}" twice` });
      return;
    }
    if (fixed[si]!.length >= slots[si]!.headcount) {
      errors.push({ path: ['existingAssignments', i], message: `slot "${a.slotId}" already has its headcount (${slots[si]!.headcount}) of existing assignments` });
      return;
    }
    fixed[si]!.push(p);
    if (!keep) {
      const s = slots[si]!;
      let back = release.get(p.id);
      if (!back) release.set(p.id, (back = []));
      for (let w = s.fromWeek; w <= s.toWeek; w++) back[w] = (back[w] ?? 0) + s.unitsPerWeek;
    }
  });
  if (errors.length) throw new MatchingInputError(errors);

  if (!keep && release.size) {
    const list = poolList(pool).map((p) => {
      const back = release.get(p.id);
      if (!back) return p;
      const len = Math.max(p.freeUnits.length, back.length);
      return { ...p, freeUnits: Array.from({ length: len }, (_, w) => (p.freeUnits[w] ?? 0) + (back[w] ?? 0)) };
    });
    const idx = indexPractitioners(list);
    return { pool: idx, fixed: slots.map(() => []), open: slots.map((s) => s.headcount) };
  }
  if (!keep) return { pool: index ?? pool, fixed: slots.map(() => []), open: slots.map((s) => s.headcount) };
  return { pool: index ?? pool, fixed, open: slots.map((s, i) => Math.max(0, s.headcount - fixed[i]!.length)) };
}

/** Units each practitioner has been given by the plan so far, per week. */
export class CapacityUse {
  private used = new Map<string, Float64Array>();
  constructor(private readonly horizon: number) {}

  fits(p: Practitioner, slot: Slot): boolean {
    const u = this.used.get(p.id);
    if (!u) return true; // the practitioner is a full fit on their own
    for (let w = slot.fromWeek; w <= slot.toWeek; w++) {
      if (u[w]! + slot.unitsPerWeek > (p.freeUnits[w] ?? 0)) return false;
    }
    return true;
  }

  add(p: Practitioner, slot: Slot): void {
    let u = this.used.get(p.id);
    if (!u) this.used.set(p.id, (u = new Float64Array(this.horizon)));
    for (let w = slot.fromWeek; w <= slot.toWeek; w++) u[w]! += slot.unitsPerWeek;
  }

  remove(p: Practitioner, slot: Slot): void {
    const u = this.used.get(p.id);
    if (!u) return;
    for (let w = slot.fromWeek; w <= slot.toWeek; w++) u[w]! -= slot.unitsPerWeek;
  }
}

export function horizonOf(slots: readonly Slot[]): number {
  let h = 0;
  for (const s of slots) h = Math.max(h, s.toWeek + 1);
  return h;
}

export function toAssignment(slot: Slot, c: Pick<ScoredCandidate, 'p' | 'score' | 'contributions'>, fixed: boolean): PlanAssignment {
  return {
    slotId: slot.id,
    projectId: slot.projectId,
    practitionerId: c.p.id,
    unitsPerWeek: slot.unitsPerWeek,
    fromWeek: slot.fromWeek,
    toWeek: slot.toWeek,
    levelStep: c.p.levelRank - slot.levelRank,
    score: c.score,
    contributions: c.contributions,
    fixed,
  };
}

/** Input order of slots, then practitioner id. */
export function sortAssignments(slots: readonly Slot[], as: PlanAssignment[]): PlanAssignment[] {
  const order = new Map(slots.map((s, i) => [s.id, i]));
  return as.sort(
    (a, b) => order.get(a.slotId)! - order.get(b.slotId)! || (a.practitionerId < b.practitionerId ? -1 : a.practitionerId > b.practitionerId ? 1 : 0),
  );
}

const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

/**
 * Why each slot with open positions stayed (partly) unfilled. `candidates`
 * are the slot's full fits at the start of planning; `use` is the capacity the
 * finished plan takes; `chosen` the practitioner ids placed in each slot.
 */
export function unfilledSlots(
  slots: readonly Slot[],
  prepared: Prepared,
  candidates: readonly (readonly ScoredCandidate[])[],
  chosen: readonly ReadonlySet<string>[],
  use: CapacityUse,
): UnfilledSlot[] {
  const out: UnfilledSlot[] = [];
  slots.forEach((slot, i) => {
    const filled = chosen[i]!.size + prepared.fixed[i]!.length;
    const missing = slot.headcount - filled;
    if (missing <= 0) return;
    const reasons: UnfilledReason[] = [];
    const full = candidates[i]!;
    const f = eligibilityFunnel(slot, prepared.pool);
    if (full.length === 0) {
      reasons.push({
        code: 'NO_ELIGIBLE_PRACTITIONER',
        message:
          `nobody fits: of ${n(f.total, 'practitioner')}, ${f.role} have the role, ${f.level} are within one level, ` +
          `${f.skills} have the required skills, ${f.contract} have a contract covering the period, ` +
          `${f.capacity} have enough free capacity every week`,
        count: 0,
      });
    } else {
      const unused = full.filter((c) => !chosen[i]!.has(c.p.id));
      const blocked = unused.filter((c) => !use.fits(c.p, slot)).length;
      const idle = unused.length - blocked;
      if (full.length + prepared.fixed[i]!.length < slot.headcount) {
        reasons.push({
          code: 'TOO_FEW_ELIGIBLE',
          message: `only ${n(full.length, 'eligible practitioner')} for ${n(slot.headcount - prepared.fixed[i]!.length, 'open position')}`,
          count: full.length,
        });
      }
      if (blocked > 0) {
        reasons.push({
          code: 'CAPACITY_USED_BY_OTHER_SLOTS',
          message: `${n(blocked, 'eligible practitioner')} ${blocked === 1 ? 'has' : 'have'} no capacity left after other assignments in this plan`,
          count: blocked,
        });
      }
      if (idle > 0) {
        reasons.push({
          code: 'NOT_SELECTED',
          message: `${n(idle, 'eligible practitioner')} with capacity left ${idle === 1 ? 'was' : 'were'} not placed (planner stopped at its limit)`,
          count: idle,
        });
      }
    }
    if (f.partial > 0) {
      reasons.push({ code: 'PARTIAL_FITS', message: `${n(f.partial, 'practitioner')} fit only some of the weeks`, count: f.partial });
    }
    out.push({ slotId: slot.id, projectId: slot.projectId, missing, reasons });
  });
  return out;
}

/**
 * Every way `plan` breaks the rules: a hard constraint failed by a new
 * assignment, anyone's free capacity over-used in any week, a slot over its
 * headcount or holding someone twice, or terms that differ from the slot.
 * Empty = sound. Independent of the planners (used by tests, and by services
 * as a last check before saving).
 */
export function verifyPlan(plan: Plan, slots: readonly Slot[], practitioners: readonly Practitioner[], ctx: MatchContext, opts: PlanOptions = {}): string[] {
  const problems: string[] = [];
  const prepared = prepare(slots, practitioners, ctx, opts);
  const people = new Map(poolList(prepared.pool).map((p) => [p.id, p]));
  const slotById = new Map(slots.map((s, i) => [s.id, { s, i }]));
  const perSlot = new Map<string, Set<string>>();
  const used = new Map<string, number[]>();
  for (const a of plan.assignments) {
    const hit = slotById.get(a.slotId);
    const p = people.get(a.practitionerId);
    if (!hit || !p) {
      problems.push(`assignment ${a.slotId}/${a.practitionerId}: unknown slot or practitioner`);
      continue;
    }
    const { s, i } = hit;
    const inSlot = perSlot.get(s.id) ?? new Set();
    if (inSlot.has(p.id)) problems.push(`${p.id} is in slot ${s.id} twice`);
    inSlot.add(p.id);
    perSlot.set(s.id, inSlot);
    if (a.unitsPerWeek !== s.unitsPerWeek || a.fromWeek !== s.fromWeek || a.toWeek !== s.toWeek) {
      problems.push(`${p.id} in ${s.id}: terms differ from the slot`);
    }
    if (a.fixed) {
      if (!prepared.fixed[i]!.some((f) => f.id === p.id)) problems.push(`${p.id} in ${s.id} is marked fixed but is not an existing assignment`);
      continue; // already booked: its capacity is already taken from freeUnits
    }
    if (!isFullFit(p, s)) {
      problems.push(`${p.id} in ${s.id} fails: ${whyNot(p, s).map((v) => v.code).join(', ')}`);
    }
    const u = used.get(p.id) ?? [];
    for (let w = s.fromWeek; w <= s.toWeek; w++) u[w] = (u[w] ?? 0) + s.unitsPerWeek;
    used.set(p.id, u);
  }
  for (const [id, u] of used) {
    const p = people.get(id)!;
    u.forEach((units, w) => {
      if (units > (p.freeUnits[w] ?? 0)) problems.push(`${id} over capacity in week ${w}: ${units} > ${p.freeUnits[w] ?? 0}`);
    });
  }
  for (const s of slots) {
    const k = perSlot.get(s.id)?.size ?? 0;
    if (k > s.headcount) problems.push(`slot ${s.id} has ${k} people for headcount ${s.headcount}`);
  }
  return problems;
}
