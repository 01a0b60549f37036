// A council requester's pages in real Chromium: their council's projects by
// status; asking for squad support (project, a role, check your answers,
// submit), with one bad submission that keeps what was typed; the project
// page with the slot's candidates and status history; agreements to approve
// or decline; the ledger as a chart and a table. axe on every page, and the
// create journey again with JavaScript off.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.ts';
import { book, bookActive, seedScene, type Placement, type Scene } from '../support/agreements.ts';
import { errorSummary, expectNoAxeViolations, httpClient, launchBrowser, newPage, PASSWORD, signIn, startWebServer, submitForm } from './support.ts';

const emailOf = (a: unknown) => (a as { email: string }).email;

async function fillDate(page: Page, prefix: string, iso: string) {
  const [y, m, d] = iso.split('-');
  await page.locator(`#${prefix}-day`).fill(String(Number(d)));
  await page.locator(`#${prefix}-month`).fill(String(Number(m)));
  await page.locator(`#${prefix}-year`).fill(y!);
}

/**
 * The role level: with JavaScript, typed into the autocomplete that stands in
 * for the select (accessible-autocomplete) and picked from its list, by
 * keyboard; without, chosen in the select.
 */
async function chooseRoleLevel(page: Page, typed: string, name: string, value: string, javaScript: boolean) {
  if (!javaScript) {
    await page.getByLabel('DDaT role level').selectOption(value);
    return;
  }
  const box = page.getByRole('combobox', { name: 'DDaT role level' });
  await box.fill(typed);
  expect(await page.getByRole('option', { name, exact: true }).count()).to.equal(1);
  await box.press('ArrowDown');
  await page.keyboard.press('Enter');
  expect(await box.inputValue()).to.equal(name);
  expect(await page.locator('select[name="roleLevelId"]').inputValue()).to.equal(value);
}

/** Ask for squad support from /projects to the project page, checking the pages on the way. */
async function createJourney(page: Page, title: string, opts: { axeEveryPage: boolean; javaScript: boolean }) {
  page.setDefaultTimeout(10_000);
  // With JavaScript off the pages' HTML is the same as with it on (already checked page by page):
  // axe then checks the list, the form with its errors, and the project page.
  const axe = async (always = false) => {
    if (always || opts.axeEveryPage) await expectNoAxeViolations(page);
  };
  await page.goto('/projects');
  await axe(true);
  await page.getByRole('button', { name: 'Ask for squad support' }).click();
  await page.waitForLoadState('domcontentloaded');
  expect(new URL(page.url()).pathname).to.equal('/projects/new');
  await axe();

  // Bad input: no title, and the end before the start.
  await page.getByLabel('What outcome do you want?').fill('Residents can report a missed bin online');
  await page.getByLabel('Service area').selectOption('WASTE_AND_RECYCLING');
  await page.getByLabel('Alpha').check();
  await fillDate(page, 'start', '2027-06-30');
  await fillDate(page, 'end', '2027-01-04');
  await page.getByLabel('High').check();
  await page.getByLabel('Hybrid').check();
  await page.getByLabel('North East Combined Authority digital pool').check();
  await page.getByLabel('Gateshead').check();
  await submitForm(page, 'Save and continue');
  const problems = await errorSummary(page);
  expect(problems).to.deep.equal(['Enter a title']);
  expect(await page.title()).to.match(/^Error: /);
  // What was typed is kept.
  expect(await page.getByLabel('What outcome do you want?').inputValue()).to.equal('Residents can report a missed bin online');
  expect(await page.getByLabel('Service area').inputValue()).to.equal('WASTE_AND_RECYCLING');
  expect(await page.getByLabel('Gateshead').isChecked()).to.equal(true);
  expect(await page.locator('#start-day').inputValue()).to.equal('30');
  await axe(true);

  // The API checks one thing at a time: with a title, the dates.
  await page.getByLabel('Title').fill(title);
  await submitForm(page, 'Save and continue');
  expect(await errorSummary(page)).to.deep.equal(['End date must not be before the start (2027-06-30)']);
  expect(await page.locator('#end-day').getAttribute('class')).to.contain('govuk-input--error');
  expect(await page.getByLabel('Title').inputValue()).to.equal(title);

  await fillDate(page, 'start', '2027-01-04');
  await fillDate(page, 'end', '2027-06-30');
  await submitForm(page, 'Save and continue');
  expect(await errorSummary(page)).to.deep.equal([]);
  expect(new URL(page.url()).pathname).to.match(/^\/projects\/[^/]+\/slots\/new$/);
  expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('Project created');
  await axe();

  // A role: days per week that are not a number first, then right.
  await chooseRoleLevel(page, 'Senior user res', 'Senior user researcher', 'senior-user-researcher', opts.javaScript);
  await page.getByLabel('Days per week').fill('two');
  await submitForm(page, 'Save and continue');
  expect(await errorSummary(page)).to.deep.equal(['Days per week must be a number, like 2 or 2.5']);
  // The choice is kept: in the select the form posts (hidden behind the autocomplete with JavaScript).
  expect(await page.locator('select[name="roleLevelId"]').inputValue()).to.equal('senior-user-researcher');
  if (opts.javaScript) expect(await page.getByRole('combobox', { name: 'DDaT role level' }).inputValue()).to.equal('Senior user researcher');
  await page.getByLabel('Days per week').fill('2');
  await page.getByLabel('How many people').fill('2');
  await submitForm(page, 'Save and continue');
  expect(new URL(page.url()).pathname).to.match(/^\/projects\/[^/]+\/check$/);

  // Check your answers.
  const answers = await page.locator('[data-test="project-answers"]').innerText();
  expect(answers).to.contain(title);
  expect(answers).to.contain('Waste and recycling');
  expect(answers).to.contain('4 January 2027 to 30 June 2027');
  expect(answers).to.contain('Gateshead');
  const slot = await page.locator('[data-test="slot-answers"]').innerText();
  expect(slot).to.contain('Senior user researcher');
  expect(slot).to.contain('2 days');
  await axe();

  // The role's skills: the role level's expected ones, one made desired.
  await page.getByRole('link', { name: /Change desired skills/ }).click();
  await page.waitForLoadState('domcontentloaded');
  expect(new URL(page.url()).pathname).to.match(/\/skills$/);
  await axe();
  await page.locator('input[name="skill-0-need"][value="desired"]').check();
  await submitForm(page, 'Save and continue');
  expect(new URL(page.url()).pathname).to.match(/\/check$/);
  expect(await page.locator('[data-test="slot-answers"]').innerText()).to.not.match(/Desired skills\s+None/);

  await submitForm(page, 'Submit for review');
  expect(new URL(page.url()).pathname).to.match(/^\/projects\/[^/]+$/);
  expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('submitted for review');
  expect(await page.locator('[data-test="project-status"]').innerText()).to.contain('Submitted');
  const history = await page.locator('[data-test="status-history"]').innerText();
  expect(history).to.contain('Created');
  expect(history).to.contain('Submitted for review');
  expect(await page.locator('[data-test="candidates"]').count()).to.equal(1);
  await axe(true);
  const projectPath = new URL(page.url()).pathname;

  // Listed under its status.
  await page.goto('/projects');
  const submitted = page.locator('[data-test="projects-submitted"]');
  expect(await submitted.innerText()).to.contain(title);
  expect(await submitted.getByRole('link', { name: title }).getAttribute('href')).to.equal(projectPath);
  return projectPath;
}

