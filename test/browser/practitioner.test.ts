// The practitioner's pages in real Chromium: their profile and leave (add with
// bad input, then good over booked days, which shows the booking at risk, remove), their bookings and consent to a placement,
// and their calendar feed link (create, fetch, revoke), with JavaScript on and
// off, and axe on every page.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.ts';
import { book, seedScene, type Placement, type Scene } from '../support/agreements.ts';
import { errorSummary, expectNoAxeViolations, launchBrowser, newPage, signIn, startWebServer } from './support.ts';

const emailOf = (p: Placement) => (p.self as unknown as { email: string }).email;

const AGREEMENT_STATUS = `query($id: ID!) { agreement(id: $id) { status awaiting { kind } } }`;

async function fillDate(page: Page, legend: string, [day, month, year]: [string, string, string]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

async function bannerText(page: Page): Promise<string> {
  return (await page.locator('.govuk-notification-banner--success').innerText()).trim();
}

describe('browser: the practitioner pages', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let s: Scene;
  let placements: Placement[];

  before(async function () {
    this.timeout(240_000);
    server = await startWebServer('web-practitioner');
    s = await seedScene(server);
    placements = [await book(s), await book(s)];
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off';
    // The same pages in the same states: axe checks them once, in the run with JavaScript (the one with more on the page).
    const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

    it(`keeps leave: a bad date shows the error summary, a good one is added, then removed (${label})`, async () => {
      const p = placements[javaScriptEnabled ? 0 : 1]!;
      const page = await newPage(browser, server, { javaScriptEnabled });
      await signIn(page, emailOf(p));
      await page.getByRole('link', { name: 'Profile' }).click();
      expect(await page.locator('h1').innerText()).to.equal('Your profile');
      expect(await page.locator('[data-test="details"]').innerText()).to.contain('User researcher');
      expect(await page.locator('[data-test="working-pattern"]').innerText()).to.contain('5 days');
      expect(await page.locator('[data-test="no-leave"]').count()).to.equal(1);
      await axe(page);

      // 30 February: the API refuses it at input.start; the summary links to the field, which keeps what was typed.
      await fillDate(page, 'Start date', ['30', '2', '2027']);
      await page.getByRole('button', { name: 'Add leave' }).click();
      expect(await errorSummary(page)).to.deep.equal(['Start date must be a real date, for example 27 3 2027']);
      expect(await page.locator('.govuk-error-summary a').getAttribute('href')).to.equal('#start-day');
      expect(await page.locator('#start-error').innerText()).to.contain('Start date must be a real date');
      expect(await page.locator('#start-day').inputValue()).to.equal('30');
      expect(await page.title()).to.match(/^Error: /);
      await axe(page);

      // A half day over several days: refused at input.halfDay.
      await fillDate(page, 'Start date', ['1', '3', '2027']);
      await fillDate(page, 'End date', ['5', '3', '2027']);
      await page.getByLabel('This is half a day off').check();
      await page.getByRole('button', { name: 'Add leave' }).click();
      expect((await errorSummary(page))[0]).to.match(/^Half a day off can only be one day/);
      expect(await page.locator('.govuk-error-summary a').getAttribute('href')).to.equal('#halfDay');

      await page.getByLabel('This is half a day off').uncheck();
      await page.getByLabel('Note (optional)').fill('Half term');
      await page.getByRole('button', { name: 'Add leave' }).click();
      expect(await bannerText(page)).to.contain('Leave added');
      const row = page.locator('[data-test="leave"] tbody tr');
      expect(await row.count()).to.equal(1);
      expect(await row.innerText()).to.contain('1 March 2027 to 5 March 2027');
      expect(await row.innerText()).to.contain('Half term');
      // The leave takes two booked days (Tuesday and Wednesday): kept, and the booking shown at risk.
      expect(await bannerText(page)).to.contain('those bookings are now at risk');
      expect(await page.locator('[data-test="bookings-at-risk"]').innerText()).to.match(/2 March 2027: on leave\s+3 March 2027: on leave/);
      await axe(page);

      await page.getByRole('button', { name: 'Remove leave, 1 March 2027 to 5 March 2027' }).click();
      expect(await bannerText(page)).to.contain('Leave removed');
      expect(await page.locator('[data-test="no-leave"]').count()).to.equal(1);
      expect(await page.locator('[data-test="bookings-at-risk"]').count()).to.equal(0);
      await page.context().close();
    });

    it(`shows their bookings and takes their consent to a placement (${label})`, async () => {
      const p = placements[javaScriptEnabled ? 0 : 1]!;
      const page = await newPage(browser, server, { javaScriptEnabled });
      await signIn(page, emailOf(p));
      await page.getByRole('link', { name: 'Bookings' }).click();
      expect(await page.locator('[data-test="waiting-count"]').innerText()).to.equal('1 placement is waiting for your consent.');
      const row = page.locator(`[data-test="booking-${p.bookingId}"]`);
      expect(await row.innerText()).to.contain('1 March 2027 to 28 March 2027');
      expect(await row.innerText()).to.contain('Tentative');
      expect(await row.getByRole('link', { name: /Read the agreement/ }).getAttribute('href')).to.equal(`/agreements/${p.agreementId}/document.html`);
      await axe(page);

      await row.locator('[data-test="decide"]').click();
      expect(await page.locator('h1').innerText()).to.equal('Consent to or decline this placement');
      expect(await page.locator('[data-test="terms"]').innerText()).to.contain('Tuesday, Wednesday');
      await axe(page);

      if (!javaScriptEnabled) {
        // Declining needs a reason: the API's error at ["reason"] shows by the field.
        await page.getByRole('button', { name: 'Decline this placement' }).click();
        expect(await errorSummary(page)).to.deep.equal(['Enter why you are declining the placement']);
        expect(await page.locator('#reason-error').count()).to.equal(1);
        await expectNoAxeViolations(page);
      }

      await page.getByRole('button', { name: 'Consent to this placement' }).click();
      expect(await bannerText(page)).to.contain('You have consented to the placement');
      expect(await page.locator('[data-test="waiting-count"]').innerText()).to.equal('No placement is waiting for your consent.');
      const r = await server.gql(AGREEMENT_STATUS, { id: p.agreementId }, s.admin.token);
      expect(r.data!.agreement.status).to.equal('AWAITING_APPROVALS');
      expect(r.data!.agreement.awaiting.map((x: { kind: string }) => x.kind)).to.not.include('PRACTITIONER');

      // The agreement's document opens from the page with the session cookie.
      const [res] = await Promise.all([page.waitForResponse((x) => x.url().endsWith('/document.html')), row.getByRole('link', { name: /Read the agreement/ }).click()]);
      expect(res.status()).to.equal(200);
      await page.context().close();
    });

    it(`creates, shows and revokes their calendar feed link (${label})`, async () => {
      const p = placements[javaScriptEnabled ? 0 : 1]!;
      const page = await newPage(browser, server, { javaScriptEnabled });
      await signIn(page, emailOf(p));
      await page.getByRole('link', { name: 'Calendar feed' }).click();
      expect(await page.locator('[data-test="feed-status"]').innerText()).to.equal('You do not have a calendar feed link.');
      await axe(page);

      await page.getByRole('button', { name: 'Create a calendar feed link' }).click();
      const url = await page.getByLabel('Your calendar feed link').inputValue();
      expect(url).to.match(new RegExp(`^${server.url}/calendar/[^/]+\\.ics$`));
      expect(await page.getByRole('button', { name: 'Copy link' }).count()).to.equal(javaScriptEnabled ? 1 : 0);
      await axe(page);
      const feed = await fetch(url);
      expect(feed.status).to.equal(200);
      expect(await feed.text()).to.contain('BEGIN:VCALENDAR');

      // Shown once: the page says a link exists, without it.
      await page.goto('/calendar');
      expect(await page.locator('[data-test="feed-status"]').innerText()).to.contain('You have a calendar feed link');
      expect(await page.locator('[data-test="feed-url"]').count()).to.equal(0);

      await page.getByRole('button', { name: 'Turn off your calendar feed link' }).click();
      expect(await bannerText(page)).to.contain('Your calendar feed link has been turned off');
      expect(await page.locator('[data-test="feed-status"]').innerText()).to.equal('You do not have a calendar feed link.');
      await axe(page);
      expect((await fetch(url)).status).to.equal(404);
      await page.context().close();
    });
  }

  it('shows the pages to practitioners only', async () => {
    const page = await newPage(browser, server);
    await signIn(page, (s.lead as unknown as { email: string }).email);
    for (const path of ['/profile', '/bookings', '/calendar']) {
      const res = await page.goto(path);
      expect(res!.status(), path).to.equal(404);
    }
    expect(await page.getByRole('link', { name: 'Profile' }).count()).to.equal(0);
    await page.context().close();
  });
});
