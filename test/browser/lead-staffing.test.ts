// A programme lead's pool pages in real Chromium: the dashboard's heatmap of
// demand against supply (its figures the API's own poolDemand), a project's
// staffing page (ranked candidates with each factor's contribution, as
// slotCandidates gives them), why-not for a named person, booking a candidate
// (bad days per week refused with the error summary), proposing a squad and
// booking it; axe on every page; the book journey again with JavaScript off.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { Project } from '../../models/project.ts';
import type { TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, GATESHEAD, type Actors } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { SUNDERLAND } from '../support/agreements.ts';
import type { Proficiency } from '../../server/reference/ddat.ts';
import { errorSummary, expectNoAxeViolations, httpClient, launchBrowser, newPage, PASSWORD, signIn, startWebServer } from './support.ts';

const emailOf = (a: unknown) => (a as { email: string }).email;
const MARCH = { from: '2027-03-01', to: '2027-04-25' }; // the dashboard's eight weeks from 1 March 2027
type Skills = { skillId: string; proficiency: Proficiency }[];
const REQUIRED: Skills = [
  { skillId: 'user-research-methods', proficiency: 'Working' },
  { skillId: 'analysis-and-synthesis', proficiency: 'Working' },
];
const STRONG: Skills = [
  { skillId: 'user-research-methods', proficiency: 'Expert' },
  { skillId: 'analysis-and-synthesis', proficiency: 'Practitioner' },
];
const FAIR: Skills = [
  { skillId: 'user-research-methods', proficiency: 'Working' },
  { skillId: 'analysis-and-synthesis', proficiency: 'Working' },
];

const DEMAND = `query($p: ID!, $from: LocalDate!, $to: LocalDate!) {
  poolDemand(poolId: $p, from: $from, to: $to) { families { family { id } capacityDays demandDays weeks { week bookedDays freeDays unfilledDays } } weeks { week bookedDays freeDays unfilledDays } }
}`;
const CANDIDATES = `query($p: ID!, $s: ID!) { slotCandidates(projectId: $p, slotId: $s, limit: 10) { candidates { rank score practitioner { id label } contributions { factor weight contribution } } } }`;

const figure = (n: number) => String(Math.round(n * 100) / 100);

/** Click something that loads a page, and wait until that page has loaded. */
async function go(page: Page, click: Promise<void>) {
  await click;
  await page.waitForLoadState('load');
}

/** Every heatmap cell's figures, by "<family>|<week>" (one round trip). */
async function heatmapFigures(page: Page): Promise<Record<string, { booked: string; free: string; unfilled: string }>> {
  return page.locator('[data-test="heatmap"] td[data-week]').evaluateAll((cells) =>
    Object.fromEntries(
      // No named functions in here: the test runner's transform would name them with a helper the page lacks.
      cells.map((td) => [
        `${td.closest('tr')!.getAttribute('data-family')}|${td.getAttribute('data-week')}`,
        Object.fromEntries(['booked', 'free', 'unfilled'].map((name) => [name, (td.querySelector(`[data-figure="${name}"]`)?.textContent ?? '').trim().split(' ')[0]!])),
      ]),
    ),
  ) as Promise<Record<string, { booked: string; free: string; unfilled: string }>>;
}

/** The candidates table of a slot: per row, the practitioner id, name cell, score and each factor's contribution (one round trip). */
async function candidateRows(page: Page, slotId: string) {
  return page.locator(`[data-test="candidates"][data-slot="${slotId}"] tbody tr`).evaluateAll((rows) =>
    rows.map((tr) => ({
      id: tr.getAttribute('data-candidate'),
      name: (tr.querySelector('th')?.textContent ?? '').trim(),
      score: (tr.querySelector('[data-test="score"]')?.textContent ?? '').trim(),
      contributions: Object.fromEntries([...tr.querySelectorAll('td[data-factor]')].map((td) => [td.getAttribute('data-factor'), (td.querySelector('[data-test="contribution"]')?.textContent ?? '').trim()])),
    })),
  );
}

