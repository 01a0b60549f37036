// The pool can never promise someone's time twice: 200 concurrent booking
// mutations for overlapping periods of the same few practitioners, sent
// through two server processes on one database. A request that meets too
// many others answers TRY_AGAIN (nothing written) and is sent again, as a
// client would. Afterwards no ISO week is over capacity, every booking is
// whole or absent, and the number of successes is exactly what the capacity
// allows. The scene is shared with scripts/bench-contention.ts.
import { expect } from 'chai';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { CAPACITY_UNITS, claimsOfWholeBooking, requestsOf, seedContentionScene, sendBooking, storedFacts, type ContentionScene } from '../support/contention.ts';
import { ADMIN, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { createProject } from '../../server/services/projects.ts';
import { addDays } from '../../server/calendar/iso-week.ts';
import { Project } from '../../models/project.ts';
import { Booking } from '../../models/booking.ts';
import { SlotSeat } from '../../models/slot-seat.ts';

const PRACTITIONERS = 4;
const SLOTS = 50;

describe('booking under concurrency (two server processes)', function () {
  this.timeout(240_000);
  const servers: ServerProcess[] = [];
  let scene: ContentionScene;
  let token: string;

  before(async () => {
    const { uri, postgresUrl, env: dbEnv } = await testDatabase();
    const dbName = uniqueDbName('concurrency');
    await connectDatabase({ uri, dbName, serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    scene = await seedContentionScene(PRACTITIONERS, SLOTS);

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
    const requests = requestsOf(scene);
    expect(requests).to.have.length(200);
    const answers = await Promise.all(requests.map((input, i) => sendBooking(servers, input, i, token)));
    const results = answers.map((a) => a.result);
    const retries = answers.reduce((n, a) => n + a.answers.length - 1, 0);
    // A contention refusal says it is worth sending again, and when.
    for (const t of answers.flatMap((a) => a.attempts).filter((t) => t.code === 'TRY_AGAIN')) expect(t).to.include({ retryable: true }).and.to.have.property('retryAfterSeconds').that.is.a('number');

    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    const tally = codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});
    // In the end only two answers: booked, or refused for capacity.
    expect(Object.keys(tally).sort(), `${JSON.stringify(tally)} after ${retries} retries`).to.deep.equal(['CAPACITY_EXCEEDED', 'OK']);
    // The most the capacity allows: 2 per practitioner, since every period shares week 2027-W12.
    expect(tally.OK).to.equal(scene.allowed);

    const stored = await storedFacts(scene);
    expect(stored.maxUnitsInAWeek).to.be.at.most(CAPACITY_UNITS);
    expect(stored.bookings.filter((b) => b.status === 'CLAIMING')).to.have.length(0);
    expect(stored.bookings.filter((b) => b.status === 'TENTATIVE')).to.have.length(tally.OK!);
    const acknowledged = new Set(results.filter((r) => !r.errors).map((r) => r.data!.bookPractitioner.id as string));
    for (const b of stored.bookings) {
      expect(acknowledged.has(b.id)).to.equal(true);
      expect(b.claims, b.id).to.equal(claimsOfWholeBooking(b));
    }
    // Nothing is held by a booking that does not exist.
    expect(stored.claimHolders).to.deep.equal([...acknowledged].sort());
    expect(stored.seatHolders).to.deep.equal([...acknowledged].sort());
  });

  it('never leaves a slot with more people than its headcount when the headcount is cut during a rush of bookings', async () => {
    const CUT = `mutation($p: ID!, $s: ID!) { updateProjectSlot(projectId: $p, slotId: $s, input: { headcount: 1 }) { id } }`;
    const people: string[] = [];
    for (let k = 0; k < 8; k++) {
      const p = await seedPractitioner({ homeCouncilId: 'E08000024' });
      await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
      people.push(p.id);
    }
    // Each round its own week of June (so nobody runs out of days) and its own slot of 8 seats.
    const WEEKS = ['2027-06-07', '2027-06-14', '2027-06-21'];
    const created = await createProject(ADMIN, {
      title: 'Waste collection reporting',
      outcome: 'Residents report a missed bin online',
      serviceArea: 'WASTE_AND_RECYCLING',
      phase: 'ALPHA',
      start: '2027-06-07',
      end: '2027-06-27',
      priority: 'HIGH',
      onSiteExpectation: 'REMOTE',
      poolId: 'north-east-ca',
      leadCouncilId: 'E08000021',
      councilIds: ['E08000021'],
      slots: WEEKS.map((start) => ({ roleLevelId: 'user-researcher', daysPerWeek: 1, headcount: 8, start, end: addDays(start, 6) })),
    });
    await Project.updateOne({ _id: created._id }, { $set: { status: 'STAFFING' } });
    const projectId = String(created._id);
    for (const [round, start] of WEEKS.entries()) {
      const end = addDays(start, 6);
      const slotId = String(created.slots[round]!._id);
      const bookings = people.map((practitionerId, k) => sendBooking(servers, { practitionerId, projectId, slotId, daysPerWeek: 1, start, end }, k, token));
      const cut = new Promise((res) => setTimeout(res, 20 * round)).then(() => servers[1]!.gql(CUT, { p: projectId, s: slotId }, token));
      const [cutAnswer, ...answers] = await Promise.all([cut, ...bookings]);

      // Every request answered: booked, or refused because the slot was full; the cut done, or refused naming bookings.
      const codes = answers.map((a) => a.result.errors?.[0]?.extensions?.code ?? 'OK');
      expect(codes.filter((c) => c !== 'OK' && c !== 'CONFLICT'), JSON.stringify(codes)).to.deep.equal([]);
      const cutCode = cutAnswer.errors?.[0]?.extensions?.code ?? 'OK';
      expect(['OK', 'CONFLICT']).to.include(cutCode);
      if (cutCode === 'CONFLICT') expect(cutAnswer.errors![0]!.extensions!.details!.bookings as string[]).to.have.length.above(0);

      // From the stored documents: people on the slot never above its headcount, and the seats agree.
      const headcount = (await Project.findById(projectId).lean())!.slots.find((sl) => String(sl._id) === slotId)!.headcount;
      expect(headcount).to.equal(cutCode === 'OK' ? 1 : 8);
      const onSlot = (await Booking.find({ slotId }).lean()).filter((b) => b.status === 'TENTATIVE' || b.status === 'CONFIRMED');
      expect(onSlot.length, `round ${round}: ${onSlot.length} booked, headcount ${headcount}`).to.be.at.most(headcount);
      expect(onSlot.length).to.equal(codes.filter((c) => c === 'OK').length);
      const seats = (await SlotSeat.find({ slotId }).lean()).filter((st) => typeof st.n === 'number' && !st.retired);
      expect([...new Set(seats.map((st) => String(st.bookingId)))].sort()).to.deep.equal(onSlot.map((b) => String(b._id)).sort());
      expect(seats.every((st) => st.n! <= headcount)).to.equal(true);
      const perWeek = new Map<string, number>();
      for (const st of seats) perWeek.set(st.week, (perWeek.get(st.week) ?? 0) + 1);
      expect(Math.max(0, ...perWeek.values())).to.be.at.most(headcount);
    }
  });
});
