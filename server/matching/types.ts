// Plain-data shapes of the matching and allocation engine. Everything here is
// what a service hands in after loading from the database (or what the engine
// hands back): no mongoose documents, no GraphQL types, no Dates.
//
// Time: the engine sees a horizon of H ISO weeks and works on week indexes
// 0..H-1; the service maps ISO week keys ('2026-W48') to indexes and back.
// Capacity: HALF-DAY units per week (2 units = 1 day).

/** Awareness=1 < Working=2 < Practitioner=3 < Expert=4 (DDaT proficiency). */
export type SkillLevel = 1 | 2 | 3 | 4;

export type WorkMode = 'remote' | 'hybrid' | 'onsite';

/** Inclusive week-index range. */
export interface WeekRange {
  fromWeek: number;
  toWeek: number;
}

export interface Practitioner {
  id: string;
  /** GSS code of the employing council. */
  homeCouncil: string;
  homeRegion: string;
  /** DDaT role id (slug) and the practitioner's role level on it. */
  roleId: string;
  roleLevelId: string;
  /** 0-based step on the role's career ladder (DdatRoleLevel.rank). */
  levelRank: number;
  /** skillId → proficiency; absent = does not have the skill. */
  skills: Readonly<Record<string, SkillLevel>>;
  /** Service areas the practitioner prefers to work in. */
  serviceAreas: readonly string[];
  workPreference: WorkMode;
  /** Councils (GSS) and projects the practitioner has worked with or on. */
  pastCouncils: readonly string[];
  pastProjects: readonly string[];
  /**
   * Free pool capacity per horizon week in half-day units, already net of
   * existing bookings (and zero outside the contract, leave, bank holidays).
   * Missing trailing weeks count as 0.
   */
  freeUnits: readonly number[];
  /**
   * Present only when the practitioner has an approved, in-date central
   * contract; the week range it covers. Absent = not bookable.
   */
  contract?: WeekRange;
}

export interface SkillNeed {
  skillId: string;
  min: SkillLevel;
}

export interface Slot {
  id: string;
  projectId: string;
  /** Councils (GSS) the project serves, and their regions. */
  projectCouncils: readonly string[];
  projectRegions: readonly string[];
  serviceArea: string;
  /** Where the work happens. */
  onsite: WorkMode;
  roleId: string;
  roleLevelId: string;
  /** Ladder step asked for; practitioners one step either side also fit. */
  levelRank: number;
  required: readonly SkillNeed[];
  desired: readonly SkillNeed[];
  /** Half-day units per week each person gives the slot. */
  unitsPerWeek: number;
  /** Inclusive week indexes of the slot's period. */
  fromWeek: number;
  toWeek: number;
  /** How many (distinct) people the slot needs. */
  headcount: number;
  /** Project priority weight, > 0. */
  priority: number;
}

/** Weight of each soft factor (and of the two plan-level terms); all finite and >= 0. */
export interface Weights {
  /** How far required skills exceed their minimum proficiency. */
  skillDepth: number;
  /** Desired skills held at (or towards) their minimum. */
  desiredSkills: number;
  /** At the level asked for rather than one step either side. */
  levelFit: number;
  /** Free capacity left over in the slot's weeks. */
  capacitySlack: number;
  /** Worked on this project, or with one of its councils, before. */
  continuity: number;
  /** Home region vs the project's, respecting on-site/remote preference. */
  travel: number;
  /** The slot's service area is one the practitioner prefers. */
  serviceArea: number;
  /** Home council already lends little in the period (spread, not drain). */
  fairness: number;
  /** A less experienced person paired with a senior of the same role in the squad. */
  development: number;
  /** Squad proposals: bonus per distinct home council in the squad (breaks near-ties). */
  councilSpread: number;
  /**
   * Programme plans: the most a project's priority is boosted (as a fraction)
   * when its councils have given the pool more than they received.
   */
  ledgerPriorityBoost: number;
}

