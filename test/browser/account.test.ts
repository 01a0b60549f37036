// "Your account" in real Chromium: a new password (bad input first: the error
// summary, then right), which keeps this browser signed in and ends every
// other session and token; then "sign out everywhere". Each page checked by axe.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { loginAs, seedPools, userToken } from '../support/fixtures.ts';
import type { TestServer } from '../support/test-server.ts';
import { errorSummary, expectNoAxeViolations, launchBrowser, newPage, PASSWORD, signIn, startWebServer, submitForm } from './support.ts';

const NEW_PASSWORD = 'a much longer passphrase';

describe('browser: your account', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let user: { email: string; token: string };

  before(async function () {
    this.timeout(180_000);
    server = await startWebServer('web-account');
    await seedPools();
    user = await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000021' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('changes the password: other sessions and tokens end, this browser stays signed in; then signs out everywhere', async () => {
    const page = await newPage(browser, server);
    const other = await newPage(browser, server);
    await signIn(page, user.email);
    await signIn(other, user.email);
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(new URL(page.url()).pathname).to.equal('/account');
    expect(await page.locator('[data-test="account"]').innerText()).to.contain(user.email);
    await expectNoAxeViolations(page);

    // Wrong current password, then a confirmation that differs.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await submitForm(page, 'Change password');
    expect(await errorSummary(page)).to.deep.equal(['Current password is not your current password']);
    await expectNoAxeViolations(page);
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill('something else entirely');
    await submitForm(page, 'Change password');
    expect(await errorSummary(page)).to.deep.equal(['Enter the same new password twice']);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await submitForm(page, 'Change password');
    expect(new URL(page.url()).pathname).to.equal('/account');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('Your password has been changed');
    await expectNoAxeViolations(page);
    // This browser is still signed in; the other session and the old API token are not.
    await page.goto('/');
    expect(new URL(page.url()).pathname).to.equal('/');
    await other.goto('/');
    expect(new URL(other.url()).pathname).to.equal('/sign-in');
    const old = await server.gql(`{ me { email } }`, {}, user.token);
    expect(old.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
    const fresh = await loginAs(server, user.email, NEW_PASSWORD);

    await page.goto('/account');
    await submitForm(page, 'Sign out everywhere');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    await page.goto('/');
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    expect((await server.gql(`{ me { email } }`, {}, fresh)).errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
    await page.context().close();
    await other.context().close();
  });
});
