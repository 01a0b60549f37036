// Squad proposal: fill all of a project's slots jointly.
//
// Objective (maximised): Σ score of every member (the development factor
// included, which depends on who else is in the squad) + councilSpread × the
// number of distinct home councils in the squad. Constraints: full fits only
// (role, level, skills, contract, capacity), headcount with distinct people
// per slot, and nobody beyond their free capacity in any week across slots.
//
// Exact method, built on one observation: a practitioner has one role, so
// capacity and development pairing (mentor and junior share a role) only
// couple slots of the SAME role. Slots therefore fall into role groups that
// interact only through the small council-spread term.
//  1. Per group, and per possible top ladder rank M in it (which fixes every
//     development bonus), shortlist each slot's candidates: one worth less
//     than the slot's T-th best (T = the group's open positions) minus
//     councilSpread can be swapped for an unused better one for a strict
//     gain, so no optimum uses it.
//  2. Per group, enumerate by branch-and-bound every solution within
//     councilSpread × (open positions) of the group's best: a group solution
//     further below can be replaced by the group's best for a strict gain,
//     since spread can only make up that much.
//  3. Choose one solution per group by branch-and-bound on the spread term.
// Caps on the enumeration and search keep the worst case bounded; when one
// is hit the best squad found is returned, marked not proven optimal.
import { scoreSlot } from './rank.ts';
import type { Pool, ScoredCandidate } from './rank.ts';
import { canMentor, isJuniorFor, scoreCandidate, scoringContext } from './scoring.ts';
import { CapacityUse, horizonOf, prepare, sortAssignments, toAssignment, unfilledSlots } from './plan.ts';
import type { PlanOptions } from './plan.ts';
import { assertValidInput } from './validation.ts';
import type { MatchContext, Plan, PlanAssignment, Practitioner, Slot } from './types.ts';

export interface SquadOptions extends PlanOptions {
  /** Most solutions kept per role group before giving up on exactness. Default 20,000. */
  maxGroupSolutions?: number;
  /** Search nodes (all stages) before giving up on exactness. Default 500,000. */
  nodeLimit?: number;
  /** Search all full fits instead of the safe shortlist (to test the shortlist). */
  noShortlist?: boolean;
}

export interface SquadMember {
  slot: number;
  p: Practitioner;
}

const EPS = 1e-9;

/** For each member: a junior (stepping up) with a mentor of the same role in the squad. */
export function pairedJuniors(slots: readonly Slot[], members: readonly SquadMember[]): boolean[] {
  return members.map((m) => isJuniorFor(m.p, slots[m.slot]!) && members.some((o) => o.p.id !== m.p.id && canMentor(o.p, m.p)));
}

interface Group {
  slots: number[];
  fixed: SquadMember[];
  open: number;
}

interface GroupSolution {
  /** Σ base score of the chosen + development of all group members (fixed included). */
  f: number;
  members: SquadMember[];
  /** Distinct council indexes of the chosen members. */
  councils: number[];
}

function groupsOf(slots: readonly Slot[], open: readonly number[], fixed: readonly Practitioner[][]): Group[] {
  const byRole = new Map<string, Group>();
  slots.forEach((s, i) => {
    let g = byRole.get(s.roleId);
    if (!g) byRole.set(s.roleId, (g = { slots: [], fixed: [], open: 0 }));
    g.slots.push(i);
    g.open += open[i]!;
    for (const p of fixed[i]!) g.fixed.push({ slot: i, p });
  });
  return [...byRole.values()];
}

interface Budget {
  nodes: number;
  limit: number;
  aborted: boolean;
}

interface RunCandidate {
  c: ScoredCandidate;
  /** Value given the run's top rank M: score + development if a junior below M. */
  v: number;
}

/**
 * Steps 1 and 2 for one role group: every solution (within the shortlist)
 * whose value is within `window` of the group's best.
 *
 * Development makes values depend on the squad, but only through M, the top
 * ladder rank among the group's members: a junior is paired exactly when its
 * rank is below M (whoever holds rank M is someone else). So the group is
 * solved once per possible M with fixed per-candidate values, members capped
 * at rank M; each run's bounds are then tight. Shortlist per run: a member
 * worth less than the slot's T-th best minus councilSpread (or, for the one
 * anchoring rank M, the T-th best at rank M) can be swapped for an unused
 * better one, keeping M, for a strict gain; so no optimum uses it.
 */
