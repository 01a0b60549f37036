// The home page in real Chromium: what awaits each user's decision, counted
// from the API's own lists (awaitingMyDecision; bookings put at risk by leave too), and the agreement document
// opened from the page with the session cookie.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.ts';
import { APPROVE, book, seedScene, SUNDERLAND, type Placement, type Scene } from '../support/agreements.ts';
import { seedProject } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { expectNoAxeViolations, launchBrowser, newPage, signIn, startWebServer } from './support.ts';

const emailOf = (a: unknown) => (a as { email: string }).email;

async function counts(page: Page): Promise<Record<string, string>> {
  const items = page.locator('[data-test="decision-counts"] li');
  const out: Record<string, string> = {};
  for (const li of await items.all()) out[(await li.getAttribute('data-test'))!.replace(/^count-/, '')] = (await li.innerText()).trim();
  return out;
}

describe('browser: the home page', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let s: Scene;
  let placements: Placement[];

  before(async function () {
    this.timeout(240_000);
    server = await startWebServer('web-home');
    s = await seedScene(server);
    // Two placements awaiting every party; one project submitted for the lead's review;
    // one contract proposed to Sunderland (the home council) for its requester to approve.
    placements = [await book(s), await book(s)];
    await seedProject(s, 'SUBMITTED', { title: 'Adult social care front door' });
    await seedContract({ practitionerId: (await seedPractitioner({ homeCouncilId: SUNDERLAND })).id, poolId: 'north-east-ca', daysPerWeek: 1, start: '2027-01-01', end: '2027-12-31' }, 'PROPOSED');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows a programme lead the pool's agreements, contracts and projects waiting for them, with counts and lists", async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.lead));
    // book() gives each booked practitioner an APPROVED contract: the lead activates those.
    expect(await counts(page)).to.deep.equal({
      agreements: '2 agreements to approve',
      'contracts-to-activate': '2 central contracts to activate',
      'projects-to-review': '1 project to review',
      'bookings-at-risk': '0 bookings at risk',
    });
    expect(await page.locator('[data-test="list-projects-to-review"] li').innerText()).to.contain('Adult social care front door');
    expect(await page.locator('[data-test="list-agreements"] li').count()).to.equal(2);
    await expectNoAxeViolations(page);

    // Once the lead has approved one, it no longer waits for them (the others still have to decide).
    const r = await server.gql(APPROVE, { id: placements[0]!.agreementId }, s.lead.token);
    expect(r.errors).to.equal(undefined);
    await page.reload();
    expect((await counts(page)).agreements).to.equal('1 agreement to approve');

    // The practitioner takes leave over two booked days: the booking is at risk, linked to the project's staffing page.
    const p = placements[0]!;
    const added = await server.gql(
      `mutation($p: ID!, $i: LeaveInput!) { addLeave(practitionerId: $p, input: $i) { leave { id } } }`,
      { p: p.practitionerId, i: { start: '2027-03-08', end: '2027-03-12' } },
      p.self.token,
    );
    expect(added.errors).to.equal(undefined);
    await page.reload();
    expect((await counts(page))['bookings-at-risk']).to.equal('1 booking at risk');
    const row = page.locator('[data-test="list-bookings-at-risk"] li');
    expect(await row.innerText()).to.contain('2 days from 9 March 2027 will not be worked: leave');
    expect(await row.locator('a').getAttribute('href')).to.equal(`/pool/projects/${s.projectId}/staffing`);
    await expectNoAxeViolations(page);
    const removed = await server.gql(
      `mutation($p: ID!, $l: ID!) { removeLeave(practitionerId: $p, leaveId: $l) { id } }`,
      { p: p.practitionerId, l: added.data!.addLeave.leave.id },
      p.self.token,
    );
    expect(removed.errors).to.equal(undefined);
    await page.context().close();
  });

  it("shows the home council's requester the agreements and the central contract to approve", async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.homeRequester));
    expect(await counts(page)).to.deep.equal({ agreements: '2 agreements to approve', 'contracts-to-approve': '1 central contract to approve', 'bookings-at-risk': '0 bookings at risk' });
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('shows a practitioner the placement to consent to, whose agreement opens from the link', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(placements[1]!.self));
    expect(await counts(page)).to.deep.equal({ agreements: '1 placement to consent to', 'bookings-at-risk': '0 bookings at risk' });
    await expectNoAxeViolations(page);
    const link = page.locator('[data-test="list-agreements"] a');
    expect(await link.getAttribute('href')).to.equal(`/agreements/${placements[1]!.agreementId}/document.html`);
    const [res] = await Promise.all([page.waitForResponse((x) => x.url().endsWith('/document.html')), link.click()]);
    expect(res.status()).to.equal(200);
    expect(res.headers()['content-type']).to.contain('text/html');
    expect(await page.locator('h1').first().innerText()).to.match(/agreement/i);
    await page.context().close();
  });

  it('tells someone with nothing to decide so', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.otherRequester));
    expect(await page.locator('[data-test="nothing-waiting"]').innerText()).to.equal('Nothing is waiting for your decision.');
    expect(await counts(page)).to.deep.equal({ agreements: '0 agreements to approve', 'contracts-to-approve': '0 central contracts to approve', 'bookings-at-risk': '0 bookings at risk' });
    await page.context().close();
  });

  it("sends a signed-out browser to sign in before the agreement document, and refuses it to someone who is not a party", async () => {
    const url = `/agreements/${placements[1]!.agreementId}/document.html`;
    const page = await newPage(browser, server);
    await page.goto(url);
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).to.equal(url);
    await signIn(page, emailOf(placements[1]!.self));
    expect(new URL(page.url()).pathname).to.equal(url);
    await page.context().close();

    const stranger = await newPage(browser, server);
    await signIn(stranger, emailOf(s.otherRequester));
    const res = await stranger.goto(url);
    expect(res!.status()).to.equal(403);
    await stranger.context().close();
  });
});
