// Programme plan: assignments across many projects at once.
//
// Objective (maximised): Σ over assignments of effective priority × score,
// where the effective priority is the project's priority boosted by the
// give-and-take ledger (scoring.ts). Constraints: full fits only, each slot at
// most its open headcount with distinct people, and every practitioner's free
// capacity respected in every week across all their slots. Existing
// assignments on these slots are kept fixed (default) or released.
//
// Method: a heuristic first (greedy by value; local search with replace moves
// and ejection chains; then seeded ruin-and-recreate rounds while they pay)
// gives a good plan and a warm start; then the MIP goes to HiGHS in a worker
// thread with the rest of the time budget, which returns its incumbent, its
// proven bound and so the gap. Instances above `maxExactColumns`, a failed worker, or
// method 'heuristic' give the heuristic plan with the capacity-relaxed bound
// (each slot's best candidates) as its proven bound.
import { HighsSolver } from './highs-client.ts';
import { addCapacityRows, MipBuilder } from './mip.ts';
import type { BookingColumn, MipModel } from './mip.ts';
import { CapacityUse, horizonOf, prepare, sortAssignments, toAssignment, unfilledSlots } from './plan.ts';
import type { PlanOptions, Prepared } from './plan.ts';
import { scoreSlot } from './rank.ts';
import type { Pool, ScoredCandidate } from './rank.ts';
import { effectivePriority, scoreCandidate, scoringContext } from './scoring.ts';
import { assertValidInput } from './validation.ts';
import type { MatchContext, Plan, PlanAssignment, SolveMethod, SolveStatus, Slot } from './types.ts';
import { mulberry32 } from '../random.ts';

export interface ProgrammeOptions extends PlanOptions {
  /** Wall-clock budget for the whole plan, ms. Default 10,000. */
  timeLimitMs?: number;
  /** 'auto' (heuristic, then HiGHS when the model is small enough), 'exact' (always HiGHS) or 'heuristic'. */
  method?: 'auto' | 'exact' | 'heuristic';
  /** 'auto' skips HiGHS above this many assignment columns. Default 400,000. */
  maxExactColumns?: number;
  /** HiGHS stops at this relative gap. Default 1e-4. */
  relGap?: number;
  /** Budget of the heuristic, ms. Default min(250, 5% of the limit) before HiGHS, else 90% of the limit. */
  heuristicTimeMs?: number;
  /** A running HiGHS worker to reuse (else one is started and stopped). */
  solver?: HighsSolver;
}

const EPS = 1e-9;
/** How many assignments one local-search move may eject in a chain. */
const EJECTION_DEPTH = 3;

/** The planning problem, built once and shared by every method. */
interface Problem {
  slots: readonly Slot[];
  prep: Prepared;
  /** Full fits per slot (people fixed in the slot left out), best first. */
  cands: ScoredCandidate[][];
  /** effective priority × score, per slot and candidate. */
  value: Float64Array[];
  fixed: PlanAssignment[];
  fixedValue: number;
  horizon: number;
}

function buildProblem(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: PlanOptions): Problem {
  assertValidInput(slots, ctx);
  const sc = scoringContext(ctx);
  const prep = prepare(slots, pool, ctx, opts);
  const cands: ScoredCandidate[][] = [];
  const value: Float64Array[] = [];
  const fixed: PlanAssignment[] = [];
  let fixedValue = 0;
  slots.forEach((s, i) => {
    const prio = effectivePriority(s, sc);
    const fixedIds = new Set(prep.fixed[i]!.map((p) => p.id));
    const list = prep.open[i]! > 0 ? scoreSlot(s, prep.pool, sc).full.filter((c) => !fixedIds.has(c.p.id)) : [];
    cands.push(list);
    value.push(Float64Array.from(list, (c) => prio * c.score));
    for (const p of prep.fixed[i]!) {
      const a = toAssignment(s, { p, ...scoreCandidate(p, s, sc) }, true);
      fixed.push(a);
      fixedValue += prio * a.score;
    }
  });
  return { slots, prep, cands, value, fixed, fixedValue, horizon: horizonOf(slots) };
}

/** Chosen candidate indexes per slot. */
type Solution = number[][];

function solutionValue(pr: Problem, sol: Solution): number {
  let v = 0;
  sol.forEach((js, i) => js.forEach((j) => (v += pr.value[i]![j]!)));
  return v;
}

