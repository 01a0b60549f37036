// Matching over GraphQL: ranked candidates with every factor's contribution,
// partial fits with their failing weeks, "why not this person?", weights
// refused when bad, who may ask, and what a council requester may see of
// other councils' practitioners.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actor, type Actors } from '../support/projects.ts';
import { seedBooking, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { userToken } from '../support/fixtures.ts';
import { Project } from '../../models/project.ts';

const NEWCASTLE = 'E08000021'; // the lead council of the projects (requester's)
const SUNDERLAND = 'E08000024';
const GATESHEAD = 'E08000037';
const POOL = 'north-east-ca';

const CANDIDATES = `query($p: ID!, $s: ID!, $w: MatchWeightsInput, $l: Int) {
  slotCandidates(projectId: $p, slotId: $s, weights: $w, limit: $l) {
    weeks eligibleCount partialCount
    weights { skillDepth levelFit councilSpread }
    candidates { rank score levelStep practitioner { id label identified homeCouncil { gssCode } } contributions { factor weight value contribution } }
    partialFits { score failingWeeks fitWeeks practitioner { id label identified homeCouncil { gssCode } } contributions { contribution } }
  }
}`;
const WHY_NOT = `query($p: ID!, $s: ID!, $x: ID!) {
  whyNot(projectId: $p, slotId: $s, practitionerId: $x) {
    fits score violations { code message details } practitioner { id label identified }
    contributions { factor contribution }
  }
}`;

interface Candidate {
  rank: number;
  score: number;
  levelStep: number;
  practitioner: { id: string | null; label: string; identified: boolean; homeCouncil: { gssCode: string } };
  contributions: { factor: string; weight: number; value: number; contribution: number }[];
}

const skills = (levels: Record<string, 'Awareness' | 'Working' | 'Practitioner' | 'Expert'>) => Object.entries(levels).map(([skillId, proficiency]) => ({ skillId, proficiency }));

describe('matching: candidates and why not', function () {
  this.timeout(120_000);
  let server: TestServer;
  let actors: Actors;
  let homeRequester: Actor; // of Sunderland
  let projectId: string;
  let slotId: string;
  const people: Record<string, { id: string; name: string; email: string }> = {};

  /** A practitioner of the pool with a contract for 2027. */
  async function person(key: string, over: Parameters<typeof seedPractitioner>[0], contract: { daysPerWeek?: number; start?: string; end?: string; status?: 'APPROVED' | 'PROPOSED' } = {}) {
    const p = await seedPractitioner({ name: `Person ${key}`, ...over });
    const { status = 'APPROVED', ...terms } = contract;
    await seedContract({ practitionerId: p.id, poolId: POOL, daysPerWeek: 3, start: '2027-01-01', end: '2027-12-31', ...terms }, status);
    people[key] = { id: p.id, name: p.name, email: p.email };
    return p.id;
  }

  before(async () => {
    server = await startTestServer({ label: 'matching', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    actors = await seedActors(server);
    homeRequester = { label: 'requester of Sunderland', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: SUNDERLAND })) };
    projectId = await seedProject(actors, 'APPROVED', {
      serviceArea: 'PLANNING',
      slots: [
        {
          roleLevelId: 'user-researcher',
          daysPerWeek: 2,
          headcount: 2,
          start: '2027-01-04',
          end: '2027-03-28',
          required: [
            { skillId: 'user-research-methods', proficiency: 'Working' },
            { skillId: 'analysis-and-synthesis', proficiency: 'Working' },
          ],
          desired: [{ skillId: 'inclusive-research', proficiency: 'Practitioner' }],
        },
      ],
    });
    slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
    const strong = skills({ 'user-research-methods': 'Expert', 'analysis-and-synthesis': 'Practitioner', 'inclusive-research': 'Practitioner' });
    const fair = skills({ 'user-research-methods': 'Working', 'analysis-and-synthesis': 'Working' });
    await person('alice', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: strong, serviceAreas: ['PLANNING'] });
    await person('bob', { homeCouncilId: NEWCASTLE, roleLevelId: 'senior-user-researcher', skills: fair });
    await person('carol', { homeCouncilId: GATESHEAD, roleLevelId: 'junior-user-researcher', skills: fair }, { daysPerWeek: 2 });
    // Dan is booked elsewhere for two February weeks: a partial fit.
    const dan = await person('dan', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: strong }, { daysPerWeek: 2 });
    await seedBooking(dan, POOL, '2027-02-01', '2027-02-14', 4);
    // Ivy's contract ends in February: another partial fit.
    await person('ivy', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: fair }, { end: '2027-02-28' });
    await person('erin', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: skills({ 'user-research-methods': 'Awareness' }) });
    await person('frank', { homeCouncilId: SUNDERLAND, roleLevelId: 'lead-user-researcher', skills: strong });
    await person('gina', { homeCouncilId: SUNDERLAND, roleLevelId: 'delivery-manager', skills: strong });
    await person('hal', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: strong }, { status: 'PROPOSED' });
  });
  after(() => server?.stop());

  const rank = async (token?: string, vars: Record<string, unknown> = {}) => server.gql(CANDIDATES, { p: projectId, s: slotId, ...vars }, token);

  it('ranks full fits best first, each score the sum of its contributions', async () => {
    const r = await rank(actors.lead.token);
    expect(r.errors).to.equal(undefined);
    const res = r.data!.slotCandidates;
    expect(res.weeks).to.have.length(12);
    expect(res.weeks[0]).to.equal('2027-W01');
    const cs = res.candidates as Candidate[];
    expect(cs.map((c) => c.practitioner.label)).to.deep.equal(['Person alice', 'Person bob', 'Person carol']);
    expect(res.eligibleCount).to.equal(3);
    expect(cs.map((c) => c.rank)).to.deep.equal([1, 2, 3]);
    expect(cs.map((c) => c.levelStep)).to.deep.equal([0, 1, -1]);
    for (let i = 1; i < cs.length; i++) expect(cs[i - 1]!.score).to.be.at.least(cs[i]!.score);
    for (const c of cs) {
      expect(c.contributions.map((x) => x.factor)).to.deep.equal([
        'SKILL_DEPTH',
        'DESIRED_SKILLS',
        'LEVEL_FIT',
        'CAPACITY_SLACK',
        'CONTINUITY',
        'TRAVEL',
        'SERVICE_AREA',
        'FAIRNESS',
        'DEVELOPMENT',
      ]);
      expect(c.contributions.reduce((s, x) => s + x.contribution, 0)).to.be.closeTo(c.score, 1e-9);
      for (const x of c.contributions) {
        expect(x.contribution).to.be.closeTo(x.weight * x.value, 1e-12);
        expect(x.value).to.be.within(0, 1);
      }
      expect(c.practitioner.identified).to.equal(true);
    }
    const alice = cs[0]!;
    const by = (f: string) => alice.contributions.find((x) => x.factor === f)!;
    expect(by('SERVICE_AREA').value).to.equal(1); // Alice prefers planning
    expect(by('LEVEL_FIT').value).to.equal(1);
    expect(by('DESIRED_SKILLS').value).to.equal(1);
    // A 3-day contract for a 2-day slot leaves a third of each week free.
    expect(by('CAPACITY_SLACK').value).to.be.closeTo(1 / 3, 1e-9);
  });

  it('lists partial fits with the ISO weeks that fail', async () => {
    const res = (await rank(actors.lead.token)).data!.slotCandidates;
    expect(res.partialCount).to.equal(2);
    const byLabel = new Map((res.partialFits as { practitioner: { label: string }; failingWeeks: string[]; fitWeeks: number }[]).map((p) => [p.practitioner.label, p]));
    expect(byLabel.get('Person dan')).to.deep.include({ failingWeeks: ['2027-W05', '2027-W06'], fitWeeks: 10 });
    expect(byLabel.get('Person ivy')!.failingWeeks).to.deep.equal(['2027-W09', '2027-W10', '2027-W11', '2027-W12']);
    // Fewest failing weeks first.
    expect(res.partialFits[0].practitioner.label).to.equal('Person dan');
  });

  it('uses the weights given, and keeps the limit', async () => {
    const zero = { skillDepth: 0, desiredSkills: 0, capacitySlack: 0, continuity: 0, travel: 0, serviceArea: 0, fairness: 0, development: 0 };
    const r = await rank(actors.lead.token, { w: { ...zero, levelFit: 10 }, l: 1 });
    expect(r.errors).to.equal(undefined);
    const res = r.data!.slotCandidates;
    expect(res.weights).to.deep.equal({ skillDepth: 0, levelFit: 10, councilSpread: 0.1 });
    expect(res.candidates).to.have.length(1);
    expect(res.eligibleCount).to.equal(3);
    // Only level fit counts: Alice is at the level (10); Bob and Carol a step away (5).
    expect(res.candidates[0]).to.deep.include({ score: 10 });
    expect(res.candidates[0].practitioner.label).to.equal('Person alice');
  });

  it('refuses bad weights and limits with BAD_USER_INPUT and the field path', async () => {
    const negative = onlyError(await rank(actors.lead.token, { w: { skillDepth: -1 } }));
    expect(negative.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['weights', 'skillDepth'] });
    expect(negative.message).to.match(/must not be negative/);
    // JSON has no Infinity; a literal too large for a double becomes one.
    const inline = `{ slotCandidates(projectId: "${projectId}", slotId: "${slotId}", weights: { travel: 1e400 }) { eligibleCount } }`;
    const infinite = onlyError(await server.gql(inline, {}, actors.lead.token));
    expect(infinite.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['weights', 'travel'] });
    expect(infinite.message).to.match(/finite/);
    const limit = onlyError(await rank(actors.lead.token, { l: 0 }));
    expect(limit.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['limit'] });
    const slot = onlyError(await server.gql(CANDIDATES, { p: projectId, s: '0123456789abcdef01234567' }, actors.lead.token));
    expect(slot.extensions).to.deep.include({ code: 'NOT_FOUND', field: ['slotId'] });
  });

  it('tells why someone is not a candidate, naming every rule they fail', async () => {
    const why = async (key: string) => {
      const r = await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people[key]!.id }, actors.lead.token);
      expect(r.errors, key).to.equal(undefined);
      return r.data!.whyNot as { fits: boolean; score: number | null; violations: { code: string; message: string; details: Record<string, unknown> }[] };
    };
    const codes = async (key: string) => (await why(key)).violations.map((v) => v.code);
    expect(await codes('erin')).to.deep.equal(['SKILL_BELOW_MINIMUM', 'MISSING_SKILL']);
    const erin = (await why('erin')).violations[0]!;
    expect(erin.details).to.deep.equal({ skillId: 'user-research-methods', has: 'Awareness', needs: 'Working' });
    expect(await codes('frank')).to.deep.equal(['LEVEL_TOO_FAR']);
    expect(await codes('gina')).to.deep.equal(['ROLE_MISMATCH']); // a delivery manager, with the skills
    expect(await codes('hal')).to.deep.equal(['NO_APPROVED_CONTRACT', 'INSUFFICIENT_CAPACITY']);
    const dan = await why('dan');
    expect(dan.violations.map((v) => v.code)).to.deep.equal(['INSUFFICIENT_CAPACITY']);
    expect(dan.violations[0]!.details).to.deep.equal({
      weeks: [
        { week: '2027-W05', freeDays: 0, neededDays: 2 },
        { week: '2027-W06', freeDays: 0, neededDays: 2 },
      ],
    });
    const ivy = await why('ivy');
    expect(ivy.violations.map((v) => v.code)).to.deep.equal(['CONTRACT_DOES_NOT_COVER', 'INSUFFICIENT_CAPACITY']);
    expect(ivy.violations[0]!.details).to.deep.equal({ contract: { fromWeek: '2027-W01', toWeek: '2027-W08' }, weeks: ['2027-W09', '2027-W10', '2027-W11', '2027-W12'] });
    const alice = await why('alice');
    expect(alice).to.deep.include({ fits: true, violations: [] });
    const top = (await rank(actors.lead.token)).data!.slotCandidates.candidates[0];
    expect(alice.score).to.equal(top.score);
  });

  it('says so when the person is already booked on the slot, and leaves them out of the ranking', async () => {
    const bookedOne = await person('kit', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: skills({ 'user-research-methods': 'Expert', 'analysis-and-synthesis': 'Expert' }) });
    const book = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id } }`;
    const b = await server.gql(book, { i: { practitionerId: bookedOne, projectId, slotId, start: '2027-01-04', end: '2027-03-28', daysPerWeek: 2 } }, actors.lead.token);
    expect(b.errors).to.equal(undefined);
    const why = (await server.gql(WHY_NOT, { p: projectId, s: slotId, x: bookedOne }, actors.lead.token)).data!.whyNot;
    expect(why.violations[0]).to.deep.include({ code: 'ALREADY_ON_SLOT', details: { bookingId: b.data!.bookPractitioner.id } });
    const labels = ((await rank(actors.lead.token)).data!.slotCandidates.candidates as Candidate[]).map((c) => c.practitioner.label);
    expect(labels).to.not.include('Person kit');
    expect(labels).to.have.length(3);
  });

  it('answers NOT_FOUND for an unknown practitioner and BAD_USER_INPUT for a malformed id', async () => {
    expect(onlyError(await server.gql(WHY_NOT, { p: projectId, s: slotId, x: '0123456789abcdef01234567' }, actors.lead.token)).extensions).to.deep.include({
      code: 'NOT_FOUND',
      field: ['practitionerId'],
    });
    expect(onlyError(await server.gql(WHY_NOT, { p: projectId, s: slotId, x: 'nope' }, actors.lead.token)).extensions).to.deep.include({
      code: 'BAD_USER_INPUT',
      field: ['practitionerId'],
    });
  });

  it('lets the pool lead, admins and the project councils’ requesters rank, and nobody else', async () => {
    const expected: [Actor, string | null][] = [
      [actors.admin, null],
      [actors.lead, null],
      [actors.otherLead, 'FORBIDDEN'],
      [actors.requester, null],
      [actors.consortiumRequester, null],
      [actors.otherRequester, 'FORBIDDEN'],
      [homeRequester, 'FORBIDDEN'], // Sunderland lends people but is not a party to the project
      [actors.practitioner, 'FORBIDDEN'],
      [actors.anonymous, 'UNAUTHENTICATED'],
    ];
    for (const [actor, code] of expected) {
      const r = await rank(actor.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, actor.label).to.equal(code);
    }
  });

  it('shows a requester other councils’ practitioners only by pseudonym and home council', async () => {
    const r = await rank(actors.requester.token);
    expect(r.errors).to.equal(undefined);
    const cs = r.data!.slotCandidates.candidates as Candidate[];
    const lead = (await rank(actors.lead.token)).data!.slotCandidates.candidates as Candidate[];
    expect(cs.map((c) => c.score)).to.deep.equal(lead.map((c) => c.score)); // same ranking, less said
    const bob = cs.find((c) => c.practitioner.homeCouncil.gssCode === NEWCASTLE)!;
    expect(bob.practitioner).to.deep.include({ id: people.bob!.id, label: 'Person bob', identified: true });
    const others = cs.filter((c) => c.practitioner.homeCouncil.gssCode !== NEWCASTLE);
    expect(others).to.have.length(2);
    for (const o of others) {
      expect(o.practitioner.id).to.equal(null);
      expect(o.practitioner.identified).to.equal(false);
      expect(o.practitioner.label).to.match(/^Candidate [A-Z2-9]{6}$/);
    }
    // Stable for the slot, different per person.
    const again = (await rank(actors.requester.token)).data!.slotCandidates.candidates as Candidate[];
    expect(again.map((c) => c.practitioner.label)).to.deep.equal(cs.map((c) => c.practitioner.label));
    expect(new Set(others.map((o) => o.practitioner.label)).size).to.equal(2);
    // Nothing in the whole answer names them, not even the profile.
    const withProfile = await server.gql(
      `query($p: ID!, $s: ID!) { slotCandidates(projectId: $p, slotId: $s) { candidates { practitioner { label profile { name email leave { start } } } } partialFits { practitioner { id label profile { name } } } } }`,
      { p: projectId, s: slotId },
      actors.requester.token,
    );
    expect(withProfile.errors).to.equal(undefined);
    const text = JSON.stringify(withProfile.data);
    for (const key of ['alice', 'carol', 'dan', 'ivy']) {
      expect(text).to.not.include(people[key]!.name);
      expect(text).to.not.include(people[key]!.email);
      expect(text).to.not.include(people[key]!.id);
    }
    expect(text).to.include(people.bob!.email); // their own council's practitioner, in full
  });

  it('lets a requester ask why not only about their own council’s practitioners', async () => {
    const bob = await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people.bob!.id }, actors.requester.token);
    expect(bob.errors).to.equal(undefined);
    expect(bob.data!.whyNot.practitioner).to.deep.equal({ id: people.bob!.id, label: 'Person bob', identified: true });
    expect(onlyError(await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people.dan!.id }, actors.requester.token)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people.dan!.id }, actors.otherRequester.token)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people.dan!.id }, actors.otherLead.token)).extensions?.code).to.equal('FORBIDDEN');
    expect((await server.gql(WHY_NOT, { p: projectId, s: slotId, x: people.dan!.id }, actors.admin.token)).errors).to.equal(undefined);
  });

  it('sees a change to the data at once (the cache is dropped by the write)', async () => {
    const before = (await rank(actors.lead.token)).data!.slotCandidates.eligibleCount;
    await person('lee', { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: skills({ 'user-research-methods': 'Working', 'analysis-and-synthesis': 'Working' }) });
    expect((await rank(actors.lead.token)).data!.slotCandidates.eligibleCount).to.equal(before + 1);
    await seedBooking(people.lee!.id, POOL, '2027-03-01', '2027-03-07', 6);
    const after = (await rank(actors.lead.token)).data!.slotCandidates;
    expect(after.eligibleCount).to.equal(before);
    expect(after.partialFits.map((p: { practitioner: { label: string } }) => p.practitioner.label)).to.include('Person lee');
  });
  it('counts a week shortened by a bank holiday as a booking does: it asks for less, so the person fits', async () => {
    // Mondays and Fridays, a 2-day contract: Good Friday (26 March 2027) leaves one day in 2027-W12.
    const mo = await person(
      'mo',
      { homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: skills({ 'user-research-methods': 'Working', 'analysis-and-synthesis': 'Working' }), workingPattern: { monday: 1, tuesday: 0, wednesday: 0, thursday: 0, friday: 1 } },
      { daysPerWeek: 2 },
    );
    const labels = ((await rank(actors.lead.token, { l: 200 })).data!.slotCandidates.candidates as Candidate[]).map((c) => c.practitioner.label);
    expect(labels).to.include('Person mo');
    const book = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { weeks { week days } } }`;
    const b = await server.gql(book, { i: { practitionerId: mo, projectId, slotId, start: '2027-01-04', end: '2027-03-28', daysPerWeek: 2 } }, actors.lead.token);
    expect(b.errors).to.equal(undefined);
    expect(b.data!.bookPractitioner.weeks.find((w: { week: string }) => w.week === '2027-W12')).to.deep.equal({ week: '2027-W12', days: 1 });
  });
});
