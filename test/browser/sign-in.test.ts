// Signing in and out of the web pages in real Chromium: good and bad
// passwords, where a signed-out request is sent, the same journey with
// JavaScript off and by keyboard alone, each page checked by axe.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { userToken } from '../support/fixtures.ts';
import { seedPools } from '../support/fixtures.ts';
import type { TestServer } from '../support/test-server.ts';
import { errorSummary, expectNoAxeViolations, launchBrowser, newPage, signIn, startWebServer } from './support.ts';

describe('browser: signing in and out', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let lead: { email: string };

  before(async function () {
    this.timeout(180_000);
    server = await startWebServer('web-sign-in');
    await seedPools();
    lead = await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a signed-out visitor to sign in, then back to where they were going', async () => {
    const page = await newPage(browser, server);
    const res = await page.goto('/');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    expect(res!.status()).to.equal(200);
    await expect(await page.title()).to.equal('Sign in - Talent pool');
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('signs in with the right password: the header names the user, the home page shows', async () => {
    const page = await newPage(browser, server);
    await signIn(page, lead.email);
    expect(new URL(page.url()).pathname).to.equal('/');
    expect(await page.locator('h1').innerText()).to.equal('Waiting for your decision');
    expect(await page.locator('[data-test="signed-in-as"]').innerText()).to.match(/PROGRAMME_LEAD \d+ \(Programme lead\)/);
    // The service navigation marks the page the user is on.
    expect(await page.locator('.govuk-service-navigation a[aria-current="page"]').innerText()).to.equal('Home');
    await expectNoAxeViolations(page);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tp.session');
    expect(cookie, 'session cookie').to.not.equal(undefined);
    expect(cookie!.httpOnly).to.equal(true);
    expect(cookie!.sameSite).to.equal('Lax');
    await page.context().close();
  });

  it('refuses a wrong password with the error summary and keeps the email typed', async () => {
    const page = await newPage(browser, server);
    await signIn(page, lead.email, 'not the password');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    expect(await page.title()).to.equal('Error: Sign in - Talent pool');
    expect(await errorSummary(page)).to.deep.equal(['Enter a correct email address and password']);
    expect(await page.locator('#email-error').innerText()).to.contain('Enter a correct email address and password');
    expect(await page.getByLabel('Email address').inputValue()).to.equal(lead.email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).to.equal('');
    // The summary takes focus (govuk-frontend's ErrorSummary), and its link goes to the field.
    expect(await page.locator('.govuk-error-summary:focus').count()).to.equal(1);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('asks for both fields when they are left empty', async () => {
    const page = await newPage(browser, server);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await errorSummary(page)).to.deep.equal(['Enter your email address', 'Enter your password']);
    await page.getByRole('link', { name: 'Enter your password' }).click();
    expect(await page.locator('#password:focus').count()).to.equal(1);
    await page.context().close();
  });

  it('goes back to a same-site "next" after signing in, and never to another site', async () => {
    const page = await newPage(browser, server);
    await page.goto('/sign-in?next=%2F%3Ffrom%3Dlink');
    await signIn(page, lead.email);
    expect(new URL(page.url()).search).to.equal('?from=link');
    await page.context().close();

    const other = await newPage(browser, server);
    await other.goto('/sign-in?next=%2F%2Fevil.example%2F');
    await signIn(other, lead.email);
    expect(new URL(other.url()).origin).to.equal(new URL(server.url).origin);
    expect(new URL(other.url()).pathname).to.equal('/');
    await other.context().close();
  });

  it('signs out: the session ends and pages send the visitor to sign in again', async () => {
    const page = await newPage(browser, server);
    await signIn(page, lead.email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    expect((await page.context().cookies()).some((c) => c.name === 'tp.session')).to.equal(false);
    await page.goto('/');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    await page.context().close();
  });

  it('works with JavaScript turned off: error summary, then signed in and out', async () => {
    const page = await newPage(browser, server, { javaScriptEnabled: false });
    await page.goto('/sign-in');
    // Without JavaScript the password field has no show/hide button, and the body no js-enabled class.
    expect(await page.locator('body').getAttribute('class')).to.not.contain('js-enabled');
    expect(await page.locator('.govuk-password-input__toggle:visible').count()).to.equal(0);
    await signIn(page, lead.email, 'wrong password');
    expect(await errorSummary(page)).to.deep.equal(['Enter a correct email address and password']);
    await expectNoAxeViolations(page);
    await signIn(page, lead.email);
    expect(new URL(page.url()).pathname).to.equal('/');
    expect(await page.locator('h1').innerText()).to.equal('Waiting for your decision');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    await page.context().close();
  });

  it('can be done by keyboard alone: skip link, fields, show password, sign in, sign out', async () => {
    const page = await newPage(browser, server);
    await page.goto('/sign-in');
    // What has focus: its id, else its text (runs in the page, so written as a string).
    const focused = () => page.evaluate<string>("(() => { const el = document.activeElement; return el ? (el.id || (el.textContent || '').trim() || el.tagName) : ''; })()");
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await focused()).to.equal('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await focused()).to.equal('main-content');
    // Tab through to the email field and the password field, typing into each.
    for (let i = 0; i < 10 && (await focused()) !== 'email'; i++) await page.keyboard.press('Tab');
    expect(await focused()).to.equal('email');
    await page.keyboard.type(lead.email);
    await page.keyboard.press('Tab');
    expect(await focused()).to.equal('password');
    await page.keyboard.type('correct horse battery');
    // Next comes the Show button of the password field; it reveals what was typed.
    await page.keyboard.press('Tab');
    expect(await focused()).to.equal('Show');
    await page.keyboard.press('Enter');
    expect(await page.locator('#password').getAttribute('type')).to.equal('text');
    await page.keyboard.press('Tab');
    expect(await focused()).to.equal('Sign in');
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).to.equal('Waiting for your decision');
    // Sign out is reachable by Tab from the top of the page.
    for (let i = 0; i < 10 && (await focused()) !== 'Sign out'; i++) await page.keyboard.press('Tab');
    expect(await focused()).to.equal('Sign out');
    await Promise.all([page.waitForURL((u) => u.pathname === '/sign-in'), page.keyboard.press('Enter')]);
    await page.context().close();
  });
});
