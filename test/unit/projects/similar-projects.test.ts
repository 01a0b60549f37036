import { expect } from 'chai';
import { rankSimilar, serviceAreaActivity, SAME_PHASE_FACTOR, type SimilarCandidate } from '../../../server/projects/similar-projects.ts';

const project = (id: string, over: Partial<SimilarCandidate> = {}): SimilarCandidate => ({
  id,
  serviceArea: 'HOUSING_REPAIRS',
  phase: 'ALPHA',
  title: 'Untitled',
  outcome: 'Nothing in particular',
  ...over,
});

const query = {
  serviceArea: 'HOUSING_REPAIRS',
  phase: 'ALPHA',
  title: 'Report a damp and mould repair online',
  outcome: 'Tenants report damp and mould in their homes online, with photos, and get a repair booked within a week',
};

const ids = (ms: { candidate: SimilarCandidate }[]) => ms.map((m) => m.candidate.id);

describe('similar projects (core)', () => {
  it('ranks a project with similar text above an unrelated one, and leaves out one with no word in common', () => {
    const damp = project('damp', { title: 'Damp and mould reporting', outcome: 'Tenants can report damp and mould with photos and book a repair' });
    const voids = project('voids', { title: 'Empty homes turnaround', outcome: 'Empty homes are repaired and let again faster' });
    const nothing = project('nothing', { title: 'Garden fences', outcome: 'Quotes for fencing' });
    const matches = rankSimilar(query, [voids, nothing, damp], { limit: 5 });
    expect(ids(matches)[0]).to.equal('damp');
    expect(ids(matches)).to.not.include('nothing');
    expect(matches[0]!.score).to.be.greaterThan(matches[1]?.score ?? 0);
  });

  it('never matches a project in another service area, however close its text', () => {
    const same = project('planning', { serviceArea: 'PLANNING', title: query.title, outcome: query.outcome });
    expect(rankSimilar(query, [same], { limit: 5 })).to.deep.equal([]);
  });

  it('ranks the same phase above another phase when the text is the same', () => {
    const text = { title: 'Damp and mould reporting', outcome: 'Report damp and mould online' };
    const beta = project('beta', { ...text, phase: 'BETA' });
    const alpha = project('alpha', { ...text, phase: 'ALPHA' });
    const matches = rankSimilar(query, [beta, alpha], { limit: 5 });
    expect(ids(matches)).to.deep.equal(['alpha', 'beta']);
    expect(matches[0]!.score).to.be.closeTo(matches[1]!.score * SAME_PHASE_FACTOR, 0.01);
  });

  it("leaves out the query's own project", () => {
    const own = project('own', { title: query.title, outcome: query.outcome });
    const other = project('other', { title: 'Damp and mould', outcome: 'Report damp online' });
    expect(ids(rankSimilar({ ...query, excludeId: 'own' }, [own, other], { limit: 5 }))).to.deep.equal(['other']);
  });

  it("gives as words in common only words of the query's own text", () => {
    const secret = project('secret', { title: 'Damp survey', outcome: 'Confidential zebracorn procurement for damp surveys in tower blocks' });
    const [m] = rankSimilar(query, [secret], { limit: 5 });
    expect(m!.wordsInCommon).to.include('damp');
    const queryWords = `${query.title} ${query.outcome}`.toLowerCase().split(/\W+/);
    for (const w of m!.wordsInCommon) expect(queryWords).to.include(w);
    expect(m!.wordsInCommon).to.not.include('surveys').and.not.include('zebracorn');
  });

  it('ignores words every description shares, and keeps to the limit', () => {
    const filler = project('filler', { title: 'The council and its residents', outcome: 'We will improve the service for residents' });
    expect(rankSimilar(query, [filler], { limit: 5 })).to.deep.equal([]);
    const many = Array.from({ length: 8 }, (_, i) => project(`p${i}`, { title: 'Damp reporting' }));
    expect(rankSimilar(query, many, { limit: 3 })).to.have.length(3);
  });

  it('counts distinct councils and projects per service area', () => {
    const activity = serviceAreaActivity([
      { serviceArea: 'PLANNING', poolId: 'a', councilIds: ['E1', 'E2'] },
      { serviceArea: 'PLANNING', poolId: 'b', councilIds: ['E2', 'E3'] },
      { serviceArea: 'PLANNING', poolId: 'a', councilIds: ['E1'] },
      { serviceArea: 'WASTE_AND_RECYCLING', poolId: 'a', councilIds: ['E4'] },
    ]);
    expect(activity).to.deep.equal([
      { serviceArea: 'PLANNING', councilIds: ['E1', 'E2', 'E3'], councilCount: 3, projectCount: 3 },
      { serviceArea: 'WASTE_AND_RECYCLING', councilIds: ['E4'], councilCount: 1, projectCount: 1 },
    ]);
  });
});