function enumerateGroup(
  g: Group,
  slots: readonly Slot[],
  cands: readonly (readonly ScoredCandidate[])[],
  open: readonly number[],
  councilOf: (p: Practitioner) => number,
  weights: { development: number; spread: number },
  opts: { window: number; maxSolutions: number; noShortlist: boolean },
  budget: Budget,
  shortlisted: Set<string>,
): GroupSolution[] {
  const wd = weights.development;
  const fixedMax = g.fixed.reduce((m, f) => Math.max(m, f.p.levelRank), -1);
  const ranks = new Set<number>(g.fixed.map((f) => f.p.levelRank));
  for (const i of g.slots) for (const c of cands[i]!) ranks.add(c.p.levelRank);
  const tops = [...ranks].filter((r) => r >= fixedMax).sort((a, b) => b - a);
  if (tops.length === 0) tops.push(fixedMax);

  let best = -Infinity;
  let sols: GroupSolution[] = [];
  const keepIfClose = (f: number, picked: SquadMember[]) => {
    if (f < best - opts.window - EPS) return;
    if (f > best) best = f;
    sols.push({ f, members: picked, councils: [...new Set(picked.map((m) => councilOf(m.p)))] });
    if (sols.length > opts.maxSolutions) {
      sols = sols.filter((x) => x.f >= best - opts.window - EPS);
      if (sols.length > opts.maxSolutions) budget.aborted = true;
    }
  };

  for (const M of tops) {
    const anchoredByFixed = fixedMax === M;
    const lists: RunCandidate[][] = g.slots.map((i) => {
      const s = slots[i]!;
      if (open[i] === 0) return [];
      const all = cands[i]!.filter((c) => c.p.levelRank <= M).map((c) => ({ c, v: c.score + (wd > 0 && isJuniorFor(c.p, s) && c.p.levelRank < M ? wd : 0) }));
      all.sort((a, b) => b.v - a.v || (a.c.p.id < b.c.p.id ? -1 : 1));
      if (opts.noShortlist || all.length <= g.open) return all;
      const theta = all[g.open - 1]!.v;
      const atM = all.filter((x) => x.c.p.levelRank === M);
      const thetaM = !anchoredByFixed && atM.length >= g.open ? atM[g.open - 1]!.v : -Infinity;
      return all.filter((x) => x.v + weights.spread >= theta - EPS || (!anchoredByFixed && x.c.p.levelRank === M && x.v + weights.spread >= thetaM - EPS));
    });
    g.slots.forEach((i, k) => lists[k]!.forEach((x) => shortlisted.add(`${i}:${x.c.p.id}`)));
    const fixedBonus = wd * g.fixed.filter((f) => isJuniorFor(f.p, slots[f.slot]!) && f.p.levelRank < M).length;

    // Positions: each slot's open headcount, candidates in increasing list order within a slot.
    const posSlot: number[] = [];
    g.slots.forEach((i, k) => {
      for (let q = 0; q < Math.min(open[i]!, lists[k]!.length); q++) posSlot.push(k);
    });
    const P = posSlot.length;
    // rest[pos]: bound on positions pos..P-1. A slot's r-th position holds a
    // candidate at list index >= r, so the best value from index r on bounds it.
    const suffixMax = lists.map((list) => {
      const out = new Float64Array(list.length + 1);
      for (let j = list.length - 1; j >= 0; j--) out[j] = Math.max(out[j + 1]!, list[j]!.v);
      return out;
    });
    const rest = new Float64Array(P + 1);
    for (let pos = P - 1; pos >= 0; pos--) {
      let r = 0;
      for (let q = pos - 1; q >= 0 && posSlot[q] === posSlot[pos]; q--) r++;
      rest[pos] = rest[pos + 1]! + suffixMax[posSlot[pos]!]![r]!;
    }
    // Capacity: only people listed in two or more of the group's slots can clash.
    const count = new Map<string, number>();
    for (const list of lists) for (const x of list) count.set(x.c.p.id, (count.get(x.c.p.id) ?? 0) + 1);
    const used = new Map<string, Float64Array>();
    const horizon = horizonOf(g.slots.map((i) => slots[i]!));
    for (const [id, n] of count) if (n > 1) used.set(id, new Float64Array(horizon));

    const chosen: (SquadMember | null)[] = new Array(P).fill(null);
    let cur = 0;
    let leaves = 0;
    const dfs = (pos: number, minCand: number): void => {
      if (budget.aborted && leaves > 0) return;
      if (++budget.nodes > budget.limit) budget.aborted = true;
      if (pos === P) {
        leaves++;
        const picked = chosen.filter((m): m is SquadMember => m !== null);
        const paired = pairedJuniors(slots, [...g.fixed, ...picked]).filter(Boolean).length;
        keepIfClose(picked.reduce((t, m) => t + listValue(m), 0) + wd * paired, picked);
        return;
      }
      if (cur + fixedBonus + rest[pos]! < best - opts.window - EPS) return;
      const k = posSlot[pos]!;
      const i = g.slots[k]!;
      const slot = slots[i]!;
      const list = lists[k]!;
      const sameNext = pos + 1 < P && posSlot[pos + 1] === k;
      for (let j = minCand; j < list.length; j++) {
        const { c, v } = list[j]!;
        const u = used.get(c.p.id);
        if (u) {
          let ok = true;
          for (let w = slot.fromWeek; w <= slot.toWeek && ok; w++) ok = u[w]! + slot.unitsPerWeek <= (c.p.freeUnits[w] ?? 0);
          if (!ok) continue;
          for (let w = slot.fromWeek; w <= slot.toWeek; w++) u[w]! += slot.unitsPerWeek;
        }
        chosen[pos] = { slot: i, p: c.p };
        cur += v;
        dfs(pos + 1, sameNext ? j + 1 : 0);
        cur -= v;
        chosen[pos] = null;
        if (u) for (let w = slot.fromWeek; w <= slot.toWeek; w++) u[w]! -= slot.unitsPerWeek;
        if (budget.aborted && leaves > 0) return;
      }
      // This position and the slot's later ones stay empty.
      let next = pos + 1;
      while (next < P && posSlot[next] === k) next++;
      dfs(next, 0);
    };
    // Base score of a chosen member (development is added exactly at the leaf).
    const baseOf = new Map<string, number>();
    g.slots.forEach((i) => cands[i]!.forEach((c) => baseOf.set(`${i}:${c.p.id}`, c.score)));
    const listValue = (m: SquadMember) => baseOf.get(`${m.slot}:${m.p.id}`)!;
    dfs(0, 0);
  }

  // Replacing x by the best solution x* loses at most one spread bonus per
  // council of x that x* lacks: unless that could pay, x is never needed.
  const top = sols.reduce<GroupSolution | undefined>((a, x) => (!a || x.f > a.f ? x : a), undefined);
  const topCouncils = new Set(top?.councils ?? []);
  // Only the council set matters beyond f: keep the best solution per set.
  const bySet = new Map<string, GroupSolution>();
  for (const x of sols) {
    if (x.f < best - opts.window - EPS) continue;
    if (x.f + weights.spread * x.councils.filter((c) => !topCouncils.has(c)).length < best - EPS) continue;
    const key = [...x.councils].sort((a, b) => a - b).join(',');
    const prev = bySet.get(key);
    if (!prev || x.f > prev.f + EPS) bySet.set(key, x);
  }
  return [...bySet.values()].sort((a, b) => b.f - a.f);
}

