import { expect } from 'chai';
import { verifyPlan } from '../../../server/matching/plan.ts';
import { proposeSquad } from '../../../server/matching/squad.ts';
import type { Plan, Weights } from '../../../server/matching/types.ts';
import { DEFAULT_WEIGHTS, MatchingInputError } from '../../../server/matching/weights.ts';
import { context, H, practitioner, slot } from './helpers.ts';

const zero = Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0])) as unknown as Weights;
const placed = (plan: Plan) => plan.assignments.map((a) => `${a.slotId}:${a.practitionerId}`).sort();

describe('matching/squad: proposeSquad', () => {
  it('shares capacity across slots: a person sits in two slots only if their weekly capacity covers both', () => {
    const slots = [slot({ id: 'discovery', unitsPerWeek: 3 }), slot({ id: 'alpha', unitsPerWeek: 3, fromWeek: 3 })];
    const star = { skills: { 'user-research': 4 as const } };
    // 4 free units: cannot give 3 + 3 in weeks 3..5, so the second slot goes to someone else
    const tight = [practitioner({ id: 'star', ...star }), practitioner({ id: 'other' })];
    const p1 = proposeSquad(slots, tight, context());
    expect(placed(p1)).to.have.length(2);
    expect(new Set(p1.assignments.map((a) => a.practitionerId))).to.deep.equal(new Set(['star', 'other']));
    expect(verifyPlan(p1, slots, tight, context())).to.deep.equal([]);
    // 6 free units cover both
    const roomy = [practitioner({ id: 'star', ...star, freeUnits: Array(H).fill(6) }), practitioner({ id: 'other' })];
    const p2 = proposeSquad(slots, roomy, context());
    expect(placed(p2)).to.deep.equal(['alpha:star', 'discovery:star']);
    expect(p2.solver).to.include({ method: 'exact', status: 'optimal', gap: 0 });
  });

  it('fills a headcount-2 slot with two different people', () => {
    const slots = [slot({ id: 's', headcount: 2 })];
    const plan = proposeSquad(slots, [practitioner({ id: 'a', freeUnits: Array(H).fill(6) }), practitioner({ id: 'b' })], context());
    expect(placed(plan)).to.deep.equal(['s:a', 's:b']);
  });

  it('reports every unfilled slot with its reasons', () => {
    const slots = [
      slot({ id: 'nobody', roleId: 'technical-architect' }),
      slot({ id: 'few', headcount: 3, fromWeek: 0, toWeek: 1 }),
      slot({ id: 'taken', fromWeek: 0, toWeek: 1, unitsPerWeek: 4 }),
      slot({ id: 'partial', roleId: 'content-designer', required: [] }),
    ];
    const pool = [
      practitioner({ id: 'only', freeUnits: [4, 4, 4, 4, 4, 4] }),
      practitioner({ id: 'cd', roleId: 'content-designer', freeUnits: [4, 4, 0, 4, 4, 4] }),
    ];
    const plan = proposeSquad(slots, pool, context());
    const reasons = Object.fromEntries(plan.unfilled.map((u) => [u.slotId, [u.missing, u.reasons.map((r) => r.code)]]));
    expect(reasons).to.deep.equal({
      nobody: [1, ['NO_ELIGIBLE_PRACTITIONER']],
      few: [2, ['TOO_FEW_ELIGIBLE']],
      taken: [1, ['CAPACITY_USED_BY_OTHER_SLOTS']],
      partial: [1, ['NO_ELIGIBLE_PRACTITIONER', 'PARTIAL_FITS']],
    });
    const nobody = plan.unfilled.find((u) => u.slotId === 'nobody')!;
    expect(nobody.reasons[0]!.message).to.match(/of 2 practitioners, 0 have the role/);
  });

  it('spreads home councils when scores are close, not when they are far apart', () => {
    const slots = [slot({ id: 'ux', roleId: 'ux', required: [] }), slot({ id: 'dev', roleId: 'dev', required: [{ skillId: 'x', min: 3 }] })];
    const pool = [
      practitioner({ id: 'x1', roleId: 'ux', homeCouncil: 'E1' }),
      practitioner({ id: 'y-same-council', roleId: 'dev', homeCouncil: 'E1', skills: { x: 4 } }),
      practitioner({ id: 'z-other-council', roleId: 'dev', homeCouncil: 'E2', skills: { x: 3 } }),
    ];
    const close = proposeSquad(slots, pool, context({ weights: { ...zero, skillDepth: 0.05, councilSpread: 0.1 } }));
    expect(placed(close)).to.deep.equal(['dev:z-other-council', 'ux:x1']);
    // the ux slot asks for no skills, so its member has full depth: 0.05
    expect(close.objectiveBreakdown).to.deep.equal({ fit: 0.05, councilSpread: 0.2 });
    const far = proposeSquad(slots, pool, context({ weights: { ...zero, skillDepth: 1, councilSpread: 0.1 } }));
    expect(placed(far)).to.deep.equal(['dev:y-same-council', 'ux:x1']);
  });

  it('pairs a less experienced person with a senior of the same role (development)', () => {
    const slots = [slot({ id: 'lead', levelRank: 3 }), slot({ id: 'dev', levelRank: 2 })];
    const pool = [
      practitioner({ id: 'senior', levelRank: 3 }),
      practitioner({ id: 'junior', levelRank: 1 }),
      practitioner({ id: 'peer', levelRank: 2 }),
    ];
    const plan = proposeSquad(slots, pool, context({ weights: { ...zero, levelFit: 1, development: 2 } }));
    expect(placed(plan)).to.deep.equal(['dev:junior', 'lead:senior']);
    const junior = plan.assignments.find((a) => a.practitionerId === 'junior')!;
    expect(junior.contributions).to.include({ development: 2, levelFit: 0.5 });
    expect(junior.score).to.equal(2.5);
    expect(plan.objective).to.equal(3.5);
  });

  it('keeps existing assignments fixed by default, or releases them to re-plan', () => {
    const slots = [slot({ id: 's', unitsPerWeek: 4 })];
    // `booked` is already on the slot: their free capacity is net of it (0)
    const pool = [practitioner({ id: 'booked', freeUnits: Array(H).fill(0) }), practitioner({ id: 'better', skills: { 'user-research': 4 } })];
    const ctx = context({ existingAssignments: [{ slotId: 's', practitionerId: 'booked' }] });
    const kept = proposeSquad(slots, pool, ctx);
    expect(kept.assignments.map((a) => [a.practitionerId, a.fixed])).to.deep.equal([['booked', true]]);
    expect(kept.unfilled).to.deep.equal([]);
    expect(verifyPlan(kept, slots, pool, ctx)).to.deep.equal([]);
    const redone = proposeSquad(slots, pool, ctx, { keepExisting: false });
    expect(redone.assignments.map((a) => [a.practitionerId, a.fixed])).to.deep.equal([['better', false]]);
    expect(verifyPlan(redone, slots, pool, ctx, { keepExisting: false })).to.deep.equal([]);
  });

  it('refuses more existing assignments on a slot than its headcount', () => {
    const ctx = context({
      existingAssignments: [
        { slotId: 's', practitionerId: 'a' },
        { slotId: 's', practitionerId: 'b' },
      ],
    });
    expect(() => proposeSquad([slot({ id: 's' })], [practitioner({ id: 'a' }), practitioner({ id: 'b' })], ctx)).to.throw(MatchingInputError, /headcount/);
  });

  it('returns a plan, not a booking: plain data that survives JSON', () => {
    const slots = [slot({ id: 's' })];
    const plan = proposeSquad(slots, [practitioner({ id: 'a' })], context());
    expect(JSON.parse(JSON.stringify(plan))).to.deep.equal(plan);
  });
});