describe('browser: a programme lead staffs a project', function () {
  this.timeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let a: Actors;
  let projectId: string;
  let slotIds: string[];
  let quietProjectId: string;
  let submittedId: string;
  const people: Record<string, string> = {};

  before(async function () {
    this.timeout(240_000);
    server = await startWebServer('web-lead-staffing');
    a = await seedActors(server);
    // Two user researchers' places and a delivery manager's in March 2027; a second project in June for the no-JavaScript journey.
    projectId = await seedProject(a, 'APPROVED', {
      title: 'Housing repairs online',
      slots: [
        { roleLevelId: 'user-researcher', required: REQUIRED, daysPerWeek: 2, headcount: 2, start: '2027-03-01', end: '2027-03-28' },
        { roleLevelId: 'delivery-manager', daysPerWeek: 1, start: '2027-03-01', end: '2027-03-28' },
      ],
    });
    slotIds = (await Project.findById(projectId).lean())!.slots.map((s) => String(s._id));
    quietProjectId = await seedProject(a, 'APPROVED', {
      title: 'Library e-lending',
      slots: [{ roleLevelId: 'user-researcher', required: REQUIRED, daysPerWeek: 1, headcount: 1, start: '2027-06-07', end: '2027-06-27' }],
    });
    submittedId = await seedProject(a, 'SUBMITTED', { title: 'Adult social care front door' });
    const person = async (name: string, home: string, skills: Skills, contract = true) => {
      const p = await seedPractitioner({ name, homeCouncilId: home, roleLevelId: 'user-researcher', skills });
      if (contract) await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
      people[name] = p.id;
    };
    await person('Ada Lovelace', SUNDERLAND, STRONG);
    await person('Bea Jones', GATESHEAD, FAIR);
    await person('Cy Patel', SUNDERLAND, FAIR);
    await person('Dot Nobody', SUNDERLAND, FAIR, false); // no contract with the pool
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the dashboard heatmap with the figures the API gives, and the projects to review', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(a.lead));
    await go(page, page.getByRole('link', { name: 'Pool dashboard' }).click());
    expect(new URL(page.url()).pathname).to.equal('/pool');
    await page.goto('/pool?from=2027-03-01');
    expect(await page.locator('h1').innerText()).to.equal('Pool dashboard');
    expect(await page.locator('#heatmap-caption').innerText()).to.contain('1 March 2027 to 25 April 2027');

    const api = (await server.gql(DEMAND, { p: 'north-east-ca', ...MARCH }, a.lead.token)).data!.poolDemand;
    const ucd = api.families.find((f: { capacityDays: number }) => f.capacityDays > 0);
    expect(ucd, 'a family with capacity').to.not.equal(undefined);
    const cells = await heatmapFigures(page);
    const expected = (w: { bookedDays: number; freeDays: number; unfilledDays: number }) => ({ booked: figure(w.bookedDays), free: figure(w.freeDays), unfilled: figure(w.unfilledDays) });
    for (const f of api.families.filter((x: { capacityDays: number; demandDays: number }) => x.capacityDays > 0 || x.demandDays > 0)) {
      for (const w of f.weeks) expect(cells[`${f.family.id}|${w.week}`], `${f.family.id} ${w.week}`).to.deep.equal(expected(w));
    }
    for (const w of api.weeks) expect(cells[`all|${w.week}`], `all ${w.week}`).to.deep.equal(expected(w));
    expect(Object.keys(cells)).to.have.length(8 * 3); // user-centred design, product and delivery, and the pool's row
    // Three contracted user researchers, 2 days each, eight weeks: 48 days and none booked yet.
    expect(await page.locator(`[data-test="utilisation"] tr[data-family="${ucd.family.id}"] td`).allInnerTexts()).to.deep.equal(['3', '48', '0', '48', figure(ucd.demandDays), figure(ucd.demandDays), '0%']);
    // 4 days asked for and 6 free in each March week: fillable; the delivery manager's day has nobody: short.
    expect(await page.locator(`tr[data-family="${ucd.family.id}"] td[data-week="2027-W09"]`).getAttribute('data-heat')).to.equal('fillable');
    expect(await page.locator('[data-test="to-review"] li').allInnerTexts()).to.have.length(1);
    expect(await page.locator('[data-test="to-review"] a').innerText()).to.equal('Adult social care front door');
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('ranks the candidates with each factor, asks why not, books one, and proposes and books a squad', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(a.lead));
    await page.goto('/pool?from=2027-03-01');
    await go(page, page.locator('[data-test="to-staff"]').getByRole('link', { name: 'Housing repairs online' }).click());
    expect(new URL(page.url()).pathname).to.equal(`/pool/projects/${projectId}/staffing`);

    // The ranking is the API's: the same people in the same order, the same scores and contributions.
    const api = (await server.gql(CANDIDATES, { p: projectId, s: slotIds[0] }, a.lead.token)).data!.slotCandidates.candidates;
    expect(api.map((c: { practitioner: { label: string } }) => c.practitioner.label)).to.have.members(['Ada Lovelace', 'Bea Jones', 'Cy Patel']);
    const rows = await candidateRows(page, slotIds[0]!);
    expect(rows).to.have.length(api.length);
    for (const [i, c] of api.entries()) {
      expect(rows[i]!.id).to.equal(c.practitioner.id);
      expect(rows[i]!.name).to.contain(c.practitioner.label);
      expect(rows[i]!.score).to.equal(figure(c.score));
      const inUse = c.contributions.filter((x: { weight: number }) => x.weight > 0);
      expect(rows[i]!.contributions).to.deep.equal(Object.fromEntries(inUse.map((x: { factor: string; contribution: number }) => [x.factor, figure(x.contribution)])));
    }
    const table = page.locator(`[data-test="candidates"][data-slot="${slotIds[0]}"]`);
    expect(await table.locator('thead th[data-factor="SKILL_DEPTH"]').innerText()).to.equal('Skill depth');
    await expectNoAxeViolations(page);

    // Why not, with nothing chosen: the error summary.
    await go(page, page.getByRole('button', { name: 'Ask why not' }).click());
    expect(await errorSummary(page)).to.deep.equal(['Select the slot to ask about', 'Select the practitioner to ask about']);
    expect(await page.title()).to.match(/^Error: /);
    await expectNoAxeViolations(page);
    // Why not Dot, who has no contract with the pool.
    await page.getByRole('radio', { name: /^Slot 1: User researcher/ }).check();
    await page.getByLabel('Practitioner', { exact: true }).selectOption(people['Dot Nobody']!);
    await go(page, page.getByRole('button', { name: 'Ask why not' }).click());
    expect(await page.locator('[data-test="why-not-result"] h3').innerText()).to.equal('Why not Dot Nobody?');
    const reasons = await page.locator('[data-test="why-not-reasons"] li').allInnerTexts();
    expect(reasons.length).to.be.greaterThan(0);
    expect(reasons.join(' ')).to.match(/contract/i);
    await expectNoAxeViolations(page);

    // Book the top candidate: first with days per week the API refuses, then as the slot asks.
    const top = api[0].practitioner;
    await go(page, page.getByRole('button', { name: `Book ${top.label}` }).click());
    expect(await page.locator('h1').innerText()).to.equal('Check the booking');
    await expectNoAxeViolations(page);
    await page.getByLabel('Days per week').fill('1.3');
    await go(page, page.getByRole('button', { name: 'Confirm booking' }).click());
    expect(await errorSummary(page)).to.deep.equal(['Days per week must be between 0.5 and 5 in half-day steps']);
    expect(await page.getByLabel('Days per week').inputValue()).to.equal('1.3');
    await expectNoAxeViolations(page);
    await page.getByLabel('Days per week').fill('2');
    await go(page, page.getByRole('button', { name: 'Confirm booking' }).click());
    expect(new URL(page.url()).pathname).to.equal(`/pool/projects/${projectId}/staffing`);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).to.contain('Booking made');
    const booked = page.locator(`#slot-${slotIds[0]} ~ [data-test="slot-bookings"]`).first();
    expect(await booked.locator('tbody tr').first().innerText()).to.contain(top.label);
    expect(await page.locator('[data-test="booked-count"]').first().innerText()).to.equal('1 of 2 booked');
    const bookings = await server.gql(`query($p: ID!) { bookings(filter: { projectId: $p }) { nodes { practitioner { id } daysPerWeek status } } }`, { p: projectId }, a.lead.token);
    expect(bookings.data!.bookings.nodes).to.deep.equal([{ practitioner: { id: top.id }, daysPerWeek: 2, status: 'TENTATIVE' }]);
    await expectNoAxeViolations(page);

    // Propose a squad: the booked candidate stays, one more fills the second place; nobody for the delivery manager.
    await go(page, page.getByRole('button', { name: 'Propose a squad' }).click());
    expect(await page.locator('h1').innerText()).to.equal('Proposed squad');
    const squad = await page.locator('[data-test="squad"] tbody tr').allInnerTexts();
    expect(squad).to.have.length(2);
    expect(squad.filter((r) => r.includes('Already booked'))).to.have.length(1);
    expect(squad.filter((r) => r.includes('Proposed'))).to.have.length(1);
    expect(await page.locator('[data-test="unfilled"]').innerText()).to.contain('Slot 2: Delivery manager');
    await expectNoAxeViolations(page);
    await go(page, page.getByRole('button', { name: 'Book this squad' }).click());
    expect(await page.locator('.govuk-notification-banner--success').innerText()).to.contain('Squad booked');
    expect(await page.locator('[data-test="booked-count"]').first().innerText()).to.equal('2 of 2 booked');
    const after = await server.gql(`query($p: ID!) { bookings(filter: { projectId: $p }) { totalCount } }`, { p: projectId }, a.lead.token);
    expect(after.data!.bookings.totalCount).to.equal(2);
    await page.context().close();
  });

  it('books a candidate with JavaScript off', async () => {
    const page = await newPage(browser, server, { javaScriptEnabled: false });
    await signIn(page, emailOf(a.lead));
    await page.goto(`/pool/projects/${quietProjectId}/staffing`);
    await expectNoAxeViolations(page);
    const first = page.locator('[data-test="candidates"] tbody tr').first();
    const name = (await first.locator('th').innerText()).split('\n')[0]!.trim();
    await go(page, first.getByRole('button', { name: `Book ${name}` }).click());
    expect(await page.locator('h1').innerText()).to.equal('Check the booking');
    expect(await page.getByLabel('Days per week').inputValue()).to.equal('1');
    await expectNoAxeViolations(page);
    await go(page, page.getByRole('button', { name: 'Confirm booking' }).click());
    expect(new URL(page.url()).pathname).to.equal(`/pool/projects/${quietProjectId}/staffing`);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).to.contain('Booking made');
    expect(await page.locator('[data-test="slot-bookings"] tbody tr').innerText()).to.contain(name);
    expect(await page.locator('[data-test="booked-count"]').innerText()).to.equal('1 of 1 booked');
    await expectNoAxeViolations(page);

    // Their leave over the first booked week (a slot of 1 day a week, 7 June 2027 on): the booking is shown at risk.
    const booked = await server.gql(`query($p: ID!) { bookings(filter: { projectId: $p }) { nodes { practitioner { id } } } }`, { p: quietProjectId }, a.lead.token);
    const added = await server.gql(
      `mutation($p: ID!) { addLeave(practitionerId: $p, input: { start: "2027-06-07", end: "2027-06-11" }) { bookingsAtRisk { id } } }`,
      { p: booked.data!.bookings.nodes[0].practitioner.id },
      a.admin.token,
    );
    expect(added.data!.addLeave.bookingsAtRisk).to.have.length(1);
    await page.reload();
    const row = page.locator('[data-test="slot-bookings"] tbody tr');
    expect(await row.innerText()).to.contain('At risk');
    expect(await row.locator('[data-test="booking-risk"]').innerText()).to.match(/^1 day from 7 June 2027 will not be worked: leave$/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('is not there for a council requester', async () => {
    const page = await newPage(browser, server);
    await signIn(page, emailOf(a.requester));
    expect(await page.getByRole('link', { name: 'Pool dashboard' }).count()).to.equal(0);
    expect((await page.goto('/pool'))!.status()).to.equal(404);
    expect((await page.goto(`/pool/projects/${projectId}/staffing`))!.status()).to.equal(404);
    await page.context().close();
  });

  it('approves a project awaiting review from its staffing page (plain HTTP)', async () => {
    const c = httpClient(server);
    await c.get('/sign-in');
    expect((await c.post('/sign-in', { email: emailOf(a.lead), password: PASSWORD })).status).to.equal(303);
    // The home page lists it for review, linking here.
    expect(await (await c.get('/')).text()).to.contain(`href="/pool/projects/${submittedId}/staffing"`);
    const page = await c.get(`/pool/projects/${submittedId}/staffing`);
    expect(await page.text()).to.contain('Approve project');
    const r = await c.post(`/pool/projects/${submittedId}/staffing/approve`, {});
    expect(r.status).to.equal(303);
    expect(r.headers.get('location')).to.equal(`/pool/projects/${submittedId}/staffing?done=approved`);
    const after = await server.gql(`query($id: ID!) { project(id: $id) { status } }`, { id: submittedId }, a.lead.token);
    expect(after.data!.project.status).to.equal('APPROVED');
  });
});
