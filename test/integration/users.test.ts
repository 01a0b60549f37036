import { expect } from 'chai';
import { signToken } from '../../server/auth/tokens.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { PASSWORD, loginAs, seedPools, userToken } from '../support/fixtures.ts';
import { seedPractitioner } from '../support/practitioners.ts';

describe('users, login and pools', function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: string;
  let lead: string;
  let requester: string;
  let practitioner: string;
  before(async () => {
    server = await startTestServer({ label: 'users' });
    await seedPools();
    admin = (await userToken(server, 'ADMIN')).token;
    lead = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    requester = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000021' })).token;
    practitioner = (await userToken(server, 'PRACTITIONER', { practitionerId: (await seedPractitioner()).id })).token;
  });
  after(() => server?.stop());

  it('logs in with a password and answers me with the role and scope', async () => {
    const r = await server.gql(`{ me { email role council { name } pool { id } } }`, {}, requester);
    expect(r.data!.me).to.deep.include({ role: 'COUNCIL_REQUESTER', council: { name: 'Newcastle upon Tyne' }, pool: null });
    const l = await server.gql(`{ me { role pool { id name footprint { gssCode } } } }`, {}, lead);
    expect(l.data!.me.pool.id).to.equal('north-east-ca');
    expect(l.data!.me.pool.footprint).to.have.length(7);
  });

  it('refuses a wrong password or unknown email the same way', async () => {
    const wrong = onlyError(await server.gql(`mutation { login(email: "admin-1@example.test", password: "nope nope nope") { token } }`));
    const unknown = onlyError(await server.gql(`mutation { login(email: "nobody@example.test", password: "${PASSWORD}") { token } }`));
    expect(wrong.extensions?.code).to.equal('UNAUTHENTICATED');
    expect(unknown.message).to.equal(wrong.message);
  });

  it('refuses missing, malformed, forged and expired tokens with UNAUTHENTICATED', async () => {
    expect(onlyError(await server.gql(`{ me { email } }`)).extensions?.code).to.equal('UNAUTHENTICATED');
    expect(onlyError(await server.gql(`{ me { email } }`, {}, 'garbage')).extensions?.code).to.equal('UNAUTHENTICATED');
    const forged = await signToken({ userId: '000000000000000000000000', version: 0 }, 'another-secret-that-is-long-enough-000', 3600);
    expect(onlyError(await server.gql(`{ me { email } }`, {}, forged.token)).extensions?.code).to.equal('UNAUTHENTICATED');
    const me = await server.gql(`{ me { id } }`, {}, admin);
    const expired = await signToken({ userId: me.data!.me.id, version: 0 }, server.config.JWT_SECRET, 60, new Date(Date.now() - 3600_000));
    const e = onlyError(await server.gql(`{ me { email } }`, {}, expired.token));
    expect(e.extensions?.code).to.equal('UNAUTHENTICATED');
    expect(e.message).to.match(/expired/);
    // Public reference data still answers for anonymous callers.
    expect((await server.gql(`{ council(gssCode: "E06000001") { name } }`)).data).to.deep.equal({ council: { name: 'Hartlepool' } });
  });

  it('lets only an admin create users, validating scope before writing', async () => {
    const mutation = `mutation($i: CreateUserInput!) { createUser(input: $i) { email role council { gssCode } } }`;
    const input = { email: 'new.requester@example.test', name: 'New Requester', password: 'long enough pw', role: 'COUNCIL_REQUESTER', councilId: 'E06000001' };
    for (const token of [lead, requester, practitioner, undefined]) {
      const err = onlyError(await server.gql(mutation, { i: input }, token));
      expect(err.extensions?.code).to.equal(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    const badCouncil = onlyError(await server.gql(mutation, { i: { ...input, councilId: 'E06999999' } }, admin));
    expect(badCouncil.extensions).to.deep.include({ code: 'NOT_FOUND', field: ['input', 'councilId'] });
    const noScope = onlyError(await server.gql(mutation, { i: { ...input, councilId: null } }, admin));
    expect(noScope.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'councilId'] });
    const shortPw = onlyError(await server.gql(mutation, { i: { ...input, password: 'short' } }, admin));
    expect(shortPw.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'password'] });
    expect(onlyError(await server.gql(`mutation { login(email: "new.requester@example.test", password: "long enough pw") { token } }`)).extensions?.code).to.equal('UNAUTHENTICATED');

    const ok = await server.gql(mutation, { i: input }, admin);
    expect(ok.data!.createUser).to.deep.equal({ email: 'new.requester@example.test', role: 'COUNCIL_REQUESTER', council: { gssCode: 'E06000001' } });
    expect(await loginAs(server, 'new.requester@example.test', 'long enough pw')).to.be.a('string');
    const dup = onlyError(await server.gql(mutation, { i: input }, admin));
    expect(dup.extensions?.code).to.equal('CONFLICT');
  });

  it('lets only an admin create pools and set footprints; anyone signed in can list them', async () => {
    const create = `mutation($i: CreatePoolInput!) { createPool(input: $i) { id footprint { gssCode } } }`;
    const input = { id: 'london', name: 'London digital pool', footprint: ['E09000001', 'E09000002'] };
    expect(onlyError(await server.gql(create, { i: input }, lead)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(create, { i: input }, requester)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(create, { i: input }, practitioner)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(create, { i: input })).extensions?.code).to.equal('UNAUTHENTICATED');
    const bad = onlyError(await server.gql(create, { i: { ...input, footprint: ['E09000001', 'E09999999'] } }, admin));
    expect(bad.extensions).to.deep.include({ code: 'NOT_FOUND', field: ['input', 'footprint', 1] });
    expect((await server.gql(create, { i: input }, admin)).data!.createPool.footprint).to.have.length(2);
    const setFp = `mutation { setPoolFootprint(id: "london", footprint: ["E09000003"]) { footprint { gssCode } } }`;
    for (const token of [lead, requester, practitioner]) expect(onlyError(await server.gql(setFp, {}, token)).extensions?.code).to.equal('FORBIDDEN');
    expect((await server.gql(setFp, {}, admin)).data!.setPoolFootprint.footprint).to.deep.equal([{ gssCode: 'E09000003' }]);
    const list = await server.gql(`{ pools { id } }`, {}, requester);
    expect(list.data!.pools.map((p: { id: string }) => p.id)).to.deep.equal(['london', 'north-east-ca', 'tees-valley']);
  });
});
