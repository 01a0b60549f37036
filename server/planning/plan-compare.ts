// Comparing two plans ("what if we add this project?"), pure. Assignments are
// matched by slot and person: in B only = added, in A only = removed, in both
// with other terms (period, days, score) = changed.
export interface ComparableAssignment {
  slotId: string;
  practitionerId: string;
  start: string;
  end: string;
  daysPerWeek: number;
  score: number;
}

export interface ComparablePlan<A extends ComparableAssignment> {
  objective: number;
  assignments: readonly A[];
  unfilled: readonly { slotId: string; missing: number }[];
}

export interface PlanComparison<A> {
  objectiveDelta: number;
  added: A[];
  removed: A[];
  changed: { before: A; after: A }[];
  /** Unfilled slots in B minus in A. */
  unfilledSlotsDelta: number;
  /** Open positions in B minus in A. */
  unfilledPositionsDelta: number;
}

const SCORE_EPS = 1e-9;
const keyOf = (a: ComparableAssignment) => `${a.slotId}:${a.practitionerId}`;

export function comparePlans<A extends ComparableAssignment>(a: ComparablePlan<A>, b: ComparablePlan<A>): PlanComparison<A> {
  const before = new Map(a.assignments.map((x) => [keyOf(x), x]));
  const after = new Map(b.assignments.map((x) => [keyOf(x), x]));
  const changed: { before: A; after: A }[] = [];
  for (const [k, x] of after) {
    const y = before.get(k);
    if (y && (y.start !== x.start || y.end !== x.end || y.daysPerWeek !== x.daysPerWeek || Math.abs(y.score - x.score) > SCORE_EPS)) changed.push({ before: y, after: x });
  }
  const positions = (p: ComparablePlan<A>) => p.unfilled.reduce((s, u) => s + u.missing, 0);
  return {
    objectiveDelta: b.objective - a.objective,
    added: b.assignments.filter((x) => !before.has(keyOf(x))),
    removed: a.assignments.filter((x) => !after.has(keyOf(x))),
    changed,
    unfilledSlotsDelta: b.unfilled.length - a.unfilled.length,
    unfilledPositionsDelta: positions(b) - positions(a),
  };
}
