// Sign-in attempt limits over the API: failed logins count per account and
// per address, past either limit login is refused with RATE_LIMITED (and
// when to try again) before any password is checked, and the web sign-in
// counts in the same place (server/auth/login-limits.ts).
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { PASSWORD, userToken } from '../support/fixtures.ts';
import { httpClient } from '../../scripts/web/http-client.ts';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

describe('login attempt limits', function () {
  this.timeout(60_000);
  let server: TestServer;
  const email: Record<string, string> = {};

  before(async () => {
    server = await startTestServer({ label: 'login-limits', env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8', LOGIN_BLOCK_SECONDS: '600' } });
    for (const k of ['a', 'b', 'c', 'd']) email[k] = (await userToken(server, 'ADMIN')).email;
  });
  after(() => server?.stop());

  const login = (e: string, p: string) => server.gql<{ login: { token: string } }>(LOGIN, { e, p });

  it('refuses an account after its failures, even with the right password, saying when to try again', async () => {
    for (let i = 0; i < 3; i++) expect(onlyError(await login(email.a!, 'wrong password')).extensions?.code).to.equal('UNAUTHENTICATED');
    const refused = onlyError(await login(email.a!, PASSWORD));
    expect(refused.extensions?.code).to.equal('RATE_LIMITED');
    expect(refused.extensions?.details?.retryable).to.equal(true);
    expect(refused.extensions?.details?.retryAfterSeconds).to.be.within(1, 600);
    // Another account is not affected.
    expect((await login(email.b!, PASSWORD)).data?.login.token).to.be.a('string');
  });

  it('counts the web sign-in and the API together, and a success clears the account', async () => {
    const web = httpClient(server);
    await web.get('/sign-in');
    expect((await web.post('/sign-in', { email: email.c!, password: 'wrong password', next: '/' })).status).to.equal(401);
    expect(onlyError(await login(email.c!, 'wrong password')).extensions?.code).to.equal('UNAUTHENTICATED');
    expect((await login(email.c!, PASSWORD)).data?.login.token).to.be.a('string');
    // Cleared: two more failures are allowed before the third locks it.
    for (let i = 0; i < 2; i++) expect(onlyError(await login(email.c!, 'wrong password')).extensions?.code).to.equal('UNAUTHENTICATED');
    expect((await login(email.c!, PASSWORD)).data?.login.token).to.be.a('string');
  });

  it('refuses an address after its failures, whichever accounts they name', async () => {
    // 3 + 1 + 1 + 2 failures so far from this address; one more reaches 8.
    expect(onlyError(await login('nobody@example.test', 'x')).extensions?.code).to.equal('UNAUTHENTICATED');
    expect(onlyError(await login(email.d!, PASSWORD)).extensions?.code).to.equal('RATE_LIMITED');
  });
});
