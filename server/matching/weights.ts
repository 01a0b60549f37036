// Default weights of the soft factors, and their validation. The pool can tune
// every weight; each must be a finite, non-negative number so that scores stay
// comparable and a zero weight simply switches a factor off.
import type { FieldError, Weights } from './types.ts';

export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({
  skillDepth: 3,
  desiredSkills: 2,
  levelFit: 2,
  capacitySlack: 1,
  continuity: 1.5,
  travel: 1,
  serviceArea: 1,
  fairness: 1,
  development: 1,
  // Small on purpose: the spread only decides between near-equal squads.
  councilSpread: 0.1,
  ledgerPriorityBoost: 0.5,
});

export const WEIGHT_KEYS = Object.keys(DEFAULT_WEIGHTS) as (keyof Weights)[];

/** Thrown by the engine for input a caller should have validated (BAD_USER_INPUT). */
export class MatchingInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
    this.name = 'MatchingInputError';
  }
  /** Path of the first offending field. */
  get field(): (string | number)[] {
    return this.errors[0]?.path ?? [];
  }
}

/**
 * Field-path errors for a (possibly partial) weights object: unknown keys,
 * non-numbers, NaN/Infinity and negatives. An empty list means valid.
 */
export function validateWeights(input: unknown, path: (string | number)[] = ['weights']): FieldError[] {
  if (input === undefined) return [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ path, message: 'must be an object of factor weights' }];
  }
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const at = [...path, key];
    if (!(WEIGHT_KEYS as string[]).includes(key)) {
      errors.push({ path: at, message: `unknown weight; expected one of ${WEIGHT_KEYS.join(', ')}` });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ path: at, message: 'must be a finite number' });
    } else if (value < 0) {
      errors.push({ path: at, message: 'must not be negative' });
    }
  }
  return errors;
}

/** Defaults overlaid with the given weights; throws MatchingInputError if any is invalid. */
export function resolveWeights(partial?: Partial<Weights>): Weights {
  const errors = validateWeights(partial);
  if (errors.length) throw new MatchingInputError(errors);
  return { ...DEFAULT_WEIGHTS, ...partial };
}

/** Throws MatchingInputError unless `weights` is a complete, valid set. */
export function assertWeights(weights: Weights): void {
  const errors = validateWeights(weights);
  for (const key of WEIGHT_KEYS) {
    if (!(key in weights)) errors.push({ path: ['weights', key], message: 'is required' });
  }
  if (errors.length) throw new MatchingInputError(errors);
}
