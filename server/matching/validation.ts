// Input checks the planners run before doing anything, returned as field-path
// errors (BAD_USER_INPUT) rather than surfacing later as odd plans.
import { MatchingInputError, validateWeights, WEIGHT_KEYS } from './weights.ts';
import type { FieldError, MatchContext, Slot } from './types.ts';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function validateSlot(slot: Slot, path: (string | number)[] = ['slot'], horizonWeeks?: number): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string | number, message: string) => errors.push({ path: [...path, field], message });
  if (typeof slot.id !== 'string' || slot.id === '') err('id', 'must be a non-empty string');
  if (!isInt(slot.unitsPerWeek) || slot.unitsPerWeek < 1) err('unitsPerWeek', 'must be a positive whole number of half-days');
  if (!isInt(slot.fromWeek) || slot.fromWeek < 0) err('fromWeek', 'must be a week index >= 0');
  if (!isInt(slot.toWeek) || slot.toWeek < slot.fromWeek) err('toWeek', 'must be a week index >= fromWeek');
  else if (horizonWeeks !== undefined && slot.toWeek >= horizonWeeks) err('toWeek', `must be inside the horizon (< ${horizonWeeks})`);
  if (!isInt(slot.headcount) || slot.headcount < 1) err('headcount', 'must be a positive whole number');
  if (typeof slot.priority !== 'number' || !Number.isFinite(slot.priority) || slot.priority <= 0) err('priority', 'must be a finite number > 0');
  if (!isInt(slot.levelRank) || slot.levelRank < 0) err('levelRank', 'must be a whole number >= 0');
  for (const key of ['required', 'desired'] as const) {
    slot[key].forEach((need, i) => {
      if (!isInt(need.min) || need.min < 1 || need.min > 4) {
        errors.push({ path: [...path, key, i, 'min'], message: 'must be a proficiency 1..4' });
      }
    });
  }
  return errors;
}

export function validateContext(ctx: MatchContext): FieldError[] {
  const errors = validateWeights(ctx.weights);
  if (ctx.weights && typeof ctx.weights === 'object') {
    for (const key of WEIGHT_KEYS) {
      if (!(key in ctx.weights)) errors.push({ path: ['weights', key], message: 'is required' });
    }
  }
  for (const [field, rec] of [
    ['lentUnitsByCouncil', ctx.lentUnitsByCouncil],
    ['ledgerBalanceByCouncil', ctx.ledgerBalanceByCouncil],
  ] as const) {
    for (const [council, v] of Object.entries(rec ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ path: [field, council], message: 'must be a finite number' });
    }
  }
  return errors;
}

/** Throws MatchingInputError listing every problem with the slots and context. */
export function assertValidInput(slots: readonly Slot[], ctx: MatchContext): void {
  const errors = validateContext(ctx);
  const seen = new Set<string>();
  slots.forEach((s, i) => {
    errors.push(...validateSlot(s, ['slots', i]));
    if (seen.has(s.id)) errors.push({ path: ['slots', i, 'id'], message: `duplicate slot id "${s.id}"` });
    seen.add(s.id);
  });
  if (errors.length) throw new MatchingInputError(errors);
}
