// Nothing acknowledged is lost if the server is killed in the middle of a
// stream of bookings, and the reconciler gives back what a half-made booking
// held. The server is a child process killed with SIGKILL (no clean-up runs).
import { expect } from 'chai';
import { Types } from 'mongoose';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { importReferenceData } from '../../server/services/reference-import.ts';
import { createProject } from '../../server/services/projects.ts';
import { createUser } from '../../server/services/users.ts';
import { Project } from '../../models/project.ts';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim, ALL_POOLS, claimId } from '../../models/capacity-claim.ts';
import { weeksBetween } from '../../server/calendar/iso-week.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';
import { seedPools, PASSWORD } from '../support/fixtures.ts';
import { ADMIN, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

describe('booking through a crash', function () {
  this.timeout(240_000);
  let server: ServerProcess | undefined;
  let env: Record<string, string>;
  const practitionerIds: string[] = [];
  let spare: string;
  let projectId: string;
  let slotIds: string[] = [];

  before(async () => {
    const { uri, postgresUrl, env: dbEnv } = await testDatabase();
    const dbName = uniqueDbName('crash');
    await connectDatabase({ uri, dbName, serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
    await importReferenceData();
    await seedPools();
    await createUser({ email: 'lead@example.test', name: 'Lead', password: PASSWORD, role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' });
    for (let i = 0; i < 6; i++) {
      const p = await seedPractitioner({ homeCouncilId: 'E08000024' });
      await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 5, start: '2027-01-01', end: '2027-12-31' });
      practitionerIds.push(p.id);
    }
    const extra = await seedPractitioner({ homeCouncilId: 'E08000024' });
    await seedContract({ practitionerId: extra.id, poolId: 'north-east-ca', daysPerWeek: 5, start: '2027-01-01', end: '2027-12-31' });
    spare = extra.id;
    const project = await createProject(ADMIN, {
      title: 'Waste collection rounds',
      outcome: 'Fewer missed bins',
      serviceArea: 'WASTE_AND_RECYCLING',
      phase: 'BETA',
      start: '2027-01-04',
      end: '2027-12-31',
      priority: 'MEDIUM',
      onSiteExpectation: 'HYBRID',
      poolId: 'north-east-ca',
      leadCouncilId: 'E08000021',
      councilIds: ['E08000021'],
      slots: Array.from({ length: 20 }, () => ({ roleLevelId: 'user-researcher', daysPerWeek: 0.5, headcount: 20 })),
    });
    projectId = String(project._id);
    await Project.updateOne({ _id: project._id }, { $set: { status: 'ACTIVE' } });
    slotIds = (await Project.findById(project._id).lean())!.slots.map((s) => String(s._id));
    // The reconciler runs every half second and treats half-made bookings older than 5 s as abandoned.
    env = { ...dbEnv, DB_NAME: dbName, RECONCILE_INTERVAL_MS: '500', RECONCILE_STALE_MS: '5000', FIXED_NOW: '2026-11-25T12:00:00Z' };
  });

  after(async () => {
    await server?.kill('SIGKILL');
    await disconnectDatabase();
  });

  it('keeps every acknowledged booking whole after SIGKILL, and releases what half-made ones held', async () => {
    server = await startServerProcess(env);
    const token = (await server.gql(`mutation { login(email: "lead@example.test", password: "${PASSWORD}") { token } }`)).data!.login.token as string;
    const mutation = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id } }`;
    const inputs = practitionerIds.flatMap((practitionerId) =>
      slotIds.map((slotId, s) => ({ practitionerId, projectId, slotId, daysPerWeek: 0.5, start: `2027-0${1 + (s % 6)}-04`, end: `2027-0${1 + (s % 6)}-24` })),
    );

    // A stream of bookings, four at a time; the server is killed part-way through.
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        try {
          const r = await server!.gql(mutation, { i: input }, token);
          if (r.data?.bookPractitioner) acknowledged.push(r.data.bookPractitioner.id);
        } catch {
          // the connection died with the server: not acknowledged
        }
        if (!killed && acknowledged.length >= 25) {
          killed = true;
          await server!.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).to.equal(true);
    expect(acknowledged.length).to.be.at.least(25);

    // What a crash between "claimed some units" and "marked booked" leaves behind, made certain.
    const leftover = new Types.ObjectId();
    const pid = practitionerIds[0]!;
    await Booking.collection.insertOne({
      _id: leftover,
      practitionerId: new Types.ObjectId(pid),
      projectId: new Types.ObjectId(projectId),
      slotId: new Types.ObjectId(slotIds[19]),
      poolId: 'north-east-ca',
      contractId: new Types.ObjectId(),
      homeCouncilId: 'E08000024',
      hostCouncilIds: ['E08000021'],
      start: '2027-09-06',
      end: '2027-09-12',
      unitsPerWeek: 1,
      status: 'CLAIMING',
      statusHistory: [],
      workingSince: new Date(Date.now() - 60_000),
    });
    await CapacityClaim.create({ _id: claimId(pid, ALL_POOLS, '2027-W36', 9), practitionerId: new Types.ObjectId(pid), scope: ALL_POOLS, week: '2027-W36', unit: 9, bookingId: leftover, claimedAt: new Date(Date.now() - 60_000) });

    // Restart: the reconciler runs at start-up and then on its schedule.
    server = await startServerProcess(env);
    const deadline = Date.now() + 30_000;
    while ((await Booking.countDocuments({ status: 'CLAIMING' })) > 0 || (await CapacityClaim.countDocuments({ bookingId: leftover })) > 0) {
      if (Date.now() > deadline) throw new Error(`the reconciler did not clean up in time:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    // Every acknowledged booking is there, whole.
    const bookings = await Booking.find().lean();
    const byId = new Map(bookings.map((b) => [String(b._id), b]));
    for (const id of acknowledged) {
      const b = byId.get(id);
      expect(b?.status, id).to.equal('TENTATIVE');
      expect(await CapacityClaim.countDocuments({ bookingId: b!._id }), id).to.equal(2 * weeksBetween(b!.start, b!.end).length);
    }
    // And nothing holds capacity without a booking to show for it.
    const live = new Set(bookings.map((b) => String(b._id)));
    for (const holder of await CapacityClaim.distinct('bookingId')) expect(live.has(String(holder)), String(holder)).to.equal(true);

    // The restarted server carries on taking bookings.
    const token2 = (await server.gql(`mutation { login(email: "lead@example.test", password: "${PASSWORD}") { token } }`)).data!.login.token as string;
    const after = await server.gql(mutation, { i: { ...inputs[0]!, practitionerId: spare, start: '2027-09-06', end: '2027-09-12' } }, token2);
    expect(after.errors, JSON.stringify(after.errors)).to.equal(undefined);
  });
});
