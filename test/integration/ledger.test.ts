// The give-and-take ledger over GraphQL for a known scenario: confirmed
// placements count, ended ones up to their new end, tentative and cancelled
// ones not at all; consortium days are shared; money follows the terms; a
// pool's totals balance; and each party sees only its own figures.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { ledgerBalances } from '../../server/services/ledger.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedProject, type Actor } from '../support/projects.ts';
import { GATESHEAD, NEWCASTLE, SUNDERLAND, TERMS, approveAll, approveAllAsAdmin, book, bookActive, seedScene, type Scene } from '../support/agreements.ts';

const FIGURES = 'council { gssCode } daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence';
const COUNCIL = `query($c: ID!, $from: LocalDate!, $to: LocalDate!, $pool: ID) { councilLedger(councilId: $c, from: $from, to: $to, poolId: $pool) { from to pool { id } balance { ${FIGURES} } } }`;
const POOL = `query($p: ID!, $from: LocalDate!, $to: LocalDate!) { poolLedger(poolId: $p, from: $from, to: $to) { pool { id } councils { ${FIGURES} } totals { daysGiven daysReceived net chargesPaidPence chargesReceivedPence backfillReceivedPence } } }`;
const MARCH = { from: '2027-03-01', to: '2027-03-31' };

const row = (gssCode: string, daysGiven: number, daysReceived: number, chargesPaidPence: number, chargesReceivedPence: number, backfillReceivedPence: number) => ({
  council: { gssCode },
  daysGiven,
  daysReceived,
  net: daysGiven - daysReceived,
  chargesPaidPence,
  chargesReceivedPence,
  backfillReceivedPence,
});

