// Query limits over HTTP against the real server: depth, aliases, tokens,
// cost, batch length and body size are refused before any resolver runs, each
// with its own code and limit, for anonymous and signed-in callers alike; and
// production answers carry no "Did you mean ...?" suggestions.
import { expect } from 'chai';
import { getIntrospectionQuery } from 'graphql';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string; limit?: number } }[] } | unknown[];
}

async function post(server: TestServer, body: unknown, token?: string): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** The one error of a refusal: HTTP 400 (or `status`), no data, the code and the limit named in the message. */
function refused(r: { status: number; data?: unknown; errors?: { message: string; extensions?: { code?: string; limit?: number } }[] }, code: string, limit: number, status = 400) {
  expect(r.status, JSON.stringify(r.errors)).to.equal(status);
  expect(r.data ?? undefined).to.equal(undefined);
  const e = onlyError(r as never) as { message: string; extensions?: { code?: string; limit?: number } };
  expect(e.extensions?.code).to.equal(code);
  expect(e.extensions?.limit).to.equal(limit);
  expect(e.message).to.contain(String(limit));
  return e;
}

/** `levels { role { ... } }` n times around `inner`, under role(id). */
function roleNesting(n: number, inner = 'id') {
  let q = inner;
  for (let i = 0; i < n; i++) q = `levels { role { ${q} } }`;
  return `{ role(id: "solution-architect") { ${q} } }`;
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('query limits', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer({ label: 'query-limits', reference: true });
    admin = (await userToken(server, 'ADMIN')).token;
  });
  after(() => server?.stop());

  it('has defaults that leave room for every test and README query', () => {
    expect(server.config).to.include({
      GRAPHQL_MAX_DEPTH: 15,
      GRAPHQL_MAX_ALIASES: 30,
      GRAPHQL_MAX_TOKENS: 2000,
      GRAPHQL_MAX_COST: 50_000,
      GRAPHQL_MAX_BATCH_SIZE: 5,
      GRAPHQL_MAX_BODY_BYTES: 102_400,
    });
  });

  describe('anonymous reference-data queries', () => {
    it('refuses the 25-level role nesting at validation, while a normal anonymous request is answered alongside', async () => {
      const [nested, normal] = await Promise.all([server.gql(roleNesting(25)), server.gql(`{ councils(first: 5) { totalCount nodes { gssCode name } } }`)]);
      const e = refused(nested, 'QUERY_TOO_DEEP', 15);
      expect(e.message).to.contain('52');
      expect(normal.status).to.equal(200);
      expect(normal.errors).to.equal(undefined);
      expect(normal.data!.councils.nodes).to.have.length(5);
      expect(normal.data!.councils.totalCount).to.equal(332);
    });

    it('refuses lists inside lists by their sizes even when shallow enough (cost)', async () => {
      // 14 fields deep (under 15), but six nested `levels` lists multiply.
      refused(await server.gql(roleNesting(6)), 'QUERY_TOO_COMPLEX', 50_000);
      // The same shape two levels down is a normal query.
      const ok = await server.gql(roleNesting(1, 'name'));
      expect(ok.errors).to.equal(undefined);
      expect((ok.data!.role.levels as unknown[]).length).to.be.greaterThan(0);
    });

    it('refuses 2,000 aliases of councils(first: 200)', async () => {
      refused(await server.gql(aliases(2000, 'councils(first: 200) { nodes { gssCode } }')), 'TOO_MANY_TOKENS', 2000);
    });

    it('refuses more aliases than the limit, even of cheap fields, and answers up to the limit', async () => {
      const e = refused(await server.gql(aliases(100, 'councils(first: 1) { nodes { gssCode } }')), 'TOO_MANY_ALIASES', 30);
      expect(e.message).to.contain('100');
      const ok = await server.gql(aliases(30, 'councils(first: 1) { nodes { gssCode } }'));
      expect(ok.errors).to.equal(undefined);
      expect(ok.data!.a29.nodes).to.deep.equal([{ gssCode: 'E06000001' }]);
    });

    it('multiplies pages of pages: 10 aliases of councils(first: 200) with nested councils are answered, role levels inside a 200-page of role levels are not', async () => {
      const ok = await server.gql(aliases(10, 'councils(first: 200) { nodes { gssCode county { name } combinedAuthority { name } } }'));
      expect(ok.errors).to.equal(undefined);
      expect(ok.data!.a0.nodes).to.have.length(200);
      // Each skill page nested in a role-level page: 200 x 200 (x expected skills).
      refused(await server.gql(`{ roleLevels(first: 200) { nodes { expectedSkills { skill { name } } role { levels { expectedSkills { skill { name } } } } } } }`), 'QUERY_TOO_COMPLEX', 50_000);
    });
  });

  it('refuses a query nested 301 deep', async () => {
    // role + 149 x (levels, role) + levels + id = 301 fields deep
    let q = 'levels { id }';
    for (let i = 0; i < 149; i++) q = `levels { role { ${q} } }`;
    const e = refused(await server.gql(`{ role(id: "solution-architect") { ${q} } }`), 'QUERY_TOO_DEEP', 15);
    expect(e.message).to.contain('301');
  });

  describe('signed in as an admin', () => {
    it('refuses 1,000 aliases of practitioners(first: 200)', async () => {
      refused(await server.gql(aliases(1000, 'practitioners(first: 200) { nodes { id } }'), {}, admin), 'TOO_MANY_TOKENS', 2000);
      // Fewer tokens, still too many aliases.
      refused(await server.gql(aliases(100, 'practitioners(first: 200) { nodes { id } }'), {}, admin), 'TOO_MANY_ALIASES', 30);
    });

    it('prices the expensive fields: a 200-page of practitioners with contracts, pools and capacity is refused, a smaller page answered', async () => {
      const query = (first: number) => `{ practitioners(first: ${first}) { nodes { id skills { skill { name } } contracts { pool { footprint { name } } }
        capacity(from: "2026-01-05", to: "2027-12-31") { week freeDays } } } }`;
      refused(await server.gql(query(200), {}, admin), 'QUERY_TOO_COMPLEX', 50_000);
      const ok = await server.gql(query(20), {}, admin);
      expect(ok.errors).to.equal(undefined);
      expect(ok.data!.practitioners.nodes).to.deep.equal([]);
    });

    it('counts variables: first given as a variable multiplies like a literal', async () => {
      const q = `query($n: Int) { roleLevels(first: $n) { nodes { role { levels { expectedSkills { skill { name } } } } } } }`;
      refused(await server.gql(q, { n: 200 }, admin), 'QUERY_TOO_COMPLEX', 50_000);
      const ok = await server.gql(q, { n: 2 }, admin);
      expect(ok.errors).to.equal(undefined);
      expect(ok.data!.roleLevels.nodes).to.have.length(2);
    });
  });

  describe('HTTP requests', () => {
    it('refuses a body over the limit with 413 and PAYLOAD_TOO_LARGE', async () => {
      const r = await post(server, { query: '{ apiVersion }', variables: { pad: 'x'.repeat(200_000) } });
      expect(r.status).to.equal(413);
      const body = r.body as { errors: { message: string; extensions: { code: string; limit: number } }[] };
      expect(body.errors).to.have.length(1);
      expect(body.errors[0]!.extensions).to.deep.equal({ code: 'PAYLOAD_TOO_LARGE', limit: 102_400 });
      expect(body.errors[0]!.message).to.contain('102400');
      // Just under the limit is a normal request.
      const ok = await post(server, { query: '{ apiVersion }', variables: { pad: 'x'.repeat(90_000) } });
      expect(ok.status).to.equal(200);
    });

    it('answers a batch of up to 5 operations and refuses a longer one with BATCH_TOO_LARGE', async () => {
      const op = { query: '{ apiVersion }' };
      const ok = await post(server, [op, { query: '{ councils(first: 1) { totalCount } }' }]);
      expect(ok.status).to.equal(200);
      expect(ok.body).to.have.length(2);
      expect((ok.body as { data: { councils?: { totalCount: number } } }[])[1]!.data.councils!.totalCount).to.equal(332);
      const five = await post(server, Array.from({ length: 5 }, () => op));
      expect(five.status).to.equal(200);
      expect(five.body).to.have.length(5);

      const r = await post(server, Array.from({ length: 6 }, () => op));
      expect(r.status).to.equal(400);
      const body = r.body as { errors: { message: string; extensions: { code: string; limit: number } }[] };
      expect(body.errors[0]!.extensions).to.deep.equal({ code: 'BATCH_TOO_LARGE', limit: 5 });
      expect(body.errors[0]!.message).to.contain('6').and.contain('5');
    });

    it('limits every operation of a batch', async () => {
      const r = await post(server, [{ query: '{ apiVersion }' }, { query: roleNesting(25) }]);
      const [first, second] = r.body as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
      expect(first!.data).to.deep.equal({ apiVersion: '0.1.0' });
      expect(second!.errors![0]!.extensions.code).to.equal('QUERY_TOO_DEEP');
    });

    it('limits GET requests too', async () => {
      const q = `{ apiVersion(x: [${'1 '.repeat(2100)}]) }`;
      const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(q)}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(res.status).to.equal(400);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).to.equal('TOO_MANY_TOKENS');
    });
  });

  describe('normal requests', () => {
    it("answers the README's reference-data queries", async () => {
      const councils = await server.gql(`{
        councils(filter: { regions: [NORTH_EAST], types: [UNITARY_AUTHORITY, METROPOLITAN_DISTRICT] }) {
          totalCount
          nodes { gssCode name type combinedAuthority { name } }
        }
      }`);
      expect(councils.errors).to.equal(undefined);
      expect(councils.data!.councils.totalCount).to.equal(12);
      const also = await server.gql(`{
        council(gssCode: "E07000223") { name officialName type region county { name } }
        roleFamilies { name roles { name } }
        role(id: "user-researcher") { levels { id name rank } }
        roleLevel(id: "senior-user-researcher") { name expectedSkills { proficiency skill { name } } }
        skills(nameContains: "research", first: 10) { nodes { id name levelDescription(proficiency: PRACTITIONER) } pageInfo { hasNextPage endCursor } }
        bankHolidays(from: "2026-12-01", to: "2027-01-31") { date title }
      }`);
      expect(also.errors).to.equal(undefined);
      expect(also.data!.council.name).to.be.a('string');
      expect(also.data!.bankHolidays).to.have.length.greaterThan(0);
    });

    it('answers the full introspection query (introspection on outside production)', async () => {
      const r = await server.gql(
        getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
      );
      expect(r.errors).to.equal(undefined);
      expect(r.data!.__schema.queryType.name).to.equal('Query');
    });

    it('keeps the suggestions outside production', async () => {
      const field = onlyError(await server.gql(`{ practitionr(id: "x") { id } }`));
      expect(field.message).to.contain('Did you mean "practitioner" or "practitioners"?');
      const arg = onlyError(await server.gql(`{ councils(frist: 5) { totalCount } }`));
      expect(arg.message).to.contain('Did you mean "first"?');
    });
  });
});

