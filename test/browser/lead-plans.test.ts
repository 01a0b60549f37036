// The programme lead's pool pages in real Chromium: run two programme plans,
// compare them side by side, commit one and see its bookings (with JavaScript
// off); approve an agreement from the queue; the ledger's chart and table;
// activate and propose central contracts; axe on every page.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.ts';
import { book, bookActive, seedScene, SUNDERLAND, type Placement, type Scene } from '../support/agreements.ts';
import { seedProject } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { errorSummary, expectNoAxeViolations, launchBrowser, newPage, signIn, startWebServer } from './support.ts';

const emailOf = (a: unknown) => (a as { email: string }).email;

async function fillDate(page: Page, legend: string, [day, month, year]: [string, string, string]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

const UR_NEEDS = [
  { skillId: 'user-research-methods', proficiency: 'Working' as const },
  { skillId: 'analysis-and-synthesis', proficiency: 'Working' as const },
];
const UR_SKILLS = [
  { skillId: 'user-research-methods', proficiency: 'Expert' as const },
  { skillId: 'analysis-and-synthesis', proficiency: 'Practitioner' as const },
];

const bannerText = async (page: Page) => (await page.locator('.govuk-notification-banner--success').innerText()).trim();

describe('browser: the programme lead pool pages', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let s: Scene;
  let pending: Placement;
  let planned: string;
  let toActivate: { id: string };
  let unContracted: { id: string; name: string };

  before(async function () {
    this.timeout(240_000);
    server = await startWebServer('web-lead-plans');
    s = await seedScene(server);
    pending = await book(s);
    await bookActive(s); // a confirmed placement: Sunderland gives, Newcastle and Gateshead receive
    // A small project to plan, and three people the pool may book for it.
    planned = await seedProject(s, 'APPROVED', { title: 'Waste collection redesign', start: '2027-04-05', end: '2027-06-27', slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 1, headcount: 2, required: UR_NEEDS }] });
    for (let i = 0; i < 3; i++) {
      const p = await seedPractitioner({ homeCouncilId: SUNDERLAND, roleLevelId: 'user-researcher', skills: UR_SKILLS });
      await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' }, 'ACTIVE');
    }
    const c = await seedPractitioner({ homeCouncilId: SUNDERLAND, name: 'Ada Lovelace' });
    toActivate = await seedContract({ practitionerId: c.id, poolId: 'north-east-ca', daysPerWeek: 1, start: '2028-01-01', end: '2028-12-31' }, 'APPROVED');
    const u = await seedPractitioner({ homeCouncilId: SUNDERLAND, name: 'Mary Somerville' });
    unContracted = { id: u.id, name: u.name };
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs two programme plans, compares them side by side and commits one, which books its people (JavaScript off)', async () => {
    const page = await newPage(browser, server, { javaScriptEnabled: false });
    await signIn(page, emailOf(s.lead));
    await page.getByRole('link', { name: 'Plans', exact: true }).click();
    expect(await page.locator('[data-test="no-plans"]').count()).to.equal(1);
    await expectNoAxeViolations(page);

    // 31 February: the API refuses it at "from"; what was typed stays.
    await page.getByLabel('Plan name').fill('Spring 2027');
    await page.getByLabel('Waste collection redesign').check();
    await fillDate(page, 'Start date', ['31', '2', '2027']);
    await fillDate(page, 'End date', ['30', '6', '2027']);
    await page.getByRole('button', { name: 'Run the plan' }).click();
    expect(await errorSummary(page)).to.deep.equal(['Start date must be a real date, for example 27 3 2027']);
    expect(await page.getByLabel('Plan name').inputValue()).to.equal('Spring 2027');
    expect(await page.getByLabel('Waste collection redesign').isChecked()).to.equal(true);
    await expectNoAxeViolations(page);

    await fillDate(page, 'Start date', ['1', '4', '2027']);
    await page.getByRole('button', { name: 'Run the plan' }).click();
    expect(await page.locator('h1').innerText()).to.contain('Spring 2027');
    const summary = await page.locator('[data-test="plan-summary"]').innerText();
    expect(summary, summary).to.contain('2 (2 new)');
    expect(await page.locator('[data-test="assignments"] tbody tr').count()).to.equal(2);
    await expectNoAxeViolations(page);

    // A second plan over May and June only.
    await page.goto('/pool/plans');
    await page.getByLabel('Plan name').fill('Early summer 2027');
    await page.getByLabel('Waste collection redesign').check();
    await fillDate(page, 'Start date', ['3', '5', '2027']);
    await fillDate(page, 'End date', ['27', '6', '2027']);
    await page.getByRole('button', { name: 'Run the plan' }).click();
    expect(await page.locator('h1').innerText()).to.contain('Early summer 2027');

    await page.goto('/pool/plans');
    expect(await page.locator('[data-test="plans"] tbody tr').count()).to.equal(2);
    await page.getByLabel('First plan').selectOption({ label: 'Spring 2027 (draft)' });
    await page.getByLabel('Second plan').selectOption({ label: 'Early summer 2027 (draft)' });
    await page.getByRole('button', { name: 'Compare plans' }).click();
    expect(await page.locator('h2').first().innerText()).to.equal('From Spring 2027 to Early summer 2027');
    expect(await page.locator('[data-test="plan-1"] h2').innerText()).to.contain('Spring 2027');
    expect(await page.locator('[data-test="plan-2"] h2').innerText()).to.contain('Early summer 2027');
    expect(await page.locator('[data-test="assignments-1"] tbody tr').count()).to.equal(2);
    expect(await page.locator('[data-test="assignments-2"] tbody tr').count()).to.equal(2);
    expect(await page.locator('[data-test="differences"]').innerText()).to.contain('Same person and slot, changed');
    await expectNoAxeViolations(page);

    // Commit the first, after a confirmation page.
    await page.locator('[data-test="plan-1"] h2 a').click();
    await page.getByRole('button', { name: 'Commit this plan' }).click();
    expect(await page.locator('h1').innerText()).to.equal('Are you sure you want to commit this plan?');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Yes, commit and book' }).click();
    expect(await bannerText(page)).to.contain('Plan committed');
    expect(await page.locator('[data-test="plan-summary"]').innerText()).to.contain('Committed');
    const bookings = page.locator('[data-test="assignments"] tbody tr');
    expect(await bookings.count()).to.equal(2);
    for (const row of await bookings.all()) {
      expect(await row.innerText()).to.contain('Tentative');
      expect(await row.getByRole('link', { name: /Agreement/ }).getAttribute('href')).to.match(/^\/agreements\/[^/]+\/document\.html$/);
    }
    expect(await page.getByRole('button', { name: 'Commit this plan' }).count()).to.equal(0);

    const r = await server.gql(`query($id: ID!) { bookings(filter: { projectId: $id }) { totalCount nodes { status } } }`, { id: planned }, s.lead.token);
    expect(r.data!.bookings.totalCount).to.equal(2);
    await page.context().close();
  });

  it("approves an agreement from the pool's queue", async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.lead));
    await page.getByRole('link', { name: 'Agreements', exact: true }).click();
    const card = page.locator(`[data-test="agreement-${pending.agreementId}"]`);
    expect(await card.innerText()).to.contain('the pool (you)');
    await expectNoAxeViolations(page);
    // Declining needs a reason: the API's error at ["reason"] shows by that card's field, its details open.
    await card.locator('.govuk-details__summary').click();
    await card.getByRole('button', { name: 'Decline', exact: true }).click();
    expect(await errorSummary(page)).to.deep.equal(['Enter why the pool declines the agreement']);
    expect(await page.locator(`#reason-${pending.agreementId}-error`).count()).to.equal(1);
    expect(await page.locator(`[data-test="agreement-${pending.agreementId}"] details`).getAttribute('open')).to.not.equal(null);
    await expectNoAxeViolations(page);
    await card.getByRole('button', { name: /^Approve/ }).click();
    expect(await bannerText(page)).to.contain('Agreement approved');
    const after = page.locator(`[data-test="agreement-${pending.agreementId}"]`);
    expect(await after.getByRole('button', { name: /^Approve/ }).count()).to.equal(0);
    expect(await after.innerText()).to.not.contain('the pool (you)');
    await page.context().close();
  });

  it('shows the pool ledger as a chart and the table behind it, and refuses a bad period', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.lead));
    await page.goto('/pool/ledger?from-day=1&from-month=1&from-year=2027&to-day=31&to-month=12&to-year=2027');
    const chart = page.getByRole('img', { name: /Days given and received by each council/ });
    expect(await chart.count()).to.equal(1);
    const table = page.locator('[data-test="ledger-table"]');
    const sunderland = table.getByRole('row', { name: /^Sunderland/ });
    // The confirmed placement: 2 days a week over March 2027's four weeks.
    expect(await sunderland.locator('td').first().innerText()).to.equal('8');
    expect(await chart.locator('text', { hasText: 'Sunderland' }).count()).to.equal(1);
    expect(await chart.locator('text', { hasText: '8 given' }).count()).to.equal(1);
    await expectNoAxeViolations(page);

    await page.getByRole('group', { name: 'To' }).getByLabel('Day').fill('32');
    await page.getByRole('button', { name: 'Show this period' }).click();
    expect(await errorSummary(page)).to.deep.equal(['End date must be a real date, for example 27 3 2027']);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('activates an approved central contract and proposes a new one', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.lead));
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.getByLabel('Status').selectOption('APPROVED');
    await page.getByRole('button', { name: 'Show contracts' }).click();
    const row = page.locator(`[data-test="contract-${toActivate.id}"]`);
    expect(await row.innerText()).to.contain('Ada Lovelace');
    await expectNoAxeViolations(page);
    await row.getByRole('button', { name: /^Activate/ }).click();
    expect(await bannerText(page)).to.contain('Contract updated');
    expect(await page.locator(`[data-test="contract-${toActivate.id}"]`).count()).to.equal(0);
    await page.goto('/pool/contracts?status=ACTIVE');
    expect(await page.locator(`[data-test="contract-${toActivate.id}"]`).innerText()).to.contain('Active');

    await page.getByRole('button', { name: 'Propose a contract' }).click();
    await page.getByLabel('Practitioner').selectOption(unContracted.id);
    await page.getByLabel('Days a week the pool may call on').fill('9');
    await fillDate(page, 'Start date', ['1', '1', '2028']);
    await fillDate(page, 'End date', ['31', '12', '2028']);
    await page.getByRole('button', { name: 'Propose the contract' }).click();
    const errors = await errorSummary(page);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^Days a week /);
    expect(await page.locator('.govuk-error-summary a').getAttribute('href')).to.equal('#daysPerWeek');
    expect(await page.getByLabel('Days a week the pool may call on').inputValue()).to.equal('9');
    await expectNoAxeViolations(page);

    await page.getByLabel('Days a week the pool may call on').fill('2');
    await page.getByRole('button', { name: 'Propose the contract' }).click();
    expect(await bannerText(page)).to.contain('Contract proposed');
    expect(await page.locator('[data-test="contracts"]').innerText()).to.contain(unContracted.name);
    await page.context().close();
  });

  it('shows the pool pages to programme leads only', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(pending.self));
    for (const path of ['/pool/plans', '/pool/agreements', '/pool/ledger', '/pool/contracts']) {
      expect((await page.goto(path))!.status(), path).to.equal(404);
    }
    await page.context().close();
  });
});