/** Σ over slots of their best open-headcount values: a bound that ignores capacity clashes. */
function relaxedBound(pr: Problem): number {
  let b = 0;
  pr.value.forEach((vs, i) => {
    const open = pr.prep.open[i]!;
    for (let j = 0; j < Math.min(open, vs.length); j++) b += vs[j]!; // values are sorted (one priority per slot)
  });
  return b;
}

/** Plain greedy: slots by priority, each taking its best candidates that still fit. */
function plainGreedy(pr: Problem): Solution {
  const sol: Solution = pr.slots.map(() => []);
  const use = new CapacityUse(pr.horizon);
  const order = pr.slots.map((_, i) => i).sort((a, b) => pr.slots[b]!.priority - pr.slots[a]!.priority || a - b);
  for (const i of order) {
    const s = pr.slots[i]!;
    for (let j = 0; j < pr.cands[i]!.length && sol[i]!.length < pr.prep.open[i]!; j++) {
      const p = pr.cands[i]![j]!.p;
      if (use.fits(p, s)) {
        use.add(p, s);
        sol[i]!.push(j);
      }
    }
  }
  return sol;
}

/** Greedy over all (slot, candidate) pairs by value, then local search until no move helps or time runs out. */
interface HeuristicResult {
  sol: Solution;
  passes: number;
  rounds: number;
}

/**
 * The heuristic as a generator that yields between steps, so the async
 * planner can hand the event loop back now and then (runHeuristicAsync),
 * while tests and benchmarks just run it through (runHeuristic).
 */
