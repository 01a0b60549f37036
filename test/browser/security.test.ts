// The web pages' defences, over plain HTTP (no browser needed): CSRF tokens
// on every form, sign-in attempt limits per account and per address, the
// session cookie's attributes, security headers, and cached assets.
import { expect } from 'chai';
import { seedPools, userToken } from '../support/fixtures.ts';
import type { TestServer } from '../support/test-server.ts';
import { httpClient, PASSWORD, startWebServer } from './support.ts';

describe('web pages: CSRF, sign-in limits and headers', function () {
  this.timeout(60_000);
  let server: TestServer;
  let lead: { email: string };
  let other: { email: string };

  before(async function () {
    this.timeout(180_000);
    // Small limits so the test reaches them quickly.
    server = await startWebServer('web-security', { env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' } });
    await seedPools();
    lead = await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' });
    other = await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' });
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses a sign-in form posted without its CSRF token, or with a forged one', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    expect(c.csrfToken).to.match(/\S{20,}/);
    const none = await c.post('/sign-in', { email: lead.email, password: PASSWORD }, { csrf: false });
    expect(none.status).to.equal(403);
    expect(await none.text()).to.contain('Sorry, this form has expired');
    expect(c.cookies.has('tp.session')).to.equal(false);
    const forged = await c.post('/sign-in', { email: lead.email, password: PASSWORD }, { csrf: 'f'.repeat(64) + '.' + 'a'.repeat(64) });
    expect(forged.status).to.equal(403);
    // With the token the same post signs in.
    const ok = await c.post('/sign-in', { email: lead.email, password: PASSWORD });
    expect(ok.status).to.equal(303);
    expect(c.cookies.has('tp.session')).to.equal(true);
  });

  it('refuses a sign-out posted without a token, and a token from before signing in', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    const beforeSignIn = c.csrfToken;
    await c.post('/sign-in', { email: lead.email, password: PASSWORD });
    expect((await c.get('/')).status).to.equal(200);
    expect((await c.post('/sign-out', {}, { csrf: false })).status).to.equal(403);
    // A token bound to the signed-out visit (and its cookie) is no good for the session.
    expect((await c.post('/sign-out', {}, { csrf: beforeSignIn })).status).to.equal(403);
    expect((await c.get('/')).status).to.equal(200);
    const out = await c.post('/sign-out', {});
    expect(out.status).to.equal(303);
    expect(out.headers.get('location')).to.equal('/sign-in');
    expect((await c.get('/')).headers.get('location')).to.equal('/sign-in');
  });

  it('sets the session cookie httpOnly, SameSite=Lax, for the whole site, with an expiry', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    const res = await c.post('/sign-in', { email: lead.email, password: PASSWORD });
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('tp.session='))!;
    expect(cookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i).and.match(/Path=\//).and.match(/Max-Age=28800/);
    // Secure only in production (tests and development are plain HTTP).
    expect(cookie).to.not.match(/Secure/i);
  });

  it('limits failed sign-ins per account: HTTP 429 with the GOV.UK error, even with the right password', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    for (let i = 0; i < 3; i++) expect((await c.post('/sign-in', { email: lead.email, password: 'wrong password' })).status).to.equal(401);
    const blocked = await c.post('/sign-in', { email: lead.email, password: PASSWORD });
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
    const html = await blocked.text();
    expect(html).to.match(/govuk-error-summary[\s\S]*Too many sign-in attempts. Wait 15 minutes and try again/);
    expect(c.cookies.has('tp.session')).to.equal(false);
    // Another account from the same address may still sign in.
    expect((await c.post('/sign-in', { email: other.email, password: PASSWORD })).status).to.equal(303);
  });

  it('limits failed sign-ins per address, whichever accounts they name', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    // 3 failures already came from this address in the test before; 3 more reach its limit of 6.
    for (let i = 0; i < 3; i++) expect((await c.post('/sign-in', { email: `nobody-${i}@example.test`, password: 'wrong password' })).status).to.equal(401);
    const blocked = await c.post('/sign-in', { email: other.email, password: PASSWORD });
    expect(blocked.status).to.equal(429);
    expect(await blocked.text()).to.contain('Too many sign-in attempts');
  });

  it('sends security headers with a nonce for the one inline script, and no inline script without it', async () => {
    const res = await httpClient(server).get('/sign-in');
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).to.be.a('string');
    expect(csp).to.contain("default-src 'self'").and.contain("frame-ancestors 'none'").and.contain("form-action 'self'").and.not.contain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    for (const attrs of scripts) expect(attrs.includes(`nonce="${nonce}"`) || /src="\/assets\//.test(attrs), attrs).to.equal(true);
    expect(html).to.contain('<body class="govuk-template__body"');
  });

  it("serves govuk-frontend's styles, script, fonts and images under /assets with caching headers", async () => {
    const c = httpClient(server);
    for (const [path, type] of [
      ['/assets/govuk-frontend.min.css', 'text/css'],
      ['/assets/govuk-frontend.min.js', 'javascript'],
      ['/assets/app/init.js', 'javascript'],
      ['/assets/fonts/bold-b542beb274-v2.woff2', 'font/woff2'],
      ['/assets/images/favicon.svg', 'image/svg+xml'],
      ['/assets/manifest.json', 'json'],
    ] as const) {
      const res = await c.get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.contain(type);
      expect(res.headers.get('cache-control'), path).to.equal('public, max-age=86400');
      expect(res.headers.get('etag'), path).to.be.a('string');
    }
    expect((await c.get('/assets/nothing-here.css')).status).to.equal(404);
  });

  it('answers an unknown page with a GOV.UK "Page not found", and leaves the API where it was', async () => {
    const c = httpClient(server);
    const res = await c.get('/no-such-page');
    expect(res.status).to.equal(404);
    expect(await res.text()).to.contain('Page not found');
    expect((await c.get('/healthz')).status).to.equal(200);
    const api = await server.gql('{ apiVersion }');
    expect(api.data).to.deep.equal({ apiVersion: '0.1.0' });
  });
});
