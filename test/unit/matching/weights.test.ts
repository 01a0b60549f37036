import { expect } from 'chai';
import { rankCandidates } from '../../../server/matching/rank.ts';
import { DEFAULT_WEIGHTS, MatchingInputError, resolveWeights, validateWeights } from '../../../server/matching/weights.ts';
import { validateSlot } from '../../../server/matching/validation.ts';
import { context, practitioner, slot } from './helpers.ts';

describe('matching/weights', () => {
  it('accepts the defaults and any partial set of finite non-negative weights', () => {
    expect(validateWeights(DEFAULT_WEIGHTS)).to.deep.equal([]);
    expect(validateWeights({ travel: 0, skillDepth: 7.5 })).to.deep.equal([]);
    expect(validateWeights(undefined)).to.deep.equal([]);
  });

  it('returns one field-path error per bad weight', () => {
    const errors = validateWeights({ travel: -1, skillDepth: Number.NaN, fairness: Infinity, continuity: '2', bogus: 1 });
    expect(errors.map((e) => e.path)).to.deep.equal([
      ['weights', 'travel'],
      ['weights', 'skillDepth'],
      ['weights', 'fairness'],
      ['weights', 'continuity'],
      ['weights', 'bogus'],
    ]);
    expect(errors[0]!.message).to.match(/negative/);
    expect(errors[1]!.message).to.match(/finite/);
  });

  it('refuses a non-object', () => {
    expect(validateWeights(3)).to.deep.equal([{ path: ['weights'], message: 'must be an object of factor weights' }]);
  });

  it('resolveWeights overlays the defaults or throws a BAD_USER_INPUT error with the path', () => {
    expect(resolveWeights({ travel: 3 })).to.deep.equal({ ...DEFAULT_WEIGHTS, travel: 3 });
    try {
      resolveWeights({ travel: -2 });
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(MatchingInputError);
      expect((err as MatchingInputError).code).to.equal('BAD_USER_INPUT');
      expect((err as MatchingInputError).field).to.deep.equal(['weights', 'travel']);
    }
  });

  it('the engine refuses invalid weights before doing anything', () => {
    const ctx = context({ weights: { ...DEFAULT_WEIGHTS, development: -0.5 } });
    expect(() => rankCandidates(slot({ id: 's' }), [practitioner({ id: 'p' })], ctx)).to.throw(MatchingInputError, /weights\.development/);
  });

  it('validates slots with field paths', () => {
    const errors = validateSlot(slot({ id: 's', unitsPerWeek: 0, fromWeek: 3, toWeek: 1, priority: 0, headcount: 1.5 }), ['slots', 0]);
    expect(errors.map((e) => e.path.join('.'))).to.deep.equal(['slots.0.unitsPerWeek', 'slots.0.toWeek', 'slots.0.headcount', 'slots.0.priority']);
  });
});
