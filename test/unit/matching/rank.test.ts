import { expect } from 'chai';
import { indexPractitioners, rankCandidates } from '../../../server/matching/rank.ts';
import { FACTORS } from '../../../server/matching/types.ts';
import type { Contributions } from '../../../server/matching/types.ts';
import { DEFAULT_WEIGHTS } from '../../../server/matching/weights.ts';
import { context, practitioner, slot } from './helpers.ts';

const sum = (c: Contributions) => FACTORS.reduce((s, f) => s + c[f], 0);
const only = (factor: keyof typeof DEFAULT_WEIGHTS) =>
  Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, k === factor ? 1 : 0])) as typeof DEFAULT_WEIGHTS;

describe('matching/rank: rankCandidates', () => {
  const s = slot({ id: 's1', desired: [{ skillId: 'analysis-and-synthesis', min: 3 }] });

  it('lists full fits best first with every factor, the level step, and contributions summing to the score', () => {
    const pool = [
      practitioner({ id: 'a', levelRank: 1 }),
      practitioner({ id: 'b', skills: { 'user-research': 4, 'analysis-and-synthesis': 3 } }),
      practitioner({ id: 'c', roleId: 'content-designer' }),
    ];
    const r = rankCandidates(s, pool, context());
    expect(r.candidates.map((c) => c.practitionerId)).to.deep.equal(['b', 'a']);
    expect(r.candidates.map((c) => c.levelStep)).to.deep.equal([0, -1]);
    for (const c of r.candidates) {
      expect(Object.keys(c.contributions).sort()).to.deep.equal([...FACTORS].sort());
      expect(Math.abs(sum(c.contributions) - c.score)).to.be.below(1e-9);
    }
    expect(r.eligibleCount).to.equal(2);
  });

  it('breaks score ties by practitioner id, whatever the input order', () => {
    const pool = ['m', 'z', 'a', 'k'].map((id) => practitioner({ id }));
    const r1 = rankCandidates(s, pool, context());
    const r2 = rankCandidates(s, [...pool].reverse(), context());
    expect(r1.candidates.map((c) => c.practitionerId)).to.deep.equal(['a', 'k', 'm', 'z']);
    expect(r2).to.deep.equal(r1);
  });

  it('gives the same answer from a plain list and from a role index', () => {
    const pool = [practitioner({ id: 'a' }), practitioner({ id: 'b', levelRank: 3, freeUnits: [4, 4, 0, 4, 4, 4] }), practitioner({ id: 'c', roleId: 'x' })];
    expect(rankCandidates(s, indexPractitioners(pool), context())).to.deep.equal(rankCandidates(s, pool, context()));
  });

  it('lists partial fits separately with the weeks that fail, fewest failing weeks first', () => {
    const pool = [
      practitioner({ id: 'full' }),
      practitioner({ id: 'twoWeeks', freeUnits: [4, 0, 4, 4, 1, 4] }),
      practitioner({ id: 'oneWeek', contract: { fromWeek: 1, toWeek: 5 } }),
      practitioner({ id: 'none', freeUnits: [0, 0, 0, 0, 0, 0] }),
    ];
    const r = rankCandidates(s, pool, context());
    expect(r.candidates.map((c) => c.practitionerId)).to.deep.equal(['full']);
    expect(r.partialFits.map((c) => [c.practitionerId, c.failingWeeks, c.fitWeeks])).to.deep.equal([
      ['oneWeek', [0], 5],
      ['twoWeeks', [1, 4], 4],
    ]);
  });

  it('applies the limit after sorting but reports the full counts', () => {
    const pool = Array.from({ length: 5 }, (_, i) => practitioner({ id: `p${i}`, skills: { 'user-research': i === 3 ? 4 : 3 } }));
    const r = rankCandidates(s, pool, context(), { limit: 2 });
    expect(r.candidates.map((c) => c.practitionerId)).to.deep.equal(['p3', 'p0']);
    expect(r.eligibleCount).to.equal(5);
  });

  it('scores each soft factor as described', () => {
    const base = slot({ id: 's', projectId: 'proj-9', projectCouncils: ['E1'], projectRegions: ['R1'], serviceArea: 'waste', onsite: 'onsite' });
    const score = (p: Parameters<typeof practitioner>[0], factor: keyof typeof DEFAULT_WEIGHTS, extra = {}) =>
      rankCandidates(base, [practitioner(p)], context({ weights: only(factor), ...extra })).candidates[0]!.score;
    // skill depth: Practitioner asked, Expert held = full depth
    expect(score({ id: 'a', skills: { 'user-research': 4 } }, 'skillDepth')).to.equal(1);
    expect(score({ id: 'a', skills: { 'user-research': 3 } }, 'skillDepth')).to.equal(0);
    // level fit
    expect(score({ id: 'a', levelRank: 2 }, 'levelFit')).to.equal(1);
    expect(score({ id: 'a', levelRank: 3 }, 'levelFit')).to.equal(0.5);
    // continuity: the project itself beats one of its councils
    expect(score({ id: 'a', pastProjects: ['proj-9'] }, 'continuity')).to.equal(1);
    expect(score({ id: 'a', pastCouncils: ['E1'] }, 'continuity')).to.equal(0.6);
    expect(score({ id: 'a' }, 'continuity')).to.equal(0);
    // travel: on-site work, local vs far, and a remote preference
    expect(score({ id: 'a', homeRegion: 'R1', workPreference: 'onsite' }, 'travel')).to.equal(1);
    expect(score({ id: 'a', homeRegion: 'R9', workPreference: 'onsite' }, 'travel')).to.equal(0.3);
    expect(score({ id: 'a', homeRegion: 'R9', workPreference: 'remote' }, 'travel')).to.equal(0);
    // service area preference
    expect(score({ id: 'a', serviceAreas: ['waste'] }, 'serviceArea')).to.equal(1);
    // capacity slack: 4 free for 2 asked = half left
    expect(score({ id: 'a' }, 'capacitySlack')).to.equal(0.5);
    // fairness: a council already lending the most scores 0, one lending nothing 1
    const lent = { lentUnitsByCouncil: { E06000001: 40, E9: 80 } };
    expect(score({ id: 'a' }, 'fairness', lent)).to.equal(0.5);
    expect(score({ id: 'a', homeCouncil: 'E9' }, 'fairness', lent)).to.equal(0);
    expect(score({ id: 'a', homeCouncil: 'E5' }, 'fairness', lent)).to.equal(1);
  });

  it('gives partial credit for desired skills held below their minimum', () => {
    const r = rankCandidates(s, [practitioner({ id: 'a', skills: { 'user-research': 3, 'analysis-and-synthesis': 2 } })], context({ weights: only('desiredSkills') }));
    expect(r.candidates[0]!.score).to.be.closeTo((0.5 * 2) / 3, 1e-12);
  });

  it('pairs a stepping-up candidate with a senior teammate of the same role (development)', () => {
    const pool = [practitioner({ id: 'junior', levelRank: 1 }), practitioner({ id: 'peer', levelRank: 2 })];
    const r = rankCandidates(s, pool, context({ weights: only('development') }), { teammates: [{ roleId: 'user-researcher', levelRank: 3 }] });
    expect(r.candidates.map((c) => [c.practitionerId, c.contributions.development])).to.deep.equal([
      ['junior', 1],
      ['peer', 0],
    ]);
    const noMentor = rankCandidates(s, pool, context({ weights: only('development') }), { teammates: [{ roleId: 'content-designer', levelRank: 5 }] });
    expect(noMentor.candidates.every((c) => c.contributions.development === 0)).to.equal(true);
  });
});
