// Practitioner capacity over real GraphQL against a real database: contracts,
// leave, bank holidays (the imported reference data) and bookings, per pool
// and across pools. Explicit dates throughout; no wall clock.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { ADMIN, seedBooking, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { createPool } from '../../server/services/pools.ts';
import { addLeave } from '../../server/services/practitioners.ts';

const NEWCASTLE = 'E08000021';
const CAPACITY = `query($id: ID!, $pool: ID, $from: LocalDate!, $to: LocalDate!) { practitioner(id: $id) {
  capacity(poolId: $pool, from: $from, to: $to) { week weekStart contractDays leaveDays bankHolidayDays capacityDays bookedDays freeDays overBy } } }`;

type Week = { week: string; contractDays: number; leaveDays: number; bankHolidayDays: number; capacityDays: number; bookedDays: number; freeDays: number; overBy: number };
const row = (w: Week) => [w.week, w.contractDays, w.leaveDays, w.bankHolidayDays, w.capacityDays, w.bookedDays, w.freeDays, w.overBy];

describe('practitioner capacity', function () {
  this.timeout(120_000);
  let server: TestServer;
  const t: Record<string, string> = {};
  let a: string;
  let b: string;

  before(async () => {
    server = await startTestServer({ label: 'capacity' });
    await seedPools();
    await createPool({ id: 'tyne-cap', name: 'Tyne capacity pool', footprint: [NEWCASTLE] });
    // A: full time; 2 days a week to north-east-ca, 1 to tyne-cap, all year.
    a = (await seedPractitioner({ homeCouncilId: NEWCASTLE })).id;
    await seedContract({ practitionerId: a, poolId: 'north-east-ca', daysPerWeek: 2, start: '2026-01-05', end: '2026-12-31' }, 'APPROVED');
    await seedContract({ practitionerId: a, poolId: 'tyne-cap', daysPerWeek: 1, start: '2026-01-05', end: '2026-12-31' }, 'ACTIVE');
    await addLeave(ADMIN, a, { start: '2026-01-12', end: '2026-01-14' }); // Monday to Wednesday of 2026-W03
    await addLeave(ADMIN, a, { start: '2026-01-23', end: '2026-01-23', halfDay: true }); // Friday of 2026-W04
    await seedBooking(a, 'north-east-ca', '2026-01-19', '2026-02-01', 2); // 1 day a week in W04 and W05
    await seedBooking(a, 'tyne-cap', '2026-01-12', '2026-01-18', 2); // tyne-cap's day in W03, the week of leave
    await seedBooking(a, 'north-east-ca', '2026-02-09', '2026-02-15', 6); // 3 days in W07: more than the pool's call
    // B: full time; 5 days a week to north-east-ca from March to June 2026 (Easter: 3 and 6 April).
    b = (await seedPractitioner({ homeCouncilId: NEWCASTLE })).id;
    await seedContract({ practitionerId: b, poolId: 'north-east-ca', daysPerWeek: 5, start: '2026-03-02', end: '2026-06-30' }, 'APPROVED');
    // A proposed contract counts for nothing.
    await seedContract({ practitionerId: b, poolId: 'tyne-cap', daysPerWeek: 5, start: '2026-03-02', end: '2026-06-30' }, 'PROPOSED');
    t.admin = (await userToken(server, 'ADMIN')).token;
    t.leadNE = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    t.reqHome = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE })).token;
    t.self = (await userToken(server, 'PRACTITIONER', { practitionerId: a })).token;
  });
  after(() => server?.stop());

  const weeks = async (token: string, vars: Record<string, unknown>) => {
    const r = await server.gql(CAPACITY, vars, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return (r.data!.practitioner.capacity as Week[]).map(row);
  };

  it('gives one pool’s call and bookings week by week, its free time capped by what is left of the total', async () => {
    expect(await weeks(t.admin!, { id: a, pool: 'north-east-ca', from: '2026-01-05', to: '2026-02-15' })).to.deep.equal([
      // week, contract, leave, bank holidays, capacity, booked, free, over
      ['2026-W02', 2, 0, 0, 2, 0, 2, 0],
      ['2026-W03', 2, 3, 0, 2, 0, 1, 0], // 2 days worked after leave, and tyne-cap has booked one of them
      ['2026-W04', 2, 0.5, 0, 2, 1, 1, 0],
      ['2026-W05', 2, 0, 0, 2, 1, 1, 0],
      ['2026-W06', 2, 0, 0, 2, 0, 2, 0],
      ['2026-W07', 2, 0, 0, 2, 3, 0, 1],
    ]);
  });

  it('adds up every pool’s call when no pool is named, capped by the days worked, less every pool’s bookings', async () => {
    expect(await weeks(t.admin!, { id: a, from: '2026-01-05', to: '2026-02-15' })).to.deep.equal([
      ['2026-W02', 3, 0, 0, 3, 0, 3, 0],
      ['2026-W03', 3, 3, 0, 2, 1, 1, 0],
      ['2026-W04', 3, 0.5, 0, 3, 1, 2, 0],
      ['2026-W05', 3, 0, 0, 3, 1, 2, 0],
      ['2026-W06', 3, 0, 0, 3, 0, 3, 0],
      ['2026-W07', 3, 0, 0, 3, 3, 0, 0],
    ]);
    // The practitioner and their home council's requester see the same.
    expect(await weeks(t.self!, { id: a, from: '2026-01-05', to: '2026-01-11' })).to.deep.equal([['2026-W02', 3, 0, 0, 3, 0, 3, 0]]);
    expect(await weeks(t.reqHome!, { id: a, from: '2026-01-05', to: '2026-01-11' })).to.deep.equal([['2026-W02', 3, 0, 0, 3, 0, 3, 0]]);
  });

  it('takes bank holidays off, and is zero outside the contract’s dates', async () => {
    expect(await weeks(t.admin!, { id: b, from: '2026-02-23', to: '2026-04-12' })).to.deep.equal([
      ['2026-W09', 0, 0, 0, 0, 0, 0, 0],
      ['2026-W10', 5, 0, 0, 5, 0, 5, 0],
      ['2026-W11', 5, 0, 0, 5, 0, 5, 0],
      ['2026-W12', 5, 0, 0, 5, 0, 5, 0],
      ['2026-W13', 5, 0, 0, 5, 0, 5, 0],
      ['2026-W14', 5, 0, 1, 4, 0, 4, 0], // Good Friday
      ['2026-W15', 5, 0, 1, 4, 0, 4, 0], // Easter Monday
    ]);
  });

  it('shows a programme lead their own pool’s capacity, and only theirs', async () => {
    expect(await weeks(t.leadNE!, { id: a, from: '2026-01-05', to: '2026-01-11' })).to.deep.equal([['2026-W02', 2, 0, 0, 2, 0, 2, 0]]);
    const err = onlyError(await server.gql(CAPACITY, { id: a, pool: 'tyne-cap', from: '2026-01-05', to: '2026-01-11' }, t.leadNE));
    expect(err.extensions?.code).to.equal('FORBIDDEN');
  });

  it('refuses a backwards or too long range with BAD_USER_INPUT, and an unknown pool with NOT_FOUND', async () => {
    const backwards = onlyError(await server.gql(CAPACITY, { id: a, from: '2026-02-01', to: '2026-01-01' }, t.admin));
    expect(backwards.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
    // 2026-W02 to 2028-W03 is 107 ISO weeks (2026 has 53).
    const long = onlyError(await server.gql(CAPACITY, { id: a, from: '2026-01-05', to: '2028-01-17' }, t.admin));
    expect(long.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
    expect(await weeks(t.admin!, { id: a, from: '2026-01-05', to: '2028-01-16' })).to.have.length(106);
    const pool = onlyError(await server.gql(CAPACITY, { id: a, pool: 'atlantis', from: '2026-01-05', to: '2026-01-11' }, t.admin));
    expect(pool.extensions).to.deep.include({ code: 'NOT_FOUND', field: ['poolId'] });
  });
});
