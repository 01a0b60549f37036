import { expect } from 'chai';
import { HighsSolver } from '../../../server/matching/highs-client.ts';
import { verifyPlan } from '../../../server/matching/plan.ts';
import { greedyBaseline, planProgramme, programmeHeuristic } from '../../../server/matching/programme.ts';
import { proposeSquad } from '../../../server/matching/squad.ts';
import { buildSquadModel } from '../../../server/matching/squad-model.ts';
import type { Plan } from '../../../server/matching/types.ts';
import { generateProgramme } from '../../../scripts/bench/generate.ts';
import { context, H, practitioner, slot } from './helpers.ts';

const placed = (plan: Plan) => plan.assignments.map((a) => `${a.slotId}:${a.practitionerId}`).sort();

describe('matching/programme: planProgramme', function () {
  this.timeout(20_000);
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.start();
  });
  after(async () => {
    await solver.close();
  });

  // `a` is the best fit for the high-priority slot but the only fit for the
  // other; greedy by priority takes `a` for the first and strands the second.
  // Everyone has 4 free units a week and every slot takes 4: one slot each.
  const slots = [
    slot({ id: 'high', projectId: 'P1', priority: 2, unitsPerWeek: 4 }),
    slot({ id: 'low', projectId: 'P2', priority: 1, unitsPerWeek: 4, required: [{ skillId: 'user-research', min: 4 }] }),
  ];
  const pool = [practitioner({ id: 'a', skills: { 'user-research': 4 } }), practitioner({ id: 'b' })];

  it('finds the optimum with HiGHS (in a worker) and reports a proven gap', async () => {
    const plan = await planProgramme(slots, pool, context(), { solver, method: 'exact' });
    expect(placed(plan)).to.deep.equal(['high:b', 'low:a']);
    expect(plan.unfilled).to.deep.equal([]);
    expect(plan.solver.method).to.equal('exact');
    expect(plan.solver.status).to.equal('optimal');
    expect(plan.solver.gap).to.be.at.most(1e-4);
    expect(plan.solver.bound).to.be.at.least(plan.objective - 1e-9);
    expect(verifyPlan(plan, slots, pool, context())).to.deep.equal([]);
  });

  it('starts and stops its own worker when none is given', async () => {
    const plan = await planProgramme(slots, pool, context(), { method: 'exact', timeLimitMs: 5000 });
    expect(placed(plan)).to.deep.equal(['high:b', 'low:a']);
  });

  it('the plain greedy baseline strands the second slot and says why', () => {
    const plan = greedyBaseline(slots, pool, context());
    expect(placed(plan)).to.deep.equal(['high:a']);
    expect(plan.solver.method).to.equal('greedy');
    expect(plan.unfilled.map((u) => [u.slotId, u.reasons.map((r) => r.code)])).to.deep.equal([['low', ['CAPACITY_USED_BY_OTHER_SLOTS']]]);
  });

  it('the heuristic’s eject-and-refill move recovers the optimum here', () => {
    const plan = programmeHeuristic(slots, pool, context());
    expect(placed(plan)).to.deep.equal(['high:b', 'low:a']);
    expect(plan.solver.method).to.equal('heuristic');
  });

  it('weights the objective by project priority', async () => {
    // one person, two equally good slots: the higher priority wins
    const two = [slot({ id: 'p1', projectId: 'P1', priority: 1, unitsPerWeek: 4 }), slot({ id: 'p2', projectId: 'P2', priority: 2, unitsPerWeek: 4 })];
    const one = [practitioner({ id: 'a' })];
    const plan = await planProgramme(two, one, context(), { solver, method: 'exact' });
    expect(placed(plan)).to.deep.equal(['p2:a']);
    expect(plan.objective).to.be.closeTo(2 * plan.assignments[0]!.score, 1e-9);
  });

  it('boosts projects of councils that gave the pool more than they received (ledger)', async () => {
    const two = [
      slot({ id: 'giver', projectId: 'P1', projectCouncils: ['E1'], unitsPerWeek: 4 }),
      slot({ id: 'taker', projectId: 'P2', projectCouncils: ['E2'], projectRegions: ['South West'], unitsPerWeek: 4 }),
    ];
    const one = [practitioner({ id: 'a', homeRegion: 'South West' })]; // local to the taker: scores higher there
    const neutral = await planProgramme(two, one, context(), { solver, method: 'exact' });
    expect(placed(neutral)).to.deep.equal(['taker:a']);
    const ledger = await planProgramme(two, one, context({ ledgerBalanceByCouncil: { E1: 30, E2: -30 } }), { solver, method: 'exact' });
    expect(placed(ledger)).to.deep.equal(['giver:a']);
  });

  it('keeps existing bookings fixed, or re-plans them when asked', async () => {
    const ctx = context({ existingAssignments: [{ slotId: 'high', practitionerId: 'a' }] });
    // a is booked on `high`: their free capacity is net of it
    const booked = [practitioner({ id: 'a', skills: { 'user-research': 4 }, freeUnits: Array(H).fill(2) }), practitioner({ id: 'b' })];
    const kept = await planProgramme(slots, booked, ctx, { solver });
    expect(kept.assignments.map((a) => [a.slotId, a.practitionerId, a.fixed])).to.deep.equal([['high', 'a', true]]);
    expect(kept.unfilled.map((u) => u.slotId)).to.deep.equal(['low']);
    expect(verifyPlan(kept, slots, booked, ctx)).to.deep.equal([]);
    const redone = await planProgramme(slots, booked, ctx, { solver, keepExisting: false });
    expect(placed(redone)).to.deep.equal(['high:b', 'low:a']);
    expect(verifyPlan(redone, slots, booked, ctx, { keepExisting: false })).to.deep.equal([]);
  });

  it('method "heuristic" never calls the solver and reports the capacity-relaxed bound', async () => {
    const plan = await planProgramme(slots, pool, context(), { method: 'heuristic' });
    expect(plan.solver.method).to.equal('heuristic');
    expect(plan.solver.bound).to.be.at.least(plan.objective);
  });
});

