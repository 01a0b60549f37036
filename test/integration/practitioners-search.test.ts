// Searching the pool over real GraphQL against a real database: scope by
// role, the database-side filters, the in-memory free-capacity filter, and
// cursor pagination over both; lists of names answered from the entries.
import { expect } from 'chai';
import { startTestServer, onlyError, type GqlResult, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { ADMIN, seedBooking, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { createPool, setPoolFootprint } from '../../server/services/pools.ts';
import { addLeave, updatePractitioner } from '../../server/services/practitioners.ts';
import { Practitioner } from '../../models/practitioner.ts';
import { PractitionerSearch } from '../../models/practitioner-search.ts';
import { ensureSearchEntries } from '../../server/store/practitioners.ts';
import { contractPoolsByPractitioner } from '../../server/store/central-contracts.ts';
import { Types } from 'mongoose';

const NEWCASTLE = 'E08000021';
const GATESHEAD = 'E08000037';
const SUNDERLAND = 'E08000024';
const HARTLEPOOL = 'E06000001';
const HALTON = 'E06000006'; // North West: in no seeded pool

// email is a profile field: these searches read whole profiles.
const SEARCH = `query($f: PractitionerFilter, $first: Int, $after: String) { practitioners(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id name email } } }`;
// Directory fields only (graphql/selection.ts): answered from the search entries.
const DIRECTORY = `query($f: PractitionerFilter, $first: Int) { practitioners(filter: $f, first: $first) {
  totalCount nodes { id name homeCouncil { gssCode } roleLevel { id } role { id } } } }`;

describe('practitioner search', function () {
  this.timeout(120_000);
  let server: TestServer;
  const t: Record<string, string | undefined> = {};
  const p: Record<string, string> = {};

  before(async () => {
    server = await startTestServer({ label: 'practitioner-search' });
    await seedPools();
    // Delivery managers unless said otherwise, so the role filters below see only the named researchers and developer.
    const seed = async (key: string, over: Parameters<typeof seedPractitioner>[0]) => {
      p[key] = (await seedPractitioner({ name: key, roleLevelId: 'delivery-manager', ...over })).id;
    };
    await seed('researcher', { homeCouncilId: NEWCASTLE, roleLevelId: 'user-researcher', skills: [{ skillId: 'user-research-methods', proficiency: 'Expert' }, { skillId: 'inclusive-research', proficiency: 'Working' }] });
    await seed('seniorResearcher', { homeCouncilId: NEWCASTLE, roleLevelId: 'senior-user-researcher', skills: [{ skillId: 'user-research-methods', proficiency: 'Practitioner' }] });
    await seed('developer', { homeCouncilId: GATESHEAD, roleLevelId: 'developer', region: 'Yorkshire and The Humber', skills: [{ skillId: 'programming-and-build-software-engineering', proficiency: 'Practitioner' }] });
    await seed('teesResearcher', { homeCouncilId: HARTLEPOOL, roleLevelId: 'user-researcher', skills: [{ skillId: 'user-research-methods', proficiency: 'Working' }] });
    // A pool that holds a contract with someone outside its (changed) footprint.
    await createPool({ id: 'moving-pool', name: 'Moving pool', footprint: [HALTON] });
    await seed('contracted', { homeCouncilId: HALTON, roleLevelId: 'delivery-manager' });
    await seedContract({ practitionerId: p.contracted!, poolId: 'moving-pool' }, 'PROPOSED');
    await setPoolFootprint('moving-pool', ['E06000007']);
    // Listed as in the pool by a proposal that then failed: the contracts, not the listing, decide.
    await seed('listedOnly', { homeCouncilId: HALTON, roleLevelId: 'delivery-manager' });
    await Practitioner.updateOne({ _id: p.listedOnly }, { $set: { contractPoolIds: ['moving-pool'] } });
    await PractitionerSearch.updateOne({ _id: p.listedOnly }, { $set: { contractPoolIds: ['moving-pool'] } });

    // A profile changed without its search entry (as a crash between the two writes leaves it): the profile decides.
    await seed('lagging', { homeCouncilId: HALTON, roleLevelId: 'user-researcher', skills: [] });
    await Practitioner.updateOne({ _id: p.lagging }, { $set: { roleLevelId: 'delivery-manager', roleId: 'delivery-manager' }, $inc: { revision: 1 } });

    // Sunderland: who has a day a week free for north-east-ca through March 2026 (2026-W10..W13)?
    const march = { start: '2026-01-01', end: '2026-12-31' };
    await seed('free2', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.free2!, poolId: 'north-east-ca', daysPerWeek: 2, ...march });
    await seed('booked', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.booked!, poolId: 'north-east-ca', daysPerWeek: 2, ...march });
    await seedBooking(p.booked!, 'tees-valley', '2026-03-16', '2026-03-20', 4);
    await seed('noContract', { homeCouncilId: SUNDERLAND });
    await seed('proposedOnly', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.proposedOnly!, poolId: 'north-east-ca', ...march }, 'PROPOSED');
    await seed('free1', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.free1!, poolId: 'north-east-ca', daysPerWeek: 1, ...march }, 'ACTIVE');
    await seed('endsEarly', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.endsEarly!, poolId: 'north-east-ca', start: '2026-01-01', end: '2026-03-13' });
    await seed('onLeave', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.onLeave!, poolId: 'north-east-ca', ...march });
    await addLeave(ADMIN, p.onLeave!, { start: '2026-03-23', end: '2026-03-27' });
    await seed('free2b', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.free2b!, poolId: 'north-east-ca', daysPerWeek: 2, ...march });
    await seed('otherPool', { homeCouncilId: SUNDERLAND });
    await createPool({ id: 'wear-pool', name: 'Wear pool', footprint: [SUNDERLAND] });
    await seedContract({ practitionerId: p.otherPool!, poolId: 'wear-pool', daysPerWeek: 3, ...march });
    await seed('free2c', { homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.free2c!, poolId: 'north-east-ca', daysPerWeek: 2, ...march });

    t.admin = (await userToken(server, 'ADMIN')).token;
    t.leadNE = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    t.leadTV = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'tees-valley' })).token;
    t.leadMoving = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'moving-pool' })).token;
    t.reqNewcastle = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE })).token;
    t.practitioner = (await userToken(server, 'PRACTITIONER', { practitionerId: p.researcher! })).token;
  });
  after(() => server?.stop());

  const names = async (who: string, filter: Record<string, unknown> = {}, first = 200) => {
    const r = await server.gql(SEARCH, { f: filter, first }, t[who]);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.practitioners.nodes.map((n: { name: string }) => n.name);
  };
  const bySunderland = { homeCouncilIds: [SUNDERLAND] };

  it('scopes the search to what the viewer may see', async () => {
    expect(await names('admin')).to.include.members(['researcher', 'developer', 'teesResearcher', 'contracted', 'free2']);
    expect(await names('reqNewcastle')).to.deep.equal(['researcher', 'seniorResearcher']);
    const ne = await names('leadNE');
    expect(ne).to.include.members(['researcher', 'seniorResearcher', 'developer', 'free2', 'otherPool']);
    expect(ne).not.to.include.any.members(['teesResearcher', 'contracted']);
    expect(await names('leadTV')).to.deep.equal(['teesResearcher']);
    // A pool's practitioners include those it has a contract with, wherever they live now (and only those).
    expect(await names('leadMoving')).to.deep.equal(['contracted']);
    expect((await Practitioner.findById(p.contracted).lean())!.contractPoolIds).to.deep.equal(['moving-pool']);
    expect(onlyError(await server.gql(SEARCH, {}, t.practitioner)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(SEARCH, {})).extensions?.code).to.equal('UNAUTHENTICATED');
  });

  it('filters by role, role level, skills at a minimum proficiency, region, council and pool', async () => {
    expect(await names('admin', { roleId: 'user-researcher' })).to.deep.equal(['researcher', 'seniorResearcher', 'teesResearcher']);
    expect(await names('admin', { roleLevelIds: ['senior-user-researcher', 'developer'] })).to.deep.equal(['seniorResearcher', 'developer']);
    expect(await names('admin', { skills: [{ skillId: 'user-research-methods', minProficiency: 'PRACTITIONER' }] })).to.deep.equal(['researcher', 'seniorResearcher']);
    expect(await names('admin', { skills: [{ skillId: 'user-research-methods', minProficiency: 'AWARENESS' }, { skillId: 'inclusive-research', minProficiency: 'WORKING' }] })).to.deep.equal(['researcher']);
    expect(await names('admin', { regions: ['YORKSHIRE_AND_THE_HUMBER'] })).to.deep.equal(['developer']);
    expect(await names('admin', { regions: ['NORTH_EAST'], homeCouncilIds: [NEWCASTLE, HARTLEPOOL] })).to.deep.equal(['researcher', 'seniorResearcher', 'teesResearcher']);
    expect(await names('admin', { poolId: 'moving-pool' })).to.deep.equal(['contracted']);
    expect(await names('leadNE', { poolId: 'north-east-ca', roleId: 'user-researcher' })).to.deep.equal(['researcher', 'seniorResearcher']);
    expect(await names('reqNewcastle', { roleLevelIds: ['senior-user-researcher'] })).to.deep.equal(['seniorResearcher']);
  });

  it('refuses bad filters with the field path, and another pool for a lead', async () => {
    const bad = async (filter: Record<string, unknown>, field: (string | number)[], who = 'admin') =>
      expect(onlyError(await server.gql(SEARCH, { f: filter }, t[who])).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field });
    await bad({ homeCouncilIds: [NEWCASTLE, 'X1'] }, ['filter', 'homeCouncilIds', 1]);
    await bad({ freeCapacity: { from: '2026-03-02', to: '2026-03-29', daysPerWeek: 0 } }, ['filter', 'freeCapacity', 'daysPerWeek']);
    await bad({ freeCapacity: { from: '2026-03-02', to: '2026-03-29', daysPerWeek: 1.2 } }, ['filter', 'freeCapacity', 'daysPerWeek']);
    await bad({ freeCapacity: { from: '2026-03-02', to: '2028-06-01', daysPerWeek: 1 } }, ['filter', 'freeCapacity', 'to']);
    await bad({ freeCapacity: { from: '2026-03-02', to: '2026-03-01', daysPerWeek: 1 } }, ['filter', 'freeCapacity', 'to']);
    expect(onlyError(await server.gql(SEARCH, { after: 'garbage' }, t.admin)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['after'] });
    expect(onlyError(await server.gql(SEARCH, { f: { poolId: 'tees-valley' } }, t.leadNE)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(SEARCH, { f: { freeCapacity: { from: '2026-03-02', to: '2026-03-29', daysPerWeek: 1, poolId: 'tees-valley' } } }, t.leadNE)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(SEARCH, { f: { poolId: 'atlantis' } }, t.admin)).extensions).to.deep.include({ code: 'NOT_FOUND', field: ['filter', 'poolId'] });
  });

  it('pages through results with cursors, and counts them', async () => {
    const all = await names('admin', {}, 200);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r: GqlResult = await server.gql(SEARCH, { first: 3, after }, t.admin);
      const c = r.data!.practitioners;
      expect(c.totalCount).to.equal(all.length);
      expect(c.edges[c.edges.length - 1]?.cursor ?? null).to.equal(c.pageInfo.endCursor);
      seen.push(...c.nodes.map((n: { name: string }) => n.name));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).to.deep.equal(all);
  });

  it('filters by free capacity: a bookable contract in every week, less leave and every pool’s bookings', async () => {
    const march = { from: '2026-03-02', to: '2026-03-29' };
    expect(await names('admin', { ...bySunderland, freeCapacity: { ...march, daysPerWeek: 1, poolId: 'north-east-ca' } })).to.deep.equal(['free2', 'free1', 'free2b', 'free2c']);
    expect(await names('admin', { ...bySunderland, freeCapacity: { ...march, daysPerWeek: 1.5, poolId: 'north-east-ca' } })).to.deep.equal(['free2', 'free2b', 'free2c']);
    // No pool named: every pool's contracts count for an admin...
    expect(await names('admin', { ...bySunderland, freeCapacity: { ...march, daysPerWeek: 1 } })).to.deep.equal(['free2', 'free1', 'free2b', 'otherPool', 'free2c']);
    // ...and a lead's own pool's for a lead.
    expect(await names('leadNE', { ...bySunderland, freeCapacity: { ...march, daysPerWeek: 1 } })).to.deep.equal(['free2', 'free1', 'free2b', 'free2c']);
    // Combined with a database-side filter.
    expect(await names('admin', { ...bySunderland, roleLevelIds: ['developer'], freeCapacity: { ...march, daysPerWeek: 1 } })).to.deep.equal([]);
  });

  it('pages through a free-capacity search correctly', async () => {
    const filter = { ...bySunderland, freeCapacity: { from: '2026-03-02', to: '2026-03-29', daysPerWeek: 1, poolId: 'north-east-ca' } };
    const first = (await server.gql(SEARCH, { f: filter, first: 3 }, t.admin)).data!.practitioners;
    expect(first.nodes.map((n: { name: string }) => n.name)).to.deep.equal(['free2', 'free1', 'free2b']);
    expect(first.pageInfo.hasNextPage).to.equal(true);
    expect(first.totalCount).to.equal(4);
    const second = (await server.gql(SEARCH, { f: filter, first: 3, after: first.pageInfo.endCursor }, t.admin)).data!.practitioners;
    expect(second.nodes.map((n: { name: string }) => n.name)).to.deep.equal(['free2c']);
    expect(second.pageInfo.hasNextPage).to.equal(false);
    const exact = (await server.gql(SEARCH, { f: filter, first: 4 }, t.admin)).data!.practitioners;
    expect(exact.pageInfo.hasNextPage).to.equal(false);
  });

  it('finds the members of profiles written before entries and contract pools were kept, once start-up has made them', async () => {
    // A member only through a contract: it ended, and then they moved out of the footprint.
    const old = (await seedPractitioner({ name: 'fromBefore', homeCouncilId: 'E06000007', roleLevelId: 'delivery-manager' })).id;
    await seedContract({ practitionerId: old, poolId: 'moving-pool' }, 'ENDED');
    await updatePractitioner(ADMIN, old, { homeCouncilId: HALTON });
    // As an earlier version left it: no contract pools on the profile, no search entry.
    await Practitioner.collection.updateOne({ _id: new Types.ObjectId(old) }, { $unset: { contractPoolIds: '' } });
    await PractitionerSearch.deleteOne({ _id: old });
    expect(await names('leadMoving')).to.deep.equal(['contracted']);
    expect(await ensureSearchEntries(contractPoolsByPractitioner)).to.equal(1);
    expect(await names('leadMoving')).to.deep.equal(['contracted', 'fromBefore']);
    expect(await ensureSearchEntries(contractPoolsByPractitioner)).to.equal(0);
  });

  it('answers a list of names from the entries: the same people, renamed at once, an entry from before names were kept read from its profile', async () => {
    const directory = async (who: string, filter: Record<string, unknown> = {}) => {
      const r = await server.gql(DIRECTORY, { f: filter, first: 200 }, t[who]);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!.practitioners.nodes as { id: string; name: string; homeCouncil: { gssCode: string }; roleLevel: { id: string }; role: { id: string } }[];
    };
    for (const [who, filter] of [['leadNE', { poolId: 'north-east-ca' }], ['reqNewcastle', {}], ['admin', { roleId: 'software-developer' }]] as const) {
      expect((await directory(who, filter)).map((n) => n.name), who).to.deep.equal(await names(who, filter));
    }
    const [dev] = await directory('admin', { roleLevelIds: ['developer'] });
    expect(dev).to.deep.include({ name: 'developer', homeCouncil: { gssCode: GATESHEAD }, roleLevel: { id: 'developer' }, role: { id: 'software-developer' } });

    const renamed = await server.gql(`mutation($id: ID!) { updatePractitioner(id: $id, input: { name: "Dev Eloper" }) { id } }`, { id: p.developer }, t.admin);
    expect(renamed.errors).to.equal(undefined);
    expect((await directory('admin', { roleLevelIds: ['developer'] })).map((n) => n.name)).to.deep.equal(['Dev Eloper']);

    // Written before names were kept: the profile answers, and the entry is written again with the name.
    await PractitionerSearch.collection.updateOne({ _id: new Types.ObjectId(p.researcher) }, { $unset: { name: '' } });
    expect((await directory('reqNewcastle')).map((n) => n.name)).to.deep.equal(['researcher', 'seniorResearcher']);
    expect((await PractitionerSearch.findById(p.researcher).lean())!.name).to.equal('researcher');

    // A pool's contracts by name: from the entries that list the pool, read at once, and by id for one that does not list it.
    await seedContract({ practitionerId: p.free2!, poolId: 'wear-pool' }, 'PROPOSED');
    await seedContract({ practitionerId: p.free1!, poolId: 'wear-pool' }, 'PROPOSED');
    await PractitionerSearch.updateOne({ _id: p.free1 }, { $set: { contractPoolIds: ['north-east-ca'] } });
    const contracts = await server.gql(`{ centralContracts(filter: { poolId: "wear-pool" }) { nodes { practitioner { id name homeCouncil { gssCode } } } } }`, {}, t.admin);
    expect(contracts.errors).to.equal(undefined);
    const named = contracts.data!.centralContracts.nodes.map((c: { practitioner: { id: string; name: string; homeCouncil: { gssCode: string } } }) => c.practitioner);
    expect(named).to.have.deep.members([
      { id: p.otherPool, name: 'otherPool', homeCouncil: { gssCode: SUNDERLAND } },
      { id: p.free2, name: 'free2', homeCouncil: { gssCode: SUNDERLAND } },
      { id: p.free1, name: 'free1', homeCouncil: { gssCode: SUNDERLAND } },
    ]);
  });
});
