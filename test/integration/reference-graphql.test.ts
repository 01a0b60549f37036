import { expect } from 'chai';
import { startTestServer, onlyError, type GqlResult, type TestServer } from '../support/test-server.ts';

describe('GraphQL: reference data', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ label: 'reference-graphql' });
  });
  after(() => server?.stop());

  it("lists exactly the North East's 7 unitary and 5 metropolitan councils with their GSS codes", async () => {
    const r = await server.gql(`{
      councils(filter: { regions: [NORTH_EAST], types: [UNITARY_AUTHORITY, METROPOLITAN_DISTRICT] }, first: 50) {
        totalCount nodes { gssCode name type region }
      }
    }`);
    expect(r.errors).to.equal(undefined);
    const nodes = r.data!.councils.nodes as { gssCode: string; name: string; type: string; region: string }[];
    expect(r.data!.councils.totalCount).to.equal(12);
    expect(nodes.map((n) => `${n.gssCode} ${n.name}`)).to.deep.equal([
      'E06000001 Hartlepool',
      'E06000002 Middlesbrough',
      'E06000003 Redcar and Cleveland',
      'E06000004 Stockton-on-Tees',
      'E06000005 Darlington',
      'E06000047 County Durham',
      'E06000057 Northumberland',
      'E08000021 Newcastle upon Tyne',
      'E08000022 North Tyneside',
      'E08000023 South Tyneside',
      'E08000024 Sunderland',
      'E08000037 Gateshead',
    ]);
    expect(nodes.filter((n) => n.type === 'UNITARY_AUTHORITY')).to.have.length(7);
    expect(nodes.filter((n) => n.type === 'METROPOLITAN_DISTRICT')).to.have.length(5);
    expect(new Set(nodes.map((n) => n.region))).to.deep.equal(new Set(['NORTH_EAST']));
  });

  it('pages through all 332 councils with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: GqlResult = await server.gql(
        `query($after: String) { councils(first: 100, after: $after) { nodes { gssCode } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const c = r.data!.councils;
      seen.push(...c.nodes.map((n: { gssCode: string }) => n.gssCode));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).to.have.length(332);
    expect(new Set(seen).size).to.equal(332);
    expect([...seen].sort()).to.deep.equal(seen);
  });

  it('resolves a council with its county and combined authority', async () => {
    const r = await server.gql(`{ a: council(gssCode: "E07000223") { name type county { gssCode name type } }
      b: council(gssCode: "E08000021") { name combinedAuthority { gssCode name type } } }`);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.a).to.deep.equal({ name: 'Adur', type: 'NON_METROPOLITAN_DISTRICT', county: { gssCode: 'E10000032', name: 'West Sussex', type: 'COUNTY' } });
    expect(r.data!.b.combinedAuthority.type).to.equal('COMBINED_AUTHORITY');
  });

  it('answers NOT_FOUND for an unknown GSS code and BAD_USER_INPUT with the argument path for a malformed one', async () => {
    const missing = onlyError(await server.gql(`{ council(gssCode: "E06999999") { name } }`));
    expect(missing.extensions?.code).to.equal('NOT_FOUND');
    expect(missing.extensions?.field).to.deep.equal(['gssCode']);
    const bad = onlyError(await server.gql(`{ council(gssCode: "W06000001x") { name } }`));
    expect(bad.extensions?.code).to.equal('BAD_USER_INPUT');
    expect(bad.extensions?.field).to.deep.equal(['gssCode']);
  });

  it('refuses bad paging arguments with BAD_USER_INPUT and the argument name', async () => {
    const tooMany = onlyError(await server.gql(`{ councils(first: 1000) { totalCount } }`));
    expect(tooMany.extensions).to.include({ code: 'BAD_USER_INPUT' });
    expect(tooMany.extensions?.field).to.deep.equal(['first']);
    const badCursor = onlyError(await server.gql(`{ councils(after: "not-a-cursor") { totalCount } }`));
    expect(badCursor.extensions?.field).to.deep.equal(['after']);
    const badEnum = onlyError(await server.gql(`{ councils(filter: { regions: [WALES] }) { totalCount } }`));
    expect(badEnum.extensions?.code).to.equal('GRAPHQL_VALIDATION_FAILED');
  });

  it('lists role families, roles and role levels with their ladder and expected skills', async () => {
    const r = await server.gql(`{
      roleFamilies { id name roles { id } }
      role(id: "user-researcher") { name family { name } levels { id name rank } }
      roleLevel(id: "senior-user-researcher") { name rank role { name } expectedSkills { proficiency skill { id name } } }
    }`);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.roleFamilies).to.have.length(7);
    expect(r.data!.roleFamilies.flatMap((f: { roles: unknown[] }) => f.roles)).to.have.length(48);
    expect(r.data!.role.levels.map((l: { name: string }) => l.name)).to.deep.equal([
      'Associate user researcher',
      'Junior user researcher',
      'User researcher',
      'Senior user researcher',
      'Lead user researcher',
      'Head of user research',
    ]);
    const senior = r.data!.roleLevel;
    expect(senior.rank).to.equal(3);
    expect(senior.role.name).to.equal('User researcher');
    expect(senior.expectedSkills.length).to.be.greaterThan(3);
    for (const e of senior.expectedSkills) expect(['AWARENESS', 'WORKING', 'PRACTITIONER', 'EXPERT']).to.include(e.proficiency);
  });

  it('pages role levels by role and searches skills by name', async () => {
    const r = await server.gql(`{
      roleLevels(familyId: "user-centred-design", first: 5) { totalCount nodes { id family { id } } pageInfo { hasNextPage } }
      skills(nameContains: "user research") { nodes { id name levelDescription(proficiency: EXPERT) } }
      all: skills(first: 200) { totalCount }
    }`);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.roleLevels.nodes).to.have.length(5);
    expect(r.data!.roleLevels.pageInfo.hasNextPage).to.equal(true);
    for (const n of r.data!.roleLevels.nodes) expect(n.family.id).to.equal('user-centred-design');
    expect(r.data!.skills.nodes.map((s: { name: string }) => s.name)).to.include('User research methods');
    expect(r.data!.skills.nodes[0].levelDescription).to.match(/\w/);
    expect(r.data!.all.totalCount).to.equal(188);
    const unknownRole = onlyError(await server.gql(`{ roleLevels(roleId: "astronaut") { totalCount } }`));
    expect(unknownRole.extensions).to.deep.include({ code: 'NOT_FOUND', field: ['roleId'] });
  });

  it('lists England and Wales bank holidays in a range and refuses a reversed range', async () => {
    const r = await server.gql(`{ bankHolidays(from: "2026-12-01", to: "2027-01-31") { date title } }`);
    expect(r.data!.bankHolidays.map((h: { date: string }) => h.date)).to.deep.equal(['2026-12-25', '2026-12-28', '2027-01-01']);
    const reversed = onlyError(await server.gql(`{ bankHolidays(from: "2027-01-31", to: "2026-12-01") { date } }`));
    expect(reversed.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
  });
});
