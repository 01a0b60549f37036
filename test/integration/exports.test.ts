// CSV exports over HTTP: bookings, agreements, the audit log, the ledger and
// demand against supply, each for the people who may read the same list
// through the API and no one else, page after page, with every cell safe to
// open in a spreadsheet and bad parameters named.
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { Project } from '../../models/project.ts';
import { recordAudits } from '../../server/services/audit.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { seedProject, NEWCASTLE } from '../support/projects.ts';
import { book, bookActive, seedScene, SUNDERLAND, type Placement, type Scene } from '../support/agreements.ts';

type Rows = Record<string, string>[];

describe('exports: CSV files', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;
  let active: Placement;
  let tentative: Placement;

  before(async () => {
    server = await startTestServer({ label: 'exports', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    active = await bookActive(s);
    tentative = await book(s, { start: '2027-04-05', end: '2027-04-30' });
  });
  after(() => server?.stop());

  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { redirect: 'manual', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  async function csv(path: string, token?: string): Promise<Rows> {
    const res = await get(path, token);
    const text = await res.text();
    expect(res.status, `${path}: ${text}`).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="[A-Za-z0-9._-]+\.csv"$/);
    return parse(text, { bom: true, columns: true }) as Rows;
  }

  async function refusal(path: string, token?: string) {
    const res = await get(path, token);
    const body = (await res.json()) as { errors: { extensions: { code: string; field?: (string | number)[] } }[] };
    return { status: res.status, code: body.errors[0]!.extensions.code, field: body.errors[0]!.extensions.field };
  }

  it('bookings: one row each, with names, for a party to them', async () => {
    const rows = await csv('/exports/bookings.csv', s.lead.token);
    expect(rows.map((r) => r['Booking ID'])).to.have.members([active.bookingId, tentative.bookingId]);
    const a = rows.find((r) => r['Booking ID'] === active.bookingId)!;
    expect(a).to.include({ Status: 'CONFIRMED', 'Project ID': s.projectId, 'Practitioner ID': active.practitionerId, Start: '2027-03-01', End: '2027-03-28', 'Days per week': '2', Pool: 'north-east-ca' });
    expect(a['Home council']).to.equal('Sunderland');
    expect(a['Host councils']).to.equal('Newcastle upon Tyne; Gateshead');
    expect(a.Practitioner).to.be.a('string').and.not.equal('');
    expect(a['Role level']).to.match(/researcher/i);
    // The host council's requester reads the same rows (no more of the person than a host may see: no e-mail column).
    const host = await csv('/exports/bookings.csv', s.requester.token);
    expect(host.map((r) => r['Booking ID'])).to.have.members([active.bookingId, tentative.bookingId]);
    expect(Object.keys(host[0]!).some((k) => /mail|skill|leave/i.test(k))).to.equal(false);
    expect(Object.values(host[0]!).some((v) => v.includes('@'))).to.equal(false);
  });

  it('bookings: filtered as the API filters them, nothing for a council not party to them', async () => {
    expect((await csv('/exports/bookings.csv?statuses=TENTATIVE', s.lead.token)).map((r) => r['Booking ID'])).to.deep.equal([tentative.bookingId]);
    expect((await csv('/exports/bookings.csv?from=2027-04-01&to=2027-04-30', s.lead.token)).map((r) => r['Booking ID'])).to.deep.equal([tentative.bookingId]);
    expect(await csv(`/exports/bookings.csv?councilId=${SUNDERLAND}`, s.admin.token)).to.have.length(2);
    expect(await csv(`/exports/bookings.csv?councilId=${NEWCASTLE}&poolId=tees-valley`, s.admin.token)).to.have.length(0);
    expect(await csv('/exports/bookings.csv', s.otherRequester.token)).to.have.length(0);
    expect(await csv('/exports/bookings.csv', s.otherLead.token)).to.have.length(0);
    // The practitioner themselves: their own booking only.
    expect((await csv('/exports/bookings.csv', active.self.token)).map((r) => r['Booking ID'])).to.deep.equal([active.bookingId]);
  });

  it('agreements: the terms in force, in pounds, for the parties', async () => {
    const rows = await csv('/exports/agreements.csv', s.homeRequester.token);
    const a = rows.find((r) => r['Agreement ID'] === active.agreementId)!;
    expect(a).to.include({ Status: 'ACTIVE', 'Version in force': '1', 'Day rate (£)': '400.00', 'Backfill per day (£)': '100.00', Payer: 'HOST_COUNCIL', Weekdays: 'TUE WED', 'Booking ID': active.bookingId });
    const t = rows.find((r) => r['Agreement ID'] === tentative.agreementId)!;
    expect(t).to.include({ Status: 'AWAITING_APPROVALS', 'Version in force': '' });
    expect((await csv('/exports/agreements.csv?statuses=ACTIVE', s.lead.token)).map((r) => r['Agreement ID'])).to.deep.equal([active.agreementId]);
    expect(await csv('/exports/agreements.csv', s.otherRequester.token)).to.have.length(0);
  });

  it('the audit log: every event of the pool, page after page, for leads and admins only', async () => {
    // More events than a page holds (200): the file carries on through the cursor.
    await recordAudits(
      Array.from({ length: 450 }, (_, i) => ({ actor: null, action: 'plan.save', entityType: 'Plan' as const, entityId: `p${i}`, poolId: 'north-east-ca', after: { name: `=cmd|' /C calc'!A${i}` } })),
    );
    const total = (await server.gql(`query { auditEvents(filter: { poolId: "north-east-ca" }) { totalCount } }`, {}, s.lead.token)).data!.auditEvents.totalCount as number;
    const rows = await csv('/exports/audit-log.csv', s.lead.token);
    expect(total).to.be.greaterThan(450);
    expect(rows).to.have.length(total);
    expect(new Set(rows.map((r) => r.Position)).size).to.equal(total);
    expect(rows.every((r) => r.Pool === 'north-east-ca')).to.equal(true);
    const positions = rows.map((r) => Number(r.Position));
    expect(positions).to.deep.equal([...positions].sort((x, y) => x - y));
    expect(rows.filter((r) => r.Action === 'booking.create').map((r) => r['Entity ID'])).to.include.members([active.bookingId, tentative.bookingId]);
    const plans = await csv('/exports/audit-log.csv?action=plan.save', s.admin.token);
    expect(plans).to.have.length(450);
    // The other pool's lead reads none of it; requesters and practitioners may not read the log at all.
    expect(await csv('/exports/audit-log.csv?poolId=north-east-ca', s.otherLead.token)).to.have.length(0);
    expect(await refusal('/exports/audit-log.csv', s.requester.token)).to.include({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal('/exports/audit-log.csv', active.self.token)).to.include({ status: 403, code: 'FORBIDDEN' });
  });

  it('a cell a spreadsheet would run as a formula is written as text', async () => {
    const rows = await csv('/exports/audit-log.csv?action=plan.save', s.admin.token);
    // The JSON of "after" starts with {, so it is left alone; its content is quoted as it is.
    expect(rows[0]!.After).to.equal(JSON.stringify({ name: "=cmd|' /C calc'!A0" }));
    const projectId = await seedProject(s, 'APPROVED', {
      title: '=HYPERLINK("http://evil.example","Click")',
      slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 2, start: '2027-01-04', end: '2027-06-30' }],
    });
    const slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
    const p = await book(s, { projectId, slotId });
    const row = (await csv(`/exports/bookings.csv?projectId=${projectId}`, s.lead.token)).find((r) => r['Booking ID'] === p.bookingId)!;
    expect(row.Project).to.equal(`'=HYPERLINK("http://evil.example","Click")`);
  });

  it("the ledger: the API's figures for a pool or one council", async () => {
    const period = 'from=2027-03-01&to=2027-03-31';
    const api = (await server.gql(`query { poolLedger(poolId: "north-east-ca", from: "2027-03-01", to: "2027-03-31") { councils { council { gssCode } daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence } } }`, {}, s.lead.token)).data!
      .poolLedger.councils as { council: { gssCode: string }; daysGiven: number; daysReceived: number; net: number; chargesPaidPence: number }[];
    const rows = await csv(`/exports/ledger.csv?poolId=north-east-ca&${period}`, s.lead.token);
    expect(rows.map((r) => r['GSS code'])).to.deep.equal(api.map((c) => c.council.gssCode));
    for (const c of api) {
      const r = rows.find((x) => x['GSS code'] === c.council.gssCode)!;
      expect([Number(r['Days given']), Number(r['Days received']), Number(r['Net days']), Number(r['Charges paid (£)']) * 100]).to.deep.equal([c.daysGiven, c.daysReceived, c.net, c.chargesPaidPence]);
    }
    const sunderland = rows.find((r) => r['GSS code'] === SUNDERLAND)!;
    expect(Number(sunderland['Days given'])).to.be.greaterThan(0);
    const one = await csv(`/exports/ledger.csv?councilId=${SUNDERLAND}&${period}`, s.homeRequester.token);
    expect(one).to.have.length(1);
    expect(one[0]).to.include({ Council: 'Sunderland', 'Days given': sunderland['Days given'] });
    // Another council's ledger, another pool's: refused as the API refuses them.
    expect(await refusal(`/exports/ledger.csv?councilId=${SUNDERLAND}&${period}`, s.otherRequester.token)).to.include({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(`/exports/ledger.csv?poolId=north-east-ca&${period}`, s.otherLead.token)).to.include({ status: 403, code: 'FORBIDDEN' });
  });

  it('demand against supply: the pool, then each role family and its role levels, week by week', async () => {
    const api = (
      await server.gql(
        `query { poolDemand(poolId: "north-east-ca", from: "2027-03-01", to: "2027-03-28") { weeks { week capacityDays bookedDays demandDays unfilledDays } families { family { name } levels { roleLevel { name } weeks { week capacityDays demandDays } } } } }`,
        {},
        s.lead.token,
      )
    ).data!.poolDemand;
    const rows = await csv('/exports/capacity.csv?poolId=north-east-ca&from=2027-03-01&to=2027-03-28', s.lead.token);
    const pool = rows.filter((r) => r['Role family'] === 'All role families');
    expect(pool.map((r) => r['ISO week'])).to.deep.equal(api.weeks.map((w: { week: string }) => w.week));
    pool.forEach((r, i) => {
      const w = api.weeks[i];
      expect([Number(r['Capacity (days)']), Number(r['Booked (days)']), Number(r['Asked for (days)']), Number(r['Unfilled (days)'])]).to.deep.equal([w.capacityDays, w.bookedDays, w.demandDays, w.unfilledDays]);
    });
    const levels = api.families.flatMap((f: { levels: unknown[] }) => f.levels);
    expect(levels.length).to.be.greaterThan(0);
    expect(rows).to.have.length(api.weeks.length * (1 + api.families.length + levels.length));
    expect(new Set(rows.map((r) => r['Role family']))).to.include('User-centred design');
    // Each role level's rows carry its own figures, as the API gives them.
    for (const l of levels as { roleLevel: { name: string }; weeks: { week: string; capacityDays: number; demandDays: number }[] }[]) {
      const own = rows.filter((r) => r['Role level'] === l.roleLevel.name);
      expect(own.map((r) => [r['ISO week'], Number(r['Capacity (days)']), Number(r['Asked for (days)'])])).to.deep.equal(l.weeks.map((w) => [w.week, w.capacityDays, w.demandDays]));
    }
    expect(await refusal('/exports/capacity.csv?poolId=north-east-ca&from=2027-03-01&to=2027-03-28', s.requester.token)).to.include({ status: 403, code: 'FORBIDDEN' });
  });

  it('bad parameters are named; unknown files, strangers and signed-out browsers are answered', async () => {
    expect(await refusal('/exports/bookings.csv?statuses=CONFIRMED,LOST', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['statuses', 1] });
    expect(await refusal('/exports/bookings.csv?from=2027-02-30', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['from'] });
    expect(await refusal('/exports/bookings.csv?projectId=nope', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['filter', 'projectId'] });
    expect(await refusal('/exports/ledger.csv?poolId=north-east-ca&to=2027-03-31', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['from'] });
    expect(await refusal('/exports/capacity.csv?from=2027-03-01&to=2027-03-31', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['poolId'] });
    expect(await refusal('/exports/ledger.csv?poolId=north-east-ca&from=2027-03-01&to=2027-03-01&to=2027-03-02', s.lead.token)).to.deep.equal({ status: 400, code: 'BAD_USER_INPUT', field: ['to'] });
    expect(await refusal('/exports/secrets.csv', s.lead.token)).to.include({ status: 404, code: 'NOT_FOUND' });
    expect(await refusal('/exports/bookings.csv')).to.include({ status: 401, code: 'UNAUTHENTICATED' });
    const browser = await get('/exports/bookings.csv?statuses=CONFIRMED', undefined, { accept: 'text/html' });
    expect(browser.status).to.equal(303);
    expect(browser.headers.get('location')).to.equal(`/sign-in?next=${encodeURIComponent('/exports/bookings.csv?statuses=CONFIRMED')}`);
  });
});
