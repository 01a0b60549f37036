import { expect } from 'chai';
import { failingWeeks, isFullFit, whyNot } from '../../../server/matching/eligibility.ts';
import type { Violation } from '../../../server/matching/eligibility.ts';
import { H, practitioner, slot } from './helpers.ts';

const codes = (vs: Violation[]) => vs.map((v) => v.code);

describe('matching/eligibility: whyNot', () => {
  const s = slot({ id: 's1', levelRank: 2, required: [{ skillId: 'user-research', min: 3 }, { skillId: 'analysis-and-synthesis', min: 2 }], unitsPerWeek: 2 });

  it('is empty for a practitioner who fits every hard constraint', () => {
    const p = practitioner({ id: 'p1' });
    expect(whyNot(p, s)).to.deep.equal([]);
    expect(isFullFit(p, s)).to.equal(true);
  });

  it('allows one level step either side and shows the step', () => {
    for (const levelRank of [1, 3]) {
      const p = practitioner({ id: 'p1', levelRank });
      expect(whyNot(p, s)).to.deep.equal([]);
    }
  });

  it('refuses two steps either side with LEVEL_TOO_FAR and the signed step', () => {
    const below = whyNot(practitioner({ id: 'p1', levelRank: 0 }), s);
    const above = whyNot(practitioner({ id: 'p2', levelRank: 4 }), s);
    expect(below).to.have.length(1);
    expect(below[0]).to.include({ code: 'LEVEL_TOO_FAR', step: -2, has: 0, needs: 2 });
    expect(above[0]).to.include({ code: 'LEVEL_TOO_FAR', step: 2 });
    expect(above[0]!.message).to.match(/2 steps above/);
  });

  it('reports ROLE_MISMATCH and does not judge the level on another ladder', () => {
    const v = whyNot(practitioner({ id: 'p1', roleId: 'content-designer', levelRank: 5 }), s);
    expect(codes(v)).to.deep.equal(['ROLE_MISMATCH']);
    expect(v[0]).to.include({ has: 'content-designer', needs: 'user-researcher' });
  });

  it('tells a missing skill from one below the minimum, naming skill, has and needs', () => {
    const v = whyNot(practitioner({ id: 'p1', skills: { 'user-research': 2 } }), s);
    expect(v).to.have.length(2);
    expect(v[0]).to.include({ code: 'SKILL_BELOW_MINIMUM', skillId: 'user-research', has: 2, needs: 3 });
    expect(v[1]).to.include({ code: 'MISSING_SKILL', skillId: 'analysis-and-synthesis', has: 0, needs: 2 });
    expect(v[0]!.message).to.match(/Working.*Practitioner/);
  });

  it('reports NO_APPROVED_CONTRACT when there is no contract', () => {
    const v = whyNot(practitioner({ id: 'p1', contract: undefined }), s);
    expect(codes(v)).to.deep.equal(['NO_APPROVED_CONTRACT']);
  });

  it('reports CONTRACT_DOES_NOT_COVER with the uncovered weeks', () => {
    const v = whyNot(practitioner({ id: 'p1', contract: { fromWeek: 2, toWeek: 4 } }), s);
    expect(codes(v)).to.deep.equal(['CONTRACT_DOES_NOT_COVER']);
    expect(v[0]).to.deep.include({ weeks: [0, 1, 5], contract: { fromWeek: 2, toWeek: 4 } });
  });

  it('reports INSUFFICIENT_CAPACITY with every failing week, free and needed units', () => {
    const v = whyNot(practitioner({ id: 'p1', freeUnits: [4, 1, 4, 0, 4, 4] }), s);
    expect(codes(v)).to.deep.equal(['INSUFFICIENT_CAPACITY']);
    expect(v[0]).to.deep.include({
      weeks: [
        { week: 1, free: 1, needs: 2 },
        { week: 3, free: 0, needs: 2 },
      ],
    });
  });

  it('names every failed constraint at once, in a stable order', () => {
    const p = practitioner({ id: 'p1', levelRank: 5, skills: {}, contract: undefined, freeUnits: Array(H).fill(0) });
    expect(codes(whyNot(p, s))).to.deep.equal(['LEVEL_TOO_FAR', 'MISSING_SKILL', 'MISSING_SKILL', 'NO_APPROVED_CONTRACT', 'INSUFFICIENT_CAPACITY']);
  });

  it('treats weeks beyond the free-capacity array as having none', () => {
    const p = practitioner({ id: 'p1', freeUnits: [4, 4] });
    expect(failingWeeks(p, s)).to.deep.equal([2, 3, 4, 5]);
  });

  it('labels weeks with the caller’s ISO week keys', () => {
    const v = whyNot(practitioner({ id: 'p1', freeUnits: [4, 0, 4, 4, 4, 4] }), s, { weekLabel: (w) => `2026-W${48 + w}` });
    expect(v[0]!.message).to.contain('2026-W49');
  });
});
