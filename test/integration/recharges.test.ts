// Recharge statements over GraphQL and as files at /pools/<id>/recharges.csv
// and .html, for a known March: who pays whom line by line and per pair of
// councils, the same money as the ledger, and each council's requester seeing
// only what their council pays or is paid.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedProject, type Actor } from '../support/projects.ts';
import { GATESHEAD, NEWCASTLE, SUNDERLAND, TERMS, approveAllAsAdmin, book, bookActive, seedScene, type Placement, type Scene } from '../support/agreements.ts';

const PARTY = 'kind council { gssCode } pool { id }';
const SUMS = 'lineCount days chargePence backfillPence amountPence';
const STATEMENT = `query($p: ID!, $from: LocalDate!, $to: LocalDate!, $c: ID) {
  rechargeStatement(poolId: $p, from: $from, to: $to, councilId: $c) {
    from to pool { id } council { gssCode }
    lines { agreementId bookingId version practitionerName roleLevel start end payerTerm daysPlaced days dayRatePence chargePence backfillPerDayPence backfillPence amountPence payer { ${PARTY} } payee { gssCode } }
    pairs { payer { ${PARTY} } payee { gssCode } ${SUMS} }
    totals { ${SUMS} }
  }
}`;
const POOL_LEDGER = `query($p: ID!, $from: LocalDate!, $to: LocalDate!) { poolLedger(poolId: $p, from: $from, to: $to) {
  councils { council { gssCode } daysGiven chargesPaidPence chargesReceivedPence backfillReceivedPence }
  totals { daysGiven chargesPaidPence chargesReceivedPence backfillReceivedPence } } }`;
const MARCH = { from: '2027-03-01', to: '2027-03-31' };
const POOL = 'north-east-ca';

type Party = { kind: string; council: { gssCode: string } | null; pool: { id: string } | null };
type Pair = { payer: Party; payee: { gssCode: string }; lineCount: number; days: number; chargePence: number; backfillPence: number; amountPence: number };
type Line = Omit<Pair, 'lineCount'> & { agreementId: string; daysPlaced: number; payerTerm: string; practitionerName: string };

const council = (gssCode: string): Party => ({ kind: 'COUNCIL', council: { gssCode }, pool: null });
const pair = (payer: Party, payee: string, lineCount: number, days: number, chargePence: number, backfillPence: number): Pair => ({
  payer,
  payee: { gssCode: payee },
  lineCount,
  days,
  chargePence,
  backfillPence,
  amountPence: chargePence + backfillPence,
});

