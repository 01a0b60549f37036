// Accounts over HTTP: a new password (your own, or an admin's reset; never a
// short or common one), signing out everywhere and deactivation
// each revoke the tokens and web sessions signed before, at once; a
// deactivated account cannot sign in until an admin reactivates it.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { PASSWORD, loginAs, seedPools, userToken } from '../support/fixtures.ts';
import { httpClient, signInOverHttp } from '../../scripts/web/http-client.ts';

const ME = `{ me { email active } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token user { email } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(id: $id) { id active } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

describe('accounts: passwords, signing out everywhere, deactivation', function () {
  this.timeout(120_000);
  let server: TestServer;
  let admin: { token: string; userId: string };

  before(async () => {
    server = await startTestServer({ label: 'accounts' });
    await seedPools();
    admin = await userToken(server, 'ADMIN');
  });
  after(() => server?.stop());

  /** A signed-in web session, as a browser would hold it. */
  async function webSession(email: string, password = PASSWORD) {
    const web = httpClient(server);
    await signInOverHttp(web, email, password);
    expect((await web.get('/')).status).to.equal(200);
    return web;
  }
  const signedOut = async (web: ReturnType<typeof httpClient>) => {
    const res = await web.get('/');
    return res.status === 302 || res.status === 303 ? res.headers.get('location') : null;
  };

  it('a new password revokes every older token and session, and the token it returns works', async () => {
    const u = await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' });
    const other = await loginAs(server, u.email);
    const web = await webSession(u.email);

    const wrong = onlyError(await server.gql(CHANGE, { c: 'not my password', n: 'a brand new passphrase' }, u.token));
    expect(wrong.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['currentPassword'] });
    const short = onlyError(await server.gql(CHANGE, { c: PASSWORD, n: 'short' }, u.token));
    expect(short.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['newPassword'] });
    // Refusals change nothing.
    expect((await server.gql(ME, {}, other)).errors).to.equal(undefined);

    const r = await server.gql(CHANGE, { c: PASSWORD, n: 'a brand new passphrase' }, u.token);
    expect(r.errors).to.equal(undefined);
    for (const old of [u.token, other]) {
      const e = onlyError(await server.gql(ME, {}, old));
      expect(e.extensions?.code).to.equal('UNAUTHENTICATED');
      expect(e.message).to.match(/revoked/);
    }
    expect(await signedOut(web)).to.match(/^\/sign-in/);
    expect((await server.gql(ME, {}, r.data!.changePassword.token)).data!.me).to.deep.equal({ email: u.email, active: true });
    // The old password no longer signs in; the new one does.
    expect(onlyError(await server.gql(LOGIN, { e: u.email, p: PASSWORD })).extensions?.code).to.equal('UNAUTHENTICATED');
    expect((await server.gql(LOGIN, { e: u.email, p: 'a brand new passphrase' })).errors).to.equal(undefined);
  });

  it('an admin resets a lost password: the new one signs in, the old one and every older token and session stop', async () => {
    const RESET = `mutation($id: ID!, $n: String!) { resetUserPassword(id: $id, newPassword: $n) { id active } }`;
    const u = await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000021' });
    const web = await webSession(u.email);
    for (const who of [u, await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })]) {
      expect(onlyError(await server.gql(RESET, { id: u.userId, n: 'a fresh passphrase' }, who.token)).extensions?.code).to.equal('FORBIDDEN');
    }
    expect(onlyError(await server.gql(RESET, { id: u.userId, n: 'short' }, admin.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['newPassword'] });
    // Long enough, but among the most common passwords (fxa-common-password-list): refused the same way, whoever sets it.
    const common = onlyError(await server.gql(RESET, { id: u.userId, n: 'Password123' }, admin.token));
    expect(common.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['newPassword'] });
    expect(common.message).to.match(/most commonly used passwords/);
    expect(onlyError(await server.gql(CHANGE, { c: PASSWORD, n: 'qwertyuiop' }, u.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['newPassword'] });
    const created = onlyError(
      await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'common@example.test', name: 'Common', password: '1234567890', role: 'ADMIN' } }, admin.token),
    );
    expect(created.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'password'] });
    expect(onlyError(await server.gql(RESET, { id: '0123456789abcdef01234567', n: 'a fresh passphrase' }, admin.token)).extensions?.code).to.equal('NOT_FOUND');
    expect((await server.gql(ME, {}, u.token)).errors).to.equal(undefined); // nothing changed by the refusals

    const r = await server.gql(RESET, { id: u.userId, n: 'a fresh passphrase' }, admin.token);
    expect(r.data!.resetUserPassword).to.deep.equal({ id: u.userId, active: true });
    expect(onlyError(await server.gql(ME, {}, u.token)).extensions?.code).to.equal('UNAUTHENTICATED');
    expect(await signedOut(web)).to.match(/^\/sign-in/);
    expect(onlyError(await server.gql(LOGIN, { e: u.email, p: PASSWORD })).extensions?.code).to.equal('UNAUTHENTICATED');
    const token = await loginAs(server, u.email, 'a fresh passphrase');
    expect((await server.gql(ME, {}, token)).data!.me.email).to.equal(u.email);
  });

  it('signing out everywhere ends every token and session, this one included', async () => {
    const u = await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000021' });
    const web = await webSession(u.email);
    const r = await server.gql(`mutation { signOutEverywhere }`, {}, u.token);
    expect(r.data).to.deep.equal({ signOutEverywhere: true });
    expect(onlyError(await server.gql(ME, {}, u.token)).extensions?.code).to.equal('UNAUTHENTICATED');
    expect(await signedOut(web)).to.match(/^\/sign-in/);
    // Signing in again gives a working token.
    expect((await server.gql(ME, {}, await loginAs(server, u.email))).errors).to.equal(undefined);
  });

  it('an admin deactivates an account: its tokens and sessions are refused and it cannot sign in, until reactivated', async () => {
    const u = await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000021' });
    const web = await webSession(u.email);
    // Only admins; not their own account.
    expect(onlyError(await server.gql(DEACTIVATE, { id: admin.userId }, u.token)).extensions?.code).to.equal('FORBIDDEN');
    expect(onlyError(await server.gql(DEACTIVATE, { id: admin.userId }, admin.token)).extensions).to.deep.include({ code: 'CONFLICT', field: ['id'] });
    expect(onlyError(await server.gql(DEACTIVATE, { id: '0123456789abcdef01234567' }, admin.token)).extensions?.code).to.equal('NOT_FOUND');

    expect((await server.gql(DEACTIVATE, { id: u.userId }, admin.token)).data!.deactivateUser).to.deep.equal({ id: u.userId, active: false });
    expect(onlyError(await server.gql(ME, {}, u.token)).message).to.match(/deactivated/);
    expect(await signedOut(web)).to.match(/^\/sign-in/);
    const login = onlyError(await server.gql(LOGIN, { e: u.email, p: PASSWORD }));
    expect(login.extensions).to.deep.include({ code: 'UNAUTHENTICATED' });
    expect(login.message).to.match(/deactivated/);
    // A wrong password still says only that: nothing about the account to someone without it.
    expect(onlyError(await server.gql(LOGIN, { e: u.email, p: 'a wrong password' })).message).to.equal('Email or password is wrong');
    // The sign-in page says why.
    const page = httpClient(server);
    await page.get('/sign-in');
    const refused = await page.post('/sign-in', { email: u.email, password: PASSWORD });
    expect(refused.status).to.equal(403);
    expect(await refused.text()).to.contain('This account has been deactivated');

    expect((await server.gql(REACTIVATE, { id: u.userId }, admin.token)).data!.reactivateUser).to.deep.equal({ id: u.userId, active: true });
    // Tokens from before stay revoked; a new sign-in works.
    expect(onlyError(await server.gql(ME, {}, u.token)).extensions?.code).to.equal('UNAUTHENTICATED');
    expect((await server.gql(ME, {}, await loginAs(server, u.email))).data!.me).to.deep.equal({ email: u.email, active: true });
    const events = await server.gql(`query($id: ID!) { auditEvents(filter: { entityType: User, entityId: $id }, first: 10) { nodes { action } } }`, { id: u.userId }, admin.token);
    expect(events.data!.auditEvents.nodes.map((n: { action: string }) => n.action)).to.deep.equal(['user.deactivate', 'user.reactivate']);
  });
});