export function proposeSquad(slots: readonly Slot[], pool: Pool, ctx: MatchContext, opts: SquadOptions = {}): Plan {
  const t0 = performance.now();
  assertValidInput(slots, ctx);
  const sc = scoringContext(ctx);
  const spread = ctx.weights.councilSpread;
  const wd = ctx.weights.development;
  const prep = prepare(slots, pool, ctx, opts);
  const fixedMembers: SquadMember[] = prep.fixed.flatMap((ps, slot) => ps.map((p) => ({ slot, p })));

  const cands = slots.map((s, i) => {
    const fixedIds = new Set(prep.fixed[i]!.map((p) => p.id));
    return scoreSlot(s, prep.pool, sc).full.filter((c) => !fixedIds.has(c.p.id));
  });

  const councilIdx = new Map<string, number>();
  const councilOf = (p: Practitioner) => {
    let k = councilIdx.get(p.homeCouncil);
    if (k === undefined) councilIdx.set(p.homeCouncil, (k = councilIdx.size));
    return k;
  };
  const budget: Budget = { nodes: 0, limit: opts.nodeLimit ?? 500_000, aborted: false };
  const groups = groupsOf(slots, prep.open, prep.fixed);
  const shortlisted = new Set<string>();
  const solutions = groups.map((g) =>
    enumerateGroup(
      g,
      slots,
      cands,
      prep.open,
      councilOf,
      { development: wd, spread },
      { window: spread * g.open, maxSolutions: opts.maxGroupSolutions ?? 20_000, noShortlist: opts.noShortlist ?? false },
      budget,
      shortlisted,
    ),
  );

  // Step 3: one solution per group, maximising Σ f + spread × distinct councils.
  const fixedCouncils = new Set(fixedMembers.map((m) => councilOf(m.p)));
  const councilCount = new Int32Array(councilIdx.size);
  let distinct = 0;
  for (const c of fixedCouncils) if (councilCount[c]!++ === 0) distinct++;
  const order = groups.map((_, k) => k).sort((a, b) => solutions[a]!.length - solutions[b]!.length || a - b);
  const optimistic = order.map((k) => solutions[k]!.reduce((m, s) => Math.max(m, s.f + spread * s.councils.length), 0));
  const rest = new Float64Array(order.length + 1);
  for (let q = order.length - 1; q >= 0; q--) rest[q] = rest[q + 1]! + optimistic[q]!;
  const pick = new Int32Array(order.length).fill(-1);
  let bestPick = pick.slice();
  let best = -Infinity;
  let curF = 0;
  const combine = (q: number): void => {
    if (budget.aborted && best > -Infinity) return;
    budget.nodes++;
    if (q === order.length) {
      const v = curF + spread * distinct;
      if (v > best + EPS) {
        best = v;
        bestPick = pick.slice();
      }
      return;
    }
    if (curF + spread * distinct + rest[q]! <= best + EPS) return;
    const list = solutions[order[q]!]!;
    for (let s = 0; s < list.length; s++) {
      const sol = list[s]!;
      pick[q] = s;
      curF += sol.f;
      for (const c of sol.councils) if (councilCount[c]!++ === 0) distinct++;
      combine(q + 1);
      for (const c of sol.councils) if (--councilCount[c]! === 0) distinct--;
      curF -= sol.f;
      if (budget.nodes > budget.limit && best > -Infinity) {
        budget.aborted = true;
        return;
      }
    }
  };
  if (solutions.every((l) => l.length > 0)) combine(0);

  // ---- the plan
  const members: SquadMember[] = [...fixedMembers];
  const fixedCount = members.length;
  order.forEach((k, q) => {
    const sol = solutions[k]![bestPick[q]!];
    if (sol) members.push(...sol.members);
  });
  const paired = pairedJuniors(slots, members);
  const assignments: PlanAssignment[] = members.map((m, q) => {
    const slot = slots[m.slot]!;
    return toAssignment(slot, { p: m.p, ...scoreCandidate(m.p, slot, sc, paired[q]) }, q < fixedCount);
  });
  const councils = new Set(members.map((m) => m.p.homeCouncil));
  const fit = assignments.reduce((s, a) => s + a.score, 0);
  const objective = fit + spread * councils.size;

  const use = new CapacityUse(horizonOf(slots));
  const chosen = slots.map(() => new Set<string>());
  for (const m of members.slice(fixedCount)) {
    use.add(m.p, slots[m.slot]!);
    chosen[m.slot]!.add(m.p.id);
  }
  // A truncated enumeration leaves no valid bound to report.
  const bound = budget.aborted ? null : objective;
  return {
    kind: 'squad',
    assignments: sortAssignments(slots, assignments),
    unfilled: unfilledSlots(slots, prep, cands, chosen, use),
    objective,
    objectiveBreakdown: { fit, councilSpread: spread * councils.size },
    solver: {
      method: 'exact',
      status: budget.aborted ? 'node_limit' : 'optimal',
      bound,
      gap: bound === null ? null : 0,
      timeMs: performance.now() - t0,
      notes: [
        `${shortlisted.size} shortlisted of ${cands.reduce((s, l) => s + l.length, 0)} eligible; ` +
          `${groups.length} role groups, ${solutions.reduce((s, l) => s + l.length, 0)} group solutions, ${budget.nodes} search nodes`,
        ...(budget.aborted ? ['search limit reached: best squad found, optimality not proven'] : []),
      ],
    },
  };
}
