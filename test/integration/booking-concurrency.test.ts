// The pool can never promise someone's time twice: 200 concurrent booking
// mutations for overlapping periods of the same few practitioners, sent
// through two server processes on one database. A request that meets too
// many others answers TRY_AGAIN (nothing written) and is sent again, as a
// client would. Afterwards no ISO week is over capacity, every booking is
// whole or absent, and the number of successes is exactly what the capacity
// allows.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { importReferenceData } from '../../server/services/reference-import.ts';
import { createProject } from '../../server/services/projects.ts';
import { Project } from '../../models/project.ts';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim, ALL_POOLS } from '../../models/capacity-claim.ts';
import { SlotSeat } from '../../models/slot-seat.ts';
import { createUser } from '../../server/services/users.ts';
import { weeksBetween } from '../../server/calendar/iso-week.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';
import { seedPools, PASSWORD } from '../support/fixtures.ts';
import { ADMIN, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const PRACTITIONERS = 4;
const SLOTS = 50;
const CAPACITY_UNITS = 4; // a 2-day central contract, full-time pattern, no holidays in March 2027
const BOOKING_UNITS = 2; // each request asks for 1 day a week
// Every period contains ISO week 2027-W12, so at most 4 / 2 = 2 bookings per person can succeed.
const PERIODS = [
  { start: '2027-03-01', end: '2027-03-28' },
  { start: '2027-03-15', end: '2027-04-11' },
  { start: '2027-03-22', end: '2027-04-18' },
];

describe('booking under concurrency (two server processes)', function () {
  this.timeout(240_000);
  const servers: ServerProcess[] = [];
  const practitionerIds: string[] = [];
  let projectId: string;
  let slotIds: string[] = [];
  let token: string;

  before(async () => {
    const { uri, postgresUrl, env: dbEnv } = await testDatabase();
    const dbName = uniqueDbName('concurrency');
    await connectDatabase({ uri, dbName, serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    await importReferenceData();
    await seedPools();
    await createUser({ email: 'lead@example.test', name: 'Lead', password: PASSWORD, role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' });
    for (let i = 0; i < PRACTITIONERS; i++) {
      const p = await seedPractitioner({ homeCouncilId: 'E08000024' });
      await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
      practitionerIds.push(p.id);
    }
    const project = await createProject(
      { ...ADMIN },
      {
        title: 'Adult social care front door',
        outcome: 'People get the right help first time',
        serviceArea: 'ADULT_SOCIAL_CARE',
        phase: 'ALPHA',
        start: '2027-01-04',
        end: '2027-12-31',
        priority: 'HIGH',
        onSiteExpectation: 'REMOTE',
        poolId: 'north-east-ca',
        leadCouncilId: 'E08000021',
        councilIds: ['E08000021'],
        slots: Array.from({ length: SLOTS }, () => ({ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20 })),
      },
    );
    projectId = String(project._id);
    await Project.updateOne({ _id: project._id }, { $set: { status: 'STAFFING' } });
    slotIds = (await Project.findById(project._id).lean())!.slots.map((s) => String(s._id));

    const env = { ...dbEnv, DB_NAME: dbName, RECONCILE_INTERVAL_MS: '0', FIXED_NOW: '2026-11-25T12:00:00Z' };
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const login = await servers[0]!.gql(`mutation { login(email: "lead@example.test", password: "${PASSWORD}") { token } }`);
    token = login.data!.login.token;
  });

  after(async () => {
    for (const s of servers) await s.kill();
    await disconnectDatabase();
  });

  it('never exceeds capacity, keeps every booking whole or absent, and books as many as capacity allows', async () => {
    const requests = practitionerIds.flatMap((practitionerId, p) =>
      slotIds.map((slotId, s) => ({ practitionerId, projectId, slotId, daysPerWeek: BOOKING_UNITS / 2, ...PERIODS[(p + s) % PERIODS.length]! })),
    );
    expect(requests).to.have.length(200);
    const mutation = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id practitioner { id } } }`;
    // A client sends a TRY_AGAIN answer (contention: nothing was written) again after the hint, as a real one would.
    let retries = 0;
    const book = async (input: (typeof requests)[number], i: number) => {
      for (let attempt = 0; ; attempt++) {
        const r = await servers[(i + attempt) % 2]!.gql(mutation, { i: input }, token);
        const e = r.errors?.[0]?.extensions;
        if (e?.code !== 'TRY_AGAIN' || attempt === 20) return r;
        expect(e.details?.retryable).to.equal(true);
        retries++;
        await new Promise((res) => setTimeout(res, Number(e.details?.retryAfterSeconds ?? 1) * 1000 * Math.random()));
      }
    };
    const results = await Promise.all(requests.map((input, i) => book(input, i)));

    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    const tally = codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
    // In the end only two answers: booked, or refused for capacity.
    expect(Object.keys(tally).sort(), `${JSON.stringify(tally)} after ${retries} retries`).to.deep.equal(['CAPACITY_EXCEEDED', 'OK']);
    // The most the capacity allows: 2 per practitioner, since every period shares week 2027-W12.
    expect(tally.OK).to.equal(PRACTITIONERS * (CAPACITY_UNITS / BOOKING_UNITS));

    const weeks = weeksBetween('2027-03-01', '2027-04-18');
    for (const pid of practitionerIds) {
      for (const scope of [ALL_POOLS, 'north-east-ca']) {
        const perWeek = await CapacityClaim.aggregate<{ _id: string; n: number }>([
          { $match: { practitionerId: new Types.ObjectId(pid), scope, week: { $in: weeks } } },
          { $group: { _id: '$week', n: { $sum: 1 } } },
        ]);
        for (const w of perWeek) expect(w.n, `${pid} ${scope} ${w._id}`).to.be.at.most(CAPACITY_UNITS);
      }
    }

    const bookings = await Booking.find().lean();
    expect(bookings.filter((b) => b.status === 'CLAIMING')).to.have.length(0);
    expect(bookings.filter((b) => b.status === 'TENTATIVE')).to.have.length(tally.OK!);
    const acknowledged = new Set(results.filter((r) => !r.errors).map((r) => r.data!.bookPractitioner.id as string));
    for (const b of bookings) {
      expect(acknowledged.has(String(b._id))).to.equal(true);
      const held = await CapacityClaim.countDocuments({ bookingId: b._id });
      expect(held, String(b._id)).to.equal(2 * weeksBetween(b.start, b.end).length * BOOKING_UNITS);
    }
    // Nothing is held by a booking that does not exist.
    const holders = (await CapacityClaim.distinct('bookingId')).map(String).sort();
    expect(holders).to.deep.equal([...acknowledged].sort());
    expect((await SlotSeat.distinct('bookingId')).map(String).sort()).to.deep.equal([...acknowledged].sort());
  });
});