describe('recharges', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;
  let shared: Placement;
  let pooled: Placement;

  before(async () => {
    server = await startTestServer({ label: 'recharges', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    // 1. Sunderland lends 2 days a week (Tue, Wed) for March's four weeks to Newcastle and Gateshead: 8 days at £400
    // paid by the two hosts in equal shares, £100 a day backfill likewise.
    shared = await bookActive(s);
    // 2. Gateshead lends 1 day a week (Mon) for two weeks to a Newcastle-only project, the pool paying £300 a day: 2 days.
    const newcastleOnly = await seedProject(s, 'APPROVED', { councilIds: [], slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, start: '2027-01-04', end: '2027-06-30' }] });
    const slotId = String((await Project.findById(newcastleOnly).lean())!.slots[0]!._id);
    pooled = await book(s, { home: GATESHEAD, projectId: newcastleOnly, slotId, start: '2027-03-01', end: '2027-03-14', daysPerWeek: 1, terms: { ...TERMS, weekdays: ['MON'], reviewDate: '2027-03-08', dayRatePence: 30_000, payer: 'POOL', backfillPerDayPence: 0 } });
    await approveAllAsAdmin(s, pooled, [NEWCASTLE]);
    // 3. Tentative (not approved): counts for nothing.
    await book(s);
    // 4. In May, Sunderland lends at its own cost (HOME_COUNCIL) with £100 backfill: 8 days, no charge moves.
    await bookActive(s, { start: '2027-05-03', end: '2027-05-30', terms: { ...TERMS, reviewDate: '2027-05-03', payer: 'HOME_COUNCIL' } });
  });
  after(() => server?.stop());

  const statement = async (a: Actor, vars: Record<string, unknown> = {}) => {
    const r = await server.gql(STATEMENT, { p: POOL, ...MARCH, ...vars }, a.token);
    expect(r.errors, a.label).to.equal(undefined);
    return r.data!.rechargeStatement as { council: { gssCode: string } | null; lines: Line[]; pairs: Pair[]; totals: Omit<Pair, 'payer' | 'payee'> };
  };

  const GATESHEAD_PAYS = pair(council(GATESHEAD), SUNDERLAND, 1, 4, 160_000, 40_000);
  const NEWCASTLE_PAYS = pair(council(NEWCASTLE), SUNDERLAND, 1, 4, 160_000, 40_000);
  const POOL_PAYS = pair({ kind: 'POOL', council: null, pool: { id: POOL } }, GATESHEAD, 1, 2, 60_000, 0);

  it('lists each agreement stretch and payer, and sums who pays whom per pair', async () => {
    const st = await statement(s.lead);
    expect(st).to.deep.include({ ...MARCH, pool: { id: POOL }, council: null });
    // By start date (both 1 March), then agreement (the earlier first), then payer.
    expect(st.lines.map((l) => [l.agreementId, l.payer.council?.gssCode ?? l.payer.pool?.id])).to.deep.equal([
      [shared.agreementId, NEWCASTLE],
      [shared.agreementId, GATESHEAD],
      [pooled.agreementId, POOL],
    ]);
    expect(st.lines[1]).to.deep.include({
      bookingId: shared.bookingId,
      version: 1,
      roleLevel: 'User researcher',
      start: '2027-03-01',
      end: '2027-03-28',
      payerTerm: 'HOST_COUNCIL',
      daysPlaced: 8,
      days: 4,
      dayRatePence: 40_000,
      chargePence: 160_000,
      backfillPerDayPence: 10_000,
      backfillPence: 40_000,
      amountPence: 200_000,
      payee: { gssCode: SUNDERLAND },
    });
    expect(st.lines[2]).to.deep.include({ start: '2027-03-01', end: '2027-03-14', payerTerm: 'POOL', daysPlaced: 2, days: 2, dayRatePence: 30_000, chargePence: 60_000, backfillPence: 0, amountPence: 60_000, payee: { gssCode: GATESHEAD } });
    expect(st.lines[2]!.practitionerName).to.be.a('string').and.not.equal('name not recorded');
    // Pairs by payer (councils before the pool), then payee.
    expect(st.pairs).to.deep.equal([NEWCASTLE_PAYS, GATESHEAD_PAYS, POOL_PAYS]);
    expect(st.totals).to.deep.equal({ lineCount: 3, days: 10, chargePence: 380_000, backfillPence: 80_000, amountPence: 460_000 });
    // The admin sees the same; April has nothing.
    expect(await statement(s.admin)).to.deep.equal(st);
    const april = await statement(s.admin, { from: '2027-04-01', to: '2027-04-30' });
    expect(april.lines).to.deep.equal([]);
    expect(april.totals).to.deep.equal({ lineCount: 0, days: 0, chargePence: 0, backfillPence: 0, amountPence: 0 });
  });

  for (const period of [MARCH, { from: '2027-05-01', to: '2027-05-31' }, { from: '2027-03-01', to: '2027-05-31' }]) {
    it(`agrees with the ledger's money and days for the same period (${period.from} to ${period.to})`, async () => {
      const st = await statement(s.admin, period);
      const r = await server.gql(POOL_LEDGER, { p: POOL, ...period }, s.admin.token);
      expect(r.errors).to.equal(undefined);
      const l = r.data!.poolLedger;
      expect(st.totals.chargePence).to.equal(l.totals.chargesReceivedPence);
      expect(st.totals.backfillPence).to.equal(l.totals.backfillReceivedPence);
      expect(st.totals.days).to.equal(l.totals.daysGiven);
      // Council by council: what it is paid is its charges and backfill received; what it pays as a host, its charges paid.
      for (const c of l.councils as { council: { gssCode: string }; daysGiven: number; chargesPaidPence: number; chargesReceivedPence: number; backfillReceivedPence: number }[]) {
        const paid = st.pairs.filter((p) => p.payee.gssCode === c.council.gssCode);
        expect(paid.reduce((n, p) => n + p.amountPence, 0), c.council.gssCode).to.equal(c.chargesReceivedPence + c.backfillReceivedPence);
        expect(paid.reduce((n, p) => n + p.days, 0), c.council.gssCode).to.equal(c.daysGiven);
        const pays = st.pairs.filter((p) => p.payer.council?.gssCode === c.council.gssCode);
        expect(pays.reduce((n, p) => n + p.chargePence, 0), c.council.gssCode).to.equal(c.chargesPaidPence);
      }
    });
  }

  it('lists a home-council-paid placement for its days and backfill, with no charge', async () => {
    const may = await statement(s.admin, { from: '2027-05-01', to: '2027-05-31' });
    expect(may.lines.map((l) => [l.payerTerm, l.payer.council?.gssCode, l.days, l.chargePence, l.backfillPence])).to.deep.equal([
      ['HOME_COUNCIL', NEWCASTLE, 4, 0, 40_000],
      ['HOME_COUNCIL', GATESHEAD, 4, 0, 40_000],
    ]);
    expect(may.totals).to.deep.equal({ lineCount: 2, days: 8, chargePence: 0, backfillPence: 80_000, amountPence: 80_000 });
  });

  it("shows a council's requester only the pairs their council pays or is paid", async () => {
    const home = await statement(s.homeRequester);
    expect(home.council).to.deep.equal({ gssCode: SUNDERLAND });
    expect(home.pairs).to.deep.equal([NEWCASTLE_PAYS, GATESHEAD_PAYS]);
    expect(home.totals).to.deep.include({ lineCount: 2, amountPence: 400_000 });
    // Newcastle hosts both placements but pays only its share of the first: the pool's line for its project is not its pair.
    const newcastle = await statement(s.requester);
    expect(newcastle.pairs).to.deep.equal([NEWCASTLE_PAYS]);
    expect(newcastle.lines.map((l) => l.payer.council?.gssCode)).to.deep.equal([NEWCASTLE]);
    // Gateshead pays Sunderland and is paid by the pool; never sees Newcastle's share.
    const gateshead = await statement(s.consortiumRequester);
    expect(gateshead.pairs).to.have.deep.members([GATESHEAD_PAYS, POOL_PAYS]);
    expect(gateshead.lines.every((l) => l.payer.council?.gssCode !== NEWCASTLE)).to.equal(true);
    // Naming their own council is allowed; another council is not.
    expect(await statement(s.requester, { c: NEWCASTLE })).to.deep.equal(newcastle);
    expect(onlyError(await server.gql(STATEMENT, { p: POOL, ...MARCH, c: SUNDERLAND }, s.requester.token)).extensions?.code).to.equal('FORBIDDEN');
    // Hartlepool, which is party to none of it, gets nothing, and may not ask for Sunderland's.
    const hartlepool = await statement(s.otherRequester);
    expect(hartlepool.lines).to.deep.equal([]);
    expect(hartlepool.pairs).to.deep.equal([]);
    expect(hartlepool.totals.amountPence).to.equal(0);
    expect(onlyError(await server.gql(STATEMENT, { p: POOL, ...MARCH, c: SUNDERLAND }, s.otherRequester.token)).extensions?.code).to.equal('FORBIDDEN');
    // A lead may narrow to one council: the same as its requester sees.
    expect(await statement(s.lead, { c: SUNDERLAND })).to.deep.equal(home);
  });

  it('refuses other pools, practitioners and signed-out callers, and bad periods with the field', async () => {
    const refused: [Actor, string][] = [
      [s.otherLead, 'FORBIDDEN'],
      [s.practitioner, 'FORBIDDEN'],
      [s.anonymous, 'UNAUTHENTICATED'],
    ];
    for (const [a, code] of refused) {
      expect(onlyError(await server.gql(STATEMENT, { p: POOL, ...MARCH }, a.token)).extensions?.code, a.label).to.equal(code);
    }
    const bad: [Record<string, string>, string][] = [
      [{ from: '2027-02-30' }, 'from'],
      [{ from: 'March' }, 'from'],
      [{ to: '2027-13-01' }, 'to'],
      [{ from: '2027-03-31', to: '2027-03-01' }, 'to'],
      [{ from: '2020-01-01', to: '2027-03-01' }, 'to'],
    ];
    for (const [vars, field] of bad) {
      const e = onlyError(await server.gql(STATEMENT, { p: POOL, ...MARCH, ...vars }, s.admin.token));
      expect(e.extensions, JSON.stringify(vars)).to.deep.include({ code: 'BAD_USER_INPUT', field: [field] });
    }
    expect(onlyError(await server.gql(STATEMENT, { p: 'nowhere', ...MARCH }, s.admin.token)).extensions?.code).to.equal('NOT_FOUND');
  });

  const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const q = (over: Record<string, string> = {}) => new URLSearchParams({ ...MARCH, ...over }).toString();

  it('serves the statement as a CSV with the Bearer token: lines, then a row per pair, then the total', async () => {
    const r = await get(`/pools/${POOL}/recharges.csv?${q()}`, s.lead.token);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).to.equal(`attachment; filename="recharges-${POOL}-2027-03-01-2027-03-31.csv"`);
    const rows = (await r.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));
    const header = rows[0]!;
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(header.slice(0, 5)).to.deep.equal(['row', 'payer', 'payer_name', 'payee', 'payee_name']);
    expect(rows.slice(1).map((x) => x[0])).to.deep.equal(['LINE', 'LINE', 'LINE', 'PAIR', 'PAIR', 'PAIR', 'TOTAL']);
    const line = rows.find((x) => x[0] === 'LINE' && x[1] === NEWCASTLE)!;
    expect([col(line, 'agreement_id'), col(line, 'payee'), col(line, 'days_placed'), col(line, 'days'), col(line, 'day_rate_gbp'), col(line, 'charge_gbp'), col(line, 'backfill_gbp'), col(line, 'amount_gbp')]).to.deep.equal([
      shared.agreementId, SUNDERLAND, '8', '4', '400.00', '1600.00', '400.00', '2000.00',
    ]);
    const poolPair = rows.find((x) => x[0] === 'PAIR' && x[1] === POOL)!;
    expect([col(poolPair, 'payee'), col(poolPair, 'days'), col(poolPair, 'amount_gbp'), col(poolPair, 'lines')]).to.deep.equal([GATESHEAD, '2', '600.00', '1']);
    const total = rows.at(-1)!;
    expect([col(total, 'start'), col(total, 'end'), col(total, 'days'), col(total, 'charge_gbp'), col(total, 'backfill_gbp'), col(total, 'amount_gbp'), col(total, 'lines')]).to.deep.equal([
      '2027-03-01', '2027-03-31', '10', '3800.00', '800.00', '4600.00', '3',
    ]);

    // A requester's file has only their pairs.
    const home = await get(`/pools/${POOL}/recharges.csv?${q()}`, s.homeRequester.token);
    expect(home.status).to.equal(200);
    expect(home.headers.get('content-disposition')).to.include(`-${SUNDERLAND}.csv`);
    const homeRows = (await home.text()).trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    expect(homeRows.filter((x) => x[0] === 'PAIR').map((x) => [x[1], x[3]])).to.have.deep.members([[NEWCASTLE, SUNDERLAND], [GATESHEAD, SUNDERLAND]]);
    expect(homeRows.at(-1)!.at(-2)).to.equal('4000.00');
  });

  it('serves the statement as a printable HTML document', async () => {
    const r = await get(`/pools/${POOL}/recharges.html?${q({ councilId: GATESHEAD })}`, s.admin.token);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).to.include("default-src 'none'");
    const html = await r.text();
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include('<h1>Recharge statement</h1>');
    expect(html).to.include('2027-03-01 to 2027-03-31 inclusive');
    expect(html).to.include(`Gateshead (${GATESHEAD})`);
    expect(html).to.include('£2,600.00'); // Gateshead's £2,000 to Sunderland and the pool's £600 to Gateshead
    expect(html).to.include('Totals per pair of councils');
    expect(html).not.to.include('Newcastle upon Tyne</td><td class="govuk-table__cell">Sunderland');
  });

  it('refuses files without a token, to other pools and practitioners, and with bad dates', async () => {
    const refused: [string, string | undefined, number, string, string?][] = [
      [`/pools/${POOL}/recharges.csv?${q()}`, undefined, 401, 'UNAUTHENTICATED'],
      [`/pools/${POOL}/recharges.html?${q()}`, undefined, 401, 'UNAUTHENTICATED'],
      [`/pools/${POOL}/recharges.csv?${q()}`, 'not-a-token', 401, 'UNAUTHENTICATED'],
      [`/pools/${POOL}/recharges.csv?${q()}`, s.otherLead.token, 403, 'FORBIDDEN'],
      [`/pools/${POOL}/recharges.html?${q()}`, s.practitioner.token, 403, 'FORBIDDEN'],
      [`/pools/${POOL}/recharges.csv?${q({ councilId: SUNDERLAND })}`, s.otherRequester.token, 403, 'FORBIDDEN'],
      [`/pools/nowhere/recharges.csv?${q()}`, s.admin.token, 404, 'NOT_FOUND'],
      [`/pools/${POOL}/recharges.csv?to=2027-03-31`, s.admin.token, 400, 'BAD_USER_INPUT', 'from'],
      [`/pools/${POOL}/recharges.csv?${q({ from: '2027-02-30' })}`, s.admin.token, 400, 'BAD_USER_INPUT', 'from'],
      [`/pools/${POOL}/recharges.html?${q({ to: '2027-02-01' })}`, s.admin.token, 400, 'BAD_USER_INPUT', 'to'],
      [`/pools/${POOL}/recharges.csv?from=2027-03-01`, s.admin.token, 400, 'BAD_USER_INPUT', 'to'],
    ];
    for (const [path, token, status, code, field] of refused) {
      const r = await get(path, token);
      expect(r.status, path).to.equal(status);
      const e = ((await r.json()) as { errors: { extensions: { code: string; field?: string[] } }[] }).errors[0]!.extensions;
      expect(e.code, path).to.equal(code);
      if (field) expect(e.field, path).to.deep.equal([field]);
    }
  });
});