describe('matching: seeded DDaT instances', function () {
  this.timeout(30_000);
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.start();
  });
  after(async () => {
    await solver.close();
  });

  it('a 40-slot programme: every planner sound, exact at least as good as heuristic and greedy, optimality proven', async () => {
    const inst = generateProgramme(11, { practitioners: 400, projects: 10, slots: 40 });
    const args = [inst.slots, inst.practitioners, inst.ctx] as const;
    const exact = await planProgramme(...args, { solver, method: 'exact', relGap: 1e-9 });
    const heuristic = programmeHeuristic(...args);
    const greedy = greedyBaseline(...args);
    for (const plan of [exact, heuristic, greedy]) expect(verifyPlan(plan, ...args)).to.deep.equal([]);
    expect(exact.solver.status).to.equal('optimal');
    expect(exact.objective).to.be.at.least(heuristic.objective - 1e-9);
    expect(exact.objective).to.be.at.least(greedy.objective - 1e-9);
    expect(exact.assignments.length).to.be.greaterThan(20);
  });

  it('an 8-slot squad from 2,000 practitioners matches the HiGHS optimum', async () => {
    const inst = generateProgramme(12, { practitioners: 2000, projects: 1, slots: 8 });
    const plan = proposeSquad(inst.slots, inst.practitioners, inst.ctx);
    const m = buildSquadModel(inst.slots, inst.practitioners, inst.ctx);
    const res = await solver.solve(m.model, { timeLimitMs: 20_000, relGap: 1e-9 });
    expect(plan.objective).to.be.closeTo(res.objective + m.offset, 1e-6);
    expect(verifyPlan(plan, inst.slots, inst.practitioners, inst.ctx)).to.deep.equal([]);
  });
});