// One in-process server at a time (they share the database connection): this one starts after the other stops.
describe('query limits in production', function () {
  this.timeout(120_000);
  let prod: TestServer;
  before(async () => {
    prod = await startTestServer({ label: 'query-limits-prod', reference: false, env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-more-than-32-characters' } });
  });
  after(() => prod?.stop());

  it('names no field, argument, enum value or input field in "Did you mean" suggestions', async () => {
    const field = onlyError(await prod.gql(`{ practitionr(id: "x") { id } }`));
    expect(field.extensions?.code).to.equal('GRAPHQL_VALIDATION_FAILED');
    expect(field.message).to.contain('Cannot query field "practitionr"');
    const arg = onlyError(await prod.gql(`{ councils(frist: 5) { totalCount } }`));
    expect(arg.message).to.contain('Unknown argument "frist"');
    const enumValue = await prod.gql(`{ councils(filter: { regions: [NORTH_EAS] }) { totalCount } }`);
    const variable = await prod.gql(`query($f: CouncilFilter) { councils(filter: $f) { totalCount } }`, { f: { regins: ['NORTH_EAST'] } });
    expect(variable.errors).to.have.length(1);
    for (const e of [field, arg, ...enumValue.errors!, ...variable.errors!]) expect(e.message).to.not.match(/did you mean/i);
  });

  it('still refuses queries over the limits with their codes, and answers normal ones', async () => {
    refused(await prod.gql(roleNesting(25)), 'QUERY_TOO_DEEP', 15);
    expect((await prod.gql('{ apiVersion }')).data).to.deep.equal({ apiVersion: '0.1.0' });
  });
});
