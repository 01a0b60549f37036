// Property-based tests over generated pools (fast-check). Fixed seeds keep
// runs reproducible; numRuns are small where HiGHS is involved.
import { expect } from 'chai';
import fc from 'fast-check';
import { whyNot } from '../../../server/matching/eligibility.ts';
import { HighsSolver } from '../../../server/matching/highs-client.ts';
import { verifyPlan } from '../../../server/matching/plan.ts';
import { greedyBaseline, planProgramme, programmeHeuristic } from '../../../server/matching/programme.ts';
import { indexPractitioners, rankCandidates } from '../../../server/matching/rank.ts';
import { proposeSquad } from '../../../server/matching/squad.ts';
import { buildSquadModel } from '../../../server/matching/squad-model.ts';
import { FACTORS } from '../../../server/matching/types.ts';
import type { Contributions, Plan } from '../../../server/matching/types.ts';
import { worldArb } from './helpers.ts';

const sum = (c: Contributions) => FACTORS.reduce((s, f) => s + c[f], 0);
const SEED = 20260101;

function expectSumsToScore(items: { score: number; contributions: Contributions }[]) {
  for (const it of items) expect(Math.abs(sum(it.contributions) - it.score)).to.be.below(1e-9);
}

function expectSound(plan: Plan, w: { practitioners: Parameters<typeof verifyPlan>[2]; slots: Parameters<typeof verifyPlan>[1]; ctx: Parameters<typeof verifyPlan>[3] }, keepExisting = true) {
  expect(verifyPlan(plan, w.slots, w.practitioners, w.ctx, { keepExisting })).to.deep.equal([]);
  expectSumsToScore(plan.assignments);
  // every open position is either filled or reported
  for (const s of w.slots) {
    const n = plan.assignments.filter((a) => a.slotId === s.id).length;
    const missing = plan.unfilled.find((u) => u.slotId === s.id)?.missing ?? 0;
    expect(n + missing, `slot ${s.id}`).to.equal(s.headcount);
  }
}

describe('matching: properties', function () {
  this.timeout(60_000);

  it('ranking: full fits are exactly those whyNot clears; partial fits fail only on weeks', () => {
    fc.assert(
      fc.property(worldArb(), (w) => {
        for (const s of w.slots) {
          const r = rankCandidates(s, w.practitioners, w.ctx);
          const clear = w.practitioners.filter((p) => whyNot(p, s).length === 0).map((p) => p.id);
          expect(r.candidates.map((c) => c.practitionerId).sort()).to.deep.equal(clear.sort());
          for (const pf of r.partialFits) {
            const p = w.practitioners.find((q) => q.id === pf.practitionerId)!;
            const codes = new Set(whyNot(p, s).map((v) => v.code));
            expect([...codes].every((c) => c === 'CONTRACT_DOES_NOT_COVER' || c === 'INSUFFICIENT_CAPACITY')).to.equal(true);
            expect(pf.failingWeeks.length).to.be.within(1, s.toWeek - s.fromWeek);
          }
          expectSumsToScore(r.candidates);
          expectSumsToScore(r.partialFits);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('ranking is deterministic: same input, shuffled input or an index give the same answer', () => {
    fc.assert(
      fc.property(worldArb(), fc.integer(), (w, salt) => {
        const shuffled = [...w.practitioners].sort((a, b) => ((a.id.charCodeAt(2) * salt) % 7) - ((b.id.charCodeAt(2) * salt) % 7));
        for (const s of w.slots) {
          const r = rankCandidates(s, w.practitioners, w.ctx);
          expect(rankCandidates(s, w.practitioners, w.ctx)).to.deep.equal(r);
          expect(rankCandidates(s, shuffled, w.ctx)).to.deep.equal(r);
          expect(rankCandidates(s, indexPractitioners(w.practitioners), w.ctx)).to.deep.equal(r);
          // best first, ties by id
          for (let k = 1; k < r.candidates.length; k++) {
            const [a, b] = [r.candidates[k - 1]!, r.candidates[k]!];
            expect(a.score > b.score || (a.score === b.score && a.practitionerId < b.practitionerId)).to.equal(true);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('no squad proposal breaks a hard constraint or over-uses capacity (with existing assignments kept or released)', () => {
    fc.assert(
      fc.property(worldArb({ existing: true, oneProject: true }), fc.boolean(), (w, keepExisting) => {
        const plan = proposeSquad(w.slots, w.practitioners, w.ctx, { keepExisting });
        expectSound(plan, w, keepExisting);
        expect(plan.solver.status).to.equal('optimal');
        // the shortlist never changes the optimum
        const all = proposeSquad(w.slots, w.practitioners, w.ctx, { keepExisting, noShortlist: true });
        expect(plan.objective).to.be.closeTo(all.objective, 1e-9);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('no heuristic or greedy programme plan breaks a hard constraint or over-uses capacity', () => {
    fc.assert(
      fc.property(worldArb({ existing: true, maxPractitioners: 16, maxSlots: 8 }), fc.boolean(), (w, keepExisting) => {
        expectSound(programmeHeuristic(w.slots, w.practitioners, w.ctx, { keepExisting }), w, keepExisting);
        expectSound(greedyBaseline(w.slots, w.practitioners, w.ctx, { keepExisting }), w, keepExisting);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  describe('against HiGHS', () => {
    let solver: HighsSolver;
    before(async () => {
      solver = await HighsSolver.start();
    });
    after(async () => {
      await solver.close();
    });

    it('exact and heuristic programme planners agree on small instances (exact wins or ties), both sound', async () => {
      await fc.assert(
        fc.asyncProperty(worldArb({ existing: true, maxPractitioners: 16, maxSlots: 8 }), async (w) => {
          const heuristic = programmeHeuristic(w.slots, w.practitioners, w.ctx);
          const exact = await planProgramme(w.slots, w.practitioners, w.ctx, { solver, method: 'exact', relGap: 1e-9 });
          expectSound(exact, w);
          expect(exact.objective).to.be.at.least(heuristic.objective - 1e-9);
          expect(exact.solver.status).to.equal('optimal');
          expect(exact.solver.bound!).to.be.at.least(exact.objective - 1e-9);
          expect(greedyBaseline(w.slots, w.practitioners, w.ctx).objective).to.be.at.most(exact.objective + 1e-9);
        }),
        { seed: SEED, numRuns: 150 },
      );
    });

    it('the squad branch-and-bound reaches the MIP optimum', async () => {
      await fc.assert(
        fc.asyncProperty(worldArb({ existing: true, oneProject: true, maxSlots: 5 }), async (w) => {
          const plan = proposeSquad(w.slots, w.practitioners, w.ctx);
          const m = buildSquadModel(w.slots, w.practitioners, w.ctx);
          const res = await solver.solve(m.model, { timeLimitMs: 5000, relGap: 1e-9 });
          expect(res.status).to.equal('optimal');
          expect(plan.objective).to.be.closeTo(res.objective + m.offset, 1e-6);
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  });
});