function* heuristicSteps(pr: Problem, deadline: number): Generator<void, HeuristicResult> {
  const { slots, cands, value } = pr;
  const upper = relaxedBound(pr);
  const sol: Solution = slots.map(() => []);
  const use = new CapacityUse(pr.horizon);
  const held = new Map<string, { i: number; j: number }[]>(); // practitioner → their assignments
  let total = 0;
  const add = (i: number, j: number) => {
    const p = cands[i]![j]!.p;
    use.add(p, slots[i]!);
    sol[i]!.push(j);
    total += value[i]![j]!;
    const h = held.get(p.id);
    if (h) h.push({ i, j });
    else held.set(p.id, [{ i, j }]);
  };
  const remove = (i: number, j: number) => {
    const p = cands[i]![j]!.p;
    use.remove(p, slots[i]!);
    sol[i]!.splice(sol[i]!.indexOf(j), 1);
    total -= value[i]![j]!;
    const h = held.get(p.id)!;
    h.splice(
      h.findIndex((x) => x.i === i && x.j === j),
      1,
    );
  };
  // Every change goes through a log so a failed move (or round) can be undone.
  const log: { op: 'add' | 'remove'; i: number; j: number }[] = [];
  const doAdd = (i: number, j: number) => {
    add(i, j);
    log.push({ op: 'add', i, j });
  };
  const doRemove = (i: number, j: number) => {
    remove(i, j);
    log.push({ op: 'remove', i, j });
  };
  const rollback = (mark: number) => {
    while (log.length > mark) {
      const e = log.pop()!;
      if (e.op === 'add') remove(e.i, e.j);
      else add(e.i, e.j);
    }
  };

  const pairs: { i: number; j: number; v: number }[] = [];
  value.forEach((vs, i) => vs.forEach((v, j) => pairs.push({ i, j, v })));
  pairs.sort((a, b) => b.v - a.v || a.i - b.i || a.j - b.j);
  /** Greedy by value into whatever positions are open. */
  const fill = () => {
    for (const { i, j } of pairs) {
      if (sol[i]!.length < pr.prep.open[i]! && !sol[i]!.includes(j) && use.fits(cands[i]![j]!.p, slots[i]!)) doAdd(i, j);
    }
  };

  const overlaps = (a: Slot, b: Slot) => a.fromWeek <= b.toWeek && b.fromWeek <= a.toWeek;
  /**
   * Put candidate j into slot i (which has room), ejecting at most one of the
   * practitioner's clashing assignments and refilling that slot by the same
   * move, `depth` levels deep (an ejection chain). Returns the gain, > 0, with
   * the changes applied; or -Infinity with nothing changed.
   */
  const insert = (i: number, j: number, depth: number): number => {
    const s = slots[i]!;
    const p = cands[i]![j]!.p;
    const v = value[i]![j]!;
    if (use.fits(p, s)) {
      doAdd(i, j);
      return v;
    }
    if (depth === 0) return -Infinity;
    const clashes = (held.get(p.id) ?? []).filter((x) => overlaps(slots[x.i]!, s)).sort((a, b) => value[a.i]![a.j]! - value[b.i]![b.j]!);
    for (const c of clashes) {
      const lost = value[c.i]![c.j]!;
      if (v - lost + (value[c.i]![0] ?? 0) <= EPS) continue; // even the best refill would not pay
      const mark = log.length;
      doRemove(c.i, c.j);
      if (!use.fits(p, s)) {
        rollback(mark);
        continue;
      }
      doAdd(i, j);
      let refill = 0;
      for (let r = 0; r < cands[c.i]!.length; r++) {
        if (v - lost + value[c.i]![r]! <= EPS) break; // sorted: later refills are worth even less
        if (cands[c.i]![r]!.p.id === p.id || sol[c.i]!.includes(r)) continue;
        const m2 = log.length;
        const g = insert(c.i, r, depth - 1);
        if (g > EPS) {
          refill = g;
          break;
        }
        rollback(m2);
      }
      if (v - lost + refill > EPS) return v - lost + refill;
      rollback(mark);
    }
    return -Infinity;
  };

  let passes = 0;
  /** Improving moves (replace the slot's weakest, or insert by ejection chain) until none is left. */
  const improve = function* () {
    let improved = true;
    while (improved && performance.now() < deadline) {
      improved = false;
      passes++;
      for (let i = 0; i < slots.length; i++) {
        if (performance.now() > deadline) break;
        yield;
        for (let j = 0; j < cands[i]!.length; j++) {
          if (sol[i]!.includes(j)) continue;
          let worst = -1;
          if (sol[i]!.length >= pr.prep.open[i]!) {
            if (sol[i]!.length === 0) break;
            worst = sol[i]!.reduce((w, x) => (value[i]![x]! < value[i]![w]! ? x : w));
          }
          const drop = worst >= 0 ? value[i]![worst]! : 0;
          if (value[i]![j]! - drop <= EPS) break; // candidates are sorted: nobody later gains more here
          const mark = log.length;
          if (worst >= 0) doRemove(i, worst);
          if (insert(i, j, EJECTION_DEPTH) - drop > EPS) improved = true;
          else rollback(mark);
        }
      }
    }
  };

  fill();
  yield* improve();
  log.length = 0;
  // Ruin and recreate: clear a few random slots (and free a rival candidate of
  // each), refill greedily, improve; keep the round only if the plan got
  // better. Seeded, so the same input gives the same plan.
  const rand = mulberry32(0x5eed);
  const withCandidates = slots.map((_, i) => i).filter((i) => cands[i]!.length > 0 && pr.prep.open[i]! > 0);
  const ruinSize = Math.max(2, Math.round(0.03 * withCandidates.length));
  let rounds = 0;
  let best = total;
  let sinceBest = 0;
  const patience = Math.max(100, 2 * withCandidates.length);
  while (withCandidates.length > 1 && sinceBest < patience && total < upper - EPS && performance.now() < deadline) {
    rounds++;
    sinceBest++;
    for (let k = 0; k < ruinSize; k++) {
      const i = withCandidates[Math.floor(rand() * withCandidates.length)]!;
      for (const j of [...sol[i]!]) doRemove(i, j);
      const rival = cands[i]![Math.floor(rand() * Math.min(cands[i]!.length, 5))]!.p;
      for (const h of [...(held.get(rival.id) ?? [])]) doRemove(h.i, h.j);
    }
    fill();
    yield* improve();
    if (total > best + EPS) {
      best = total;
      sinceBest = 0;
      log.length = 0;
    } else rollback(0);
  }
  return { sol, passes, rounds };
}

function runHeuristic(pr: Problem, deadline: number): HeuristicResult {
  const it = heuristicSteps(pr, deadline);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}