/** The per-candidate soft factors (the keys of `Contributions`). */
export const FACTORS = [
  'skillDepth',
  'desiredSkills',
  'levelFit',
  'capacitySlack',
  'continuity',
  'travel',
  'serviceArea',
  'fairness',
  'development',
] as const;
export type Factor = (typeof FACTORS)[number];

/** weight × factor value for each soft factor; they sum to the score. */
export type Contributions = Record<Factor, number>;

/** A booking or earlier plan decision already on one of the slots being planned. */
export interface ExistingAssignment {
  slotId: string;
  practitionerId: string;
}

export interface MatchContext {
  weights: Weights;
  /** Half-day units each home council (GSS) already lends in the period. */
  lentUnitsByCouncil: Readonly<Record<string, number>>;
  /** Net days each council has given minus received (the ledger); zero for now. */
  ledgerBalanceByCouncil: Readonly<Record<string, number>>;
  /**
   * Assignments already on the slots being planned. Their capacity is already
   * deducted from `freeUnits`. With `keepExisting` (the default) they stay in
   * the plan as fixed; without it they are released and the slot re-planned.
   */
  existingAssignments?: readonly ExistingAssignment[];
}

/** A field-path error, ready to become a BAD_USER_INPUT. */
export interface FieldError {
  path: (string | number)[];
  message: string;
}

// ---- results -------------------------------------------------------------

export interface Candidate {
  practitionerId: string;
  score: number;
  contributions: Contributions;
  /** practitioner.levelRank − slot.levelRank: −1, 0 or +1. */
  levelStep: number;
}

export interface PartialFit extends Candidate {
  /** Slot weeks the practitioner cannot cover (no capacity or outside the contract). */
  failingWeeks: number[];
  /** How many of the slot's weeks they can cover. */
  fitWeeks: number;
}

export interface RankResult {
  slotId: string;
  /** Full fits, best first (score desc, then id asc). */
  candidates: Candidate[];
  /** Fit role, level, skills and hold a contract, but only some weeks. */
  partialFits: PartialFit[];
  /** Totals before `limit` was applied. */
  eligibleCount: number;
  partialCount: number;
}

export interface PlanAssignment {
  slotId: string;
  projectId: string;
  practitionerId: string;
  unitsPerWeek: number;
  fromWeek: number;
  toWeek: number;
  levelStep: number;
  score: number;
  contributions: Contributions;
  /** Kept from `existingAssignments`. */
  fixed: boolean;
}

export type UnfilledCode =
  | 'NO_ELIGIBLE_PRACTITIONER'
  | 'TOO_FEW_ELIGIBLE'
  | 'CAPACITY_USED_BY_OTHER_SLOTS'
  | 'PARTIAL_FITS'
  | 'NOT_SELECTED';

export interface UnfilledReason {
  code: UnfilledCode;
  message: string;
  count?: number;
}

export interface UnfilledSlot {
  slotId: string;
  projectId: string;
  /** Positions still open. */
  missing: number;
  reasons: UnfilledReason[];
}

export type SolveMethod = 'exact' | 'heuristic' | 'greedy';
export type SolveStatus = 'optimal' | 'time_limit' | 'node_limit' | 'feasible';

export interface SolverInfo {
  method: SolveMethod;
  status: SolveStatus;
  /** Best upper bound on the objective known (proven), when there is one. */
  bound: number | null;
  /** Proven relative gap (bound − objective) / objective; 0 when optimal. */
  gap: number | null;
  timeMs: number;
  /** Free-text notes, e.g. why the exact solver was skipped. */
  notes: string[];
}

export interface Plan {
  kind: 'squad' | 'programme';
  /** Sorted by slot (input order) then practitioner id. */
  assignments: PlanAssignment[];
  unfilled: UnfilledSlot[];
  objective: number;
  /** The terms of the objective (they sum to it). */
  objectiveBreakdown: Record<string, number>;
  solver: SolverInfo;
}
