// The matching and allocation engine: pure functions over plain data (see
// types.ts). Services load from the database, map to these shapes, call one
// of these, and persist what comes back.
export * from './types.ts';
export { DEFAULT_WEIGHTS, WEIGHT_KEYS, MatchingInputError, validateWeights, resolveWeights, assertWeights } from './weights.ts';
export { validateSlot, validateContext, assertValidInput } from './validation.ts';
export { whyNot, isFullFit, profileFits, failingWeeks, levelStep, MAX_LEVEL_STEP, PROFICIENCY_NAMES } from './eligibility.ts';
export type { Violation, ViolationCode, WhyNotOptions } from './eligibility.ts';
export { scoringContext, factorValues, scoreCandidate, contributionsOf, sumContributions, effectivePriority } from './scoring.ts';
export type { FactorValues, ScoringContext } from './scoring.ts';
export { rankCandidates, indexPractitioners, eligibilityFunnel } from './rank.ts';
export type { Pool, PractitionerIndex, RankOptions, Teammate, EligibilityFunnel } from './rank.ts';
export { verifyPlan } from './plan.ts';
export type { PlanOptions } from './plan.ts';
export { proposeSquad } from './squad.ts';
export type { SquadOptions } from './squad.ts';
export { planProgramme, programmeHeuristic, greedyBaseline } from './programme.ts';
export type { ProgrammeOptions } from './programme.ts';
export { HighsSolver, solveMip } from './highs-client.ts';
export type { MipResult, MipSolveOptions } from './highs-client.ts';
export { buildSquadModel } from './squad-model.ts';