/** Runs the heuristic, giving the event loop a turn at least every `sliceMs`. */
async function runHeuristicAsync(pr: Problem, deadline: number, sliceMs = 15): Promise<HeuristicResult> {
  const it = heuristicSteps(pr, deadline);
  let last = performance.now();
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    if (performance.now() - last > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
}


/** The MIP: one binary per (slot, candidate), headcount rows, capacity rows per practitioner. */
function buildModel(pr: Problem): { model: MipModel; cols: { i: number; j: number }[] } {
  const b = new MipBuilder();
  const cols: { i: number; j: number }[] = [];
  const byPerson = new Map<string, { free: readonly number[]; cols: BookingColumn[] }>();
  pr.cands.forEach((list, i) => {
    const s = pr.slots[i]!;
    const mine: number[] = [];
    list.forEach((c, j) => {
      const col = b.addCol(pr.value[i]![j]!, 0, 1, true);
      cols.push({ i, j });
      mine.push(col);
      const e = byPerson.get(c.p.id) ?? { free: c.p.freeUnits, cols: [] };
      e.cols.push({ col, fromWeek: s.fromWeek, toWeek: s.toWeek, unitsPerWeek: s.unitsPerWeek });
      byPerson.set(c.p.id, e);
    });
    if (mine.length > pr.prep.open[i]!) b.addRow(-Infinity, pr.prep.open[i]!, mine, mine.map(() => 1));
  });
  for (const e of byPerson.values()) addCapacityRows(b, e.free, e.cols);
  return { model: b.build(), cols };
}

/** Is `sol` within headcount and everyone's capacity? (A solver answer is checked, not trusted.) */
function feasible(pr: Problem, sol: Solution): boolean {
  const use = new CapacityUse(pr.horizon);
  for (let i = 0; i < sol.length; i++) {
    if (sol[i]!.length > pr.prep.open[i]! || new Set(sol[i]).size !== sol[i]!.length) return false;
    for (const j of sol[i]!) {
      const p = pr.cands[i]![j]!.p;
      if (!use.fits(p, pr.slots[i]!)) return false;
      use.add(p, pr.slots[i]!);
    }
  }
  return true;
}

function toPlan(pr: Problem, sol: Solution, solver: { method: SolveMethod; status: SolveStatus; bound: number | null; t0: number; notes: string[] }): Plan {
  const use = new CapacityUse(pr.horizon);
  const chosen = pr.slots.map(() => new Set<string>());
  const assignments: PlanAssignment[] = [...pr.fixed];
  sol.forEach((js, i) => {
    const s = pr.slots[i]!;
    for (const j of js) {
      const c = pr.cands[i]![j]!;
      assignments.push(toAssignment(s, c, false));
      use.add(c.p, s);
      chosen[i]!.add(c.p.id);
    }
  });
  const placements = solutionValue(pr, sol);
  const objective = pr.fixedValue + placements;
  const bound = solver.bound === null ? null : Math.max(objective, pr.fixedValue + solver.bound);
  return {
    kind: 'programme',
    assignments: sortAssignments(pr.slots, assignments),
    unfilled: unfilledSlots(pr.slots, pr.prep, pr.cands, chosen, use),
    objective,
    objectiveBreakdown: { placements, fixed: pr.fixedValue },
    solver: {
      method: solver.method,
      status: solver.status,
      bound,
      gap: bound === null ? null : objective > 0 ? (bound - objective) / objective : bound > objective ? Infinity : 0,
      timeMs: performance.now() - solver.t0,
      notes: solver.notes,
    },
  };
}

/** The plain greedy baseline, for comparison: slots by priority, each takes its best candidates that fit. */
export function greedyBaseline(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: PlanOptions = {}): Plan {
  const t0 = performance.now();
  const pr = buildProblem(slots, pool, ctx, opts);
  return toPlan(pr, plainGreedy(pr), { method: 'greedy', status: 'feasible', bound: relaxedBound(pr), t0, notes: [] });
}

/** The heuristic on its own (synchronous): greedy by value plus local search. */
export function programmeHeuristic(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: PlanOptions & { timeLimitMs?: number } = {}): Plan {
  const t0 = performance.now();
  const pr = buildProblem(slots, pool, ctx, opts);
  const { sol, passes, rounds } = runHeuristic(pr, t0 + (opts.timeLimitMs ?? 2000));
  const bound = relaxedBound(pr);
  const optimal = solutionValue(pr, sol) >= bound - EPS * Math.max(1, bound);
  return toPlan(pr, sol, { method: 'heuristic', status: optimal ? 'optimal' : 'feasible', bound, t0, notes: [`local search: ${passes} passes, ${rounds} ruin-and-recreate rounds`] });
}

/** The programme plan: heuristic, then HiGHS within the time limit (see the header comment). */
export async function planProgramme(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: ProgrammeOptions = {}): Promise<Plan> {
  const t0 = performance.now();
  const limit = opts.timeLimitMs ?? 10_000;
  const method = opts.method ?? 'auto';
  const pr = buildProblem(slots, pool, ctx, opts);
  const columns = pr.cands.reduce((s, l) => s + l.length, 0);
  const wantExact = method === 'exact' || (method === 'auto' && columns <= (opts.maxExactColumns ?? 400_000));
  // Start the worker first: it loads HiGHS on its own thread while the heuristic runs here.
  const starting = wantExact && !opts.solver ? HighsSolver.start().catch((err: Error) => err) : undefined;

  // With HiGHS to follow, the heuristic only needs to give a warm start.
  const heurBudget = opts.heuristicTimeMs ?? (wantExact ? Math.min(250, 0.05 * limit) : 0.9 * limit);
  const { sol: heur, passes, rounds } = await runHeuristicAsync(pr, t0 + heurBudget);
  const heurValue = solutionValue(pr, heur);
  const relaxed = relaxedBound(pr);
  const notes = [`${columns} candidate assignments; heuristic ${heurValue.toFixed(3)} after ${passes} local-search passes, ${rounds} ruin-and-recreate rounds`];
  const heuristicPlan = (status: SolveStatus, extra: string[] = []) =>
    toPlan(pr, heur, { method: 'heuristic', status, bound: relaxed, t0, notes: [...notes, ...extra] });

  if (method !== 'exact' && heurValue >= relaxed - EPS * Math.max(1, relaxed)) {
    await closeStarted(starting);
    return heuristicPlan('optimal', ['the heuristic plan meets the capacity-relaxed bound']);
  }
  if (!wantExact) return heuristicPlan('feasible', method === 'heuristic' ? [] : [`too large for the exact solver (${columns} columns)`]);

  const { model, cols } = buildModel(pr);
  const start = new Float64Array(model.numCols);
  const colOf = new Map(cols.map((c, k) => [`${c.i}:${c.j}`, k]));
  heur.forEach((js, i) => js.forEach((j) => (start[colOf.get(`${i}:${j}`)!] = 1)));

  const solver = opts.solver ?? (await starting);
  if (!solver || solver instanceof Error) return heuristicPlan('feasible', [`HiGHS worker failed to start: ${solver?.message ?? 'unknown'}`]);
  // Leave time to post the answer back and build the plan.
  const remaining = limit - (performance.now() - t0) - Math.min(500, 0.05 * limit);
  if (remaining < 50) {
    if (!opts.solver) await solver.close();
    return heuristicPlan('time_limit', ['no time left for the exact solver']);
  }
  const res = await solver.solve(model, { timeLimitMs: remaining, relGap: opts.relGap ?? 1e-4, start });
  if (!opts.solver) await solver.close();
  if (res.status === 'error' || res.status === 'infeasible') return heuristicPlan('feasible', [`HiGHS: ${res.message ?? res.status}`]);

  let best = heur;
  let used = 'heuristic (HiGHS found nothing better)';
  if (res.hasSolution && res.colValue) {
    const sol: Solution = slots.map(() => []);
    res.colValue.forEach((x, k) => {
      if (x > 0.5) sol[cols[k]!.i]!.push(cols[k]!.j);
    });
    sol.forEach((js) => js.sort((a, b) => a - b));
    if (feasible(pr, sol) && solutionValue(pr, sol) > heurValue + EPS) {
      best = sol;
      used = 'HiGHS incumbent';
    }
  }
  const bound = Number.isFinite(res.bound) ? Math.min(relaxed, res.bound) : relaxed;
  const value = solutionValue(pr, best);
  const status: SolveStatus = res.status === 'optimal' || value >= bound - EPS * Math.max(1, bound) ? 'optimal' : 'time_limit';
  return toPlan(pr, best, {
    method: 'exact',
    status,
    bound,
    t0,
    notes: [...notes, `HiGHS ${res.status} in ${Math.round(res.timeMs)} ms (${model.numCols} columns, ${model.numRows} rows, ${res.nodes} nodes); plan from ${used}`],
  });
}

async function closeStarted(starting: Promise<HighsSolver | Error> | undefined): Promise<void> {
  if (!starting) return;
  const s = await starting;
  if (!(s instanceof Error)) await s.close();
}