describe('ledger', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    server = await startTestServer({ label: 'ledger', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    // 1. Sunderland lends 2 days a week (Tue, Wed) for March's four weeks to Newcastle and Gateshead: 8 days, £400 a day paid by the hosts, £100 backfill.
    await bookActive(s);
    // 2. Gateshead lends 1 day a week (Mon) for two weeks to a Newcastle-only project, the pool paying £300 a day: 2 days.
    const newcastleOnly = await seedProject(s, 'APPROVED', { councilIds: [], slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, start: '2027-01-04', end: '2027-06-30' }] });
    const slotId = String((await Project.findById(newcastleOnly).lean())!.slots[0]!._id);
    const gateshead = await book(s, { home: GATESHEAD, projectId: newcastleOnly, slotId, start: '2027-03-01', end: '2027-03-14', daysPerWeek: 1, terms: { ...TERMS, weekdays: ['MON'], reviewDate: '2027-03-08', dayRatePence: 30_000, payer: 'POOL', backfillPerDayPence: 0 } });
    await approveAllAsAdmin(s, gateshead, [NEWCASTLE]);
    // 3. Like 1, but ended early on 14 March: 4 days.
    const ended = await bookActive(s);
    const end = await server.gql(`mutation($id: ID!) { endBookingEarly(id: $id, end: "2027-03-14", reason: "Done early") { status } }`, { id: ended.bookingId }, s.lead.token);
    expect(end.errors).to.equal(undefined);
    // 4. Tentative (not yet approved) and 5. cancelled: they count for nothing.
    await book(s);
    const cancelled = await book(s);
    await approveAll(s, cancelled);
    await server.gql(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: cancelled.bookingId }, s.lead.token);
  });
  after(() => server?.stop());

  const expected: Record<string, ReturnType<typeof row>> = {
    [SUNDERLAND]: row(SUNDERLAND, 12, 0, 0, 480_000, 120_000),
    [NEWCASTLE]: row(NEWCASTLE, 0, 8, 240_000, 0, 0),
    [GATESHEAD]: row(GATESHEAD, 2, 6, 240_000, 60_000, 0),
  };

  it("gives each council its days given and received, net balance and money over a period", async () => {
    for (const c of [SUNDERLAND, NEWCASTLE, GATESHEAD]) {
      const r = await server.gql(COUNCIL, { c, ...MARCH }, s.admin.token);
      expect(r.errors).to.equal(undefined);
      expect(r.data!.councilLedger).to.deep.equal({ ...MARCH, pool: null, balance: expected[c] });
    }
  });

  it("sums a pool's councils, every footprint council listed, given equal to received", async () => {
    const r = await server.gql(POOL, { p: 'north-east-ca', ...MARCH }, s.lead.token);
    expect(r.errors).to.equal(undefined);
    const l = r.data!.poolLedger;
    expect(l.councils.map((c: { council: { gssCode: string } }) => c.council.gssCode)).to.deep.equal(['E06000047', 'E06000057', 'E08000021', 'E08000022', 'E08000023', 'E08000024', 'E08000037']);
    for (const c of [SUNDERLAND, NEWCASTLE, GATESHEAD]) expect(l.councils.find((x: { council: { gssCode: string } }) => x.council.gssCode === c)).to.deep.equal(expected[c]);
    expect(l.totals).to.deep.equal({ daysGiven: 14, daysReceived: 14, net: 0, chargesPaidPence: 480_000, chargesReceivedPence: 540_000, backfillReceivedPence: 120_000 });
  });

  it('splits a period without counting a day twice, and counts nothing outside the placements', async () => {
    const first = (await server.gql(COUNCIL, { c: SUNDERLAND, from: '2027-03-01', to: '2027-03-09' }, s.admin.token)).data!.councilLedger.balance;
    const rest = (await server.gql(COUNCIL, { c: SUNDERLAND, from: '2027-03-10', to: '2027-03-31' }, s.admin.token)).data!.councilLedger.balance;
    expect(first.daysGiven + rest.daysGiven).to.equal(12);
    expect(first.daysGiven).to.equal(6); // Tue 2 and Tue 9 (+ Wed 3) for both placements
    const april = (await server.gql(COUNCIL, { c: SUNDERLAND, from: '2027-04-01', to: '2027-04-30' }, s.admin.token)).data!.councilLedger.balance;
    expect(april).to.deep.equal(row(SUNDERLAND, 0, 0, 0, 0, 0));
  });

  it("gives the matching engine each council's net days", async () => {
    const balances = await ledgerBalances('north-east-ca', MARCH.from, MARCH.to);
    expect(balances.get(SUNDERLAND)).to.equal(12);
    expect(balances.get(NEWCASTLE)).to.equal(-8);
    expect(balances.get(GATESHEAD)).to.equal(-4);
    expect(balances.get('E06000047')).to.equal(0);
  });

  it('refuses bad periods with the field', async () => {
    expect(onlyError(await server.gql(COUNCIL, { c: SUNDERLAND, from: '2027-03-31', to: '2027-03-01' }, s.admin.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
    expect(onlyError(await server.gql(POOL, { p: 'north-east-ca', from: '2020-01-01', to: '2027-03-01' }, s.admin.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
    expect(onlyError(await server.gql(POOL, { p: 'nowhere', ...MARCH }, s.admin.token)).extensions?.code).to.equal('NOT_FOUND');
  });

  it('shows requesters their own council, leads their pool and its councils, admins everything', async () => {
    const council: [Actor, string, string | null][] = [
      [s.admin, SUNDERLAND, null],
      [s.lead, SUNDERLAND, null],
      [s.homeRequester, SUNDERLAND, null],
      [s.requester, NEWCASTLE, null],
      [s.requester, SUNDERLAND, 'FORBIDDEN'],
      [s.otherRequester, SUNDERLAND, 'FORBIDDEN'],
      [s.otherLead, SUNDERLAND, 'FORBIDDEN'], // not in Tees Valley's footprint
      [s.practitioner, SUNDERLAND, 'FORBIDDEN'],
      [s.anonymous, SUNDERLAND, 'UNAUTHENTICATED'],
    ];
    for (const [a, c, code] of council) {
      const r = await server.gql(COUNCIL, { c, ...MARCH }, a.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, `${a.label} on ${c}`).to.equal(code);
    }
    // A lead's view of a council is their own pool's dealings, whatever pool they ask for.
    const mine = (await server.gql(COUNCIL, { c: SUNDERLAND, ...MARCH }, s.lead.token)).data!.councilLedger;
    expect(mine.pool).to.deep.equal({ id: 'north-east-ca' });
    expect(mine.balance).to.deep.equal(expected[SUNDERLAND]);
    expect(onlyError(await server.gql(COUNCIL, { c: SUNDERLAND, ...MARCH, pool: 'tees-valley' }, s.lead.token)).extensions?.code).to.equal('FORBIDDEN');
    // Tees Valley's lead sees its own council, with nothing lent to it.
    expect((await server.gql(COUNCIL, { c: 'E06000001', ...MARCH }, s.otherLead.token)).data!.councilLedger.balance.daysGiven).to.equal(0);

    const pool: [Actor, string | null][] = [
      [s.admin, null],
      [s.lead, null],
      [s.otherLead, 'FORBIDDEN'],
      [s.homeRequester, 'FORBIDDEN'],
      [s.requester, 'FORBIDDEN'],
      [s.practitioner, 'FORBIDDEN'],
      [s.anonymous, 'UNAUTHENTICATED'],
    ];
    for (const [a, code] of pool) {
      const r = await server.gql(POOL, { p: 'north-east-ca', ...MARCH }, a.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, a.label).to.equal(code);
    }
  });
});