describe('browser: a council requester', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let s: Scene;
  let waiting: Placement;

  before(async function () {
    this.timeout(240_000);
    server = await startWebServer('web-requester');
    s = await seedScene(server);
    // One placement for Newcastle (a host) to decide on; one approved by everyone, so the ledger has figures.
    waiting = await book(s);
    await bookActive(s);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for squad support: a project and a role, checked and submitted, then listed by status', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.requester));
    const nav = await page.locator('.govuk-service-navigation').innerText();
    for (const entry of ['Projects', 'Agreements', 'Ledger']) expect(nav).to.contain(entry);
    await createJourney(page, 'Missed bin reports', { axeEveryPage: true, javaScript: true });
    // The seeded APPROVED project is listed under its own tab.
    await page.getByRole('tab', { name: /^Approved/ }).click();
    const approved = page.locator('[data-test="projects-approved"]');
    expect(await approved.isVisible()).to.equal(true);
    expect(await approved.innerText()).to.contain('Planning applications online');
    await page.context().close();
  });

  it('approves an agreement where the council is a host, after a decline without a reason is refused', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.requester));
    await page.goto('/agreements');
    await expectNoAxeViolations(page);
    const card = page.locator(`[data-test="decide-${waiting.agreementId}"]`);
    expect(await card.count()).to.equal(1);
    await Promise.all([page.waitForLoadState('domcontentloaded'), card.getByRole('button', { name: /^Decline / }).click()]);
    await page.waitForLoadState('domcontentloaded');
    expect(await errorSummary(page)).to.deep.equal(['Enter why you are declining the agreement']);
    await expectNoAxeViolations(page);
    expect(await page.locator(`[data-test="agreement-${waiting.agreementId}"] a[href$="/document.html"]`).count()).to.equal(1);

    await Promise.all([page.waitForLoadState('domcontentloaded'), page.locator(`[data-test="decide-${waiting.agreementId}"]`).getByRole('button', { name: /^Approve / }).click()]);
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('.govuk-notification-banner').innerText()).to.contain('Agreement approved');
    expect(await page.locator(`[data-test="decide-${waiting.agreementId}"]`).count()).to.equal(0);
    await expectNoAxeViolations(page);

    // The API agrees: Newcastle no longer waits to decide.
    const r = await server.gql(`query($id: ID!) { agreement(id: $id) { awaiting { kind council { gssCode } } } }`, { id: waiting.agreementId }, s.lead.token);
    const awaiting = (r.data!.agreement.awaiting as { kind: string; council: { gssCode: string } | null }[]).map((p) => `${p.kind}:${p.council?.gssCode ?? ''}`);
    expect(awaiting).to.not.include('HOST_COUNCIL:E08000021');
    await page.context().close();
  });

  it("shows the council's ledger as a chart and a table of the same figures", async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.requester));
    await page.goto('/ledger?year=2027');
    const r = await server.gql(`query { councilLedger(councilId: "E08000021", from: "2027-01-01", to: "2027-03-31") { balance { daysReceived } } }`, {}, s.requester.token);
    const received = r.data!.councilLedger.balance.daysReceived as number;
    expect(received).to.be.greaterThan(0);
    const q1 = await page.locator('[data-test="ledger-table"] tbody tr').first().innerText();
    expect(q1).to.contain(String(Math.round(received * 10) / 10));
    expect(await page.locator('[data-test="ledger-chart"] rect').count()).to.be.greaterThan(8);
    expect(await page.locator('[data-test="ledger-chart"] title').textContent()).to.contain(`Q1, 0 given and ${Math.round(received * 10) / 10} received`);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('does the same create journey with JavaScript off', async () => {
    const page = await newPage(browser, server, { javaScriptEnabled: false });
    await signIn(page, emailOf(s.requester));
    await createJourney(page, 'Council tax direct debits', { axeEveryPage: false, javaScript: false });
    await page.context().close();
  });

  it('changes a draft’s fields and its role, and removes the role, over plain HTTP', async () => {
    const http = httpClient(server);
    await http.get('/sign-in');
    expect((await http.post('/sign-in', { email: emailOf(s.requester), password: PASSWORD })).status).to.equal(303);
    await http.get('/projects/new');
    const fields = {
      title: 'Licensing renewals',
      outcome: 'Taxi drivers renew their licence online',
      serviceArea: 'LICENSING',
      phase: 'BETA',
      'start-day': '1', 'start-month': '2', 'start-year': '2027',
      'end-day': '31', 'end-month': '5', 'end-year': '2027',
      priority: 'MEDIUM',
      onSiteExpectation: 'REMOTE',
      poolId: 'north-east-ca',
    };
    const created = await http.post('/projects/new', fields);
    expect(created.status).to.equal(303);
    const base = created.headers.get('location')!.replace(/\/slots\/new\?done=created$/, '');
    await http.get(`${base}/slots/new`);
    expect((await http.post(`${base}/slots/new`, { roleLevelId: 'delivery-manager', daysPerWeek: '3', headcount: '1' })).headers.get('location')).to.equal(`${base}/check`);

    await http.get(`${base}/edit`);
    const edited = await http.post(`${base}/edit`, { ...fields, title: 'Licensing renewals online', priority: 'CRITICAL', councilIds: 'E08000037' });
    expect(edited.headers.get('location')).to.equal(`${base}/check`);
    let check = await (await http.get(`${base}/check`)).text();
    expect(check).to.contain('Licensing renewals online');
    expect(check).to.contain('Critical');
    expect(check).to.contain('Gateshead');

    const slotId = /\/slots\/([^/]+)\/edit/.exec(check)![1]!;
    await http.get(`${base}/slots/${slotId}/edit`);
    const tooMany = await http.post(`${base}/slots/${slotId}/edit`, { roleLevelId: 'delivery-manager', daysPerWeek: '3', headcount: '25' });
    expect(tooMany.status).to.equal(400);
    const tooManyPage = await tooMany.text();
    expect(tooManyPage).to.contain('govuk-error-summary');
    expect(tooManyPage).to.contain('value="25"');
    expect((await http.post(`${base}/slots/${slotId}/edit`, { roleLevelId: 'delivery-manager', daysPerWeek: '3', headcount: '3' })).status).to.equal(303);
    check = await (await http.get(`${base}/check`)).text();
    expect(check).to.match(/How many people\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3/);

    const removed = await http.post(`${base}/slots/${slotId}/remove`, {});
    expect(removed.headers.get('location')).to.equal(`${base}/check?done=slot-removed`);
    check = await (await http.get(`${base}/check?done=slot-removed`)).text();
    expect(check).to.contain('Role removed.');
    expect(check).to.contain('data-test="no-slots"');
    // With no role, there is nothing to submit: the API refuses, the page says why.
    const submit = await http.post(`${base}/submit`, {});
    expect(submit.status).to.equal(400);
    expect(await submit.text()).to.contain('Add at least one slot before submitting the project');
  });

  it('keeps other roles out of these pages', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(s.practitioner));
    for (const path of ['/projects', '/projects/new', '/agreements', '/ledger']) {
      const res = await page.goto(path);
      expect(res!.status(), path).to.equal(404);
    }
    await page.context().close();
  });
});
