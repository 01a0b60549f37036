// The demo data loaded into a fresh database through the real services: what
// is there afterwards, that loading again changes nothing, that the demo
// users can sign in over GraphQL with the passwords `npm start` prints, and
// that no practitioner is booked beyond capacity in any week. Then, on a
// database of its own, that the two parts written in bulk
// (server/services/demo-bulk.ts) are exactly what the services write.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { loginAs } from '../support/fixtures.ts';
import { DemoDataRefused, DEMO_LOADER, loadDemoData } from '../../server/services/demo-data.ts';
import { insertContracts, insertPractitioners } from '../../server/services/demo-bulk.ts';
import { finalContractStatus, generateDemoPlan, type DemoPlan } from '../../server/demo/demo-plan.ts';
import { readDemoReference } from '../../server/demo/demo-reference.ts';
import { createPool } from '../../server/services/pools.ts';
import { addLeave, createPractitioner } from '../../server/services/practitioners.ts';
import { proposeContract, transitionContract } from '../../server/services/central-contracts.ts';
import { DemoData, DEMO_DATA_ID, type DemoDataDoc } from '../../models/demo-data.ts';
import { Pool } from '../../models/pool.ts';
import { Practitioner } from '../../models/practitioner.ts';
import { CentralContract } from '../../models/central-contract.ts';
import { Project } from '../../models/project.ts';
import { Booking } from '../../models/booking.ts';
import { User } from '../../models/user.ts';
import { AuditEvent } from '../../models/audit-event.ts';

const SEED = 2026;

async function collectionCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()] as const)));
}

const countBy = async (model: mongoose.Model<any>, field: string) => // eslint-disable-line @typescript-eslint/no-explicit-any
  Object.fromEntries((await model.aggregate<{ _id: string; n: number }>([{ $group: { _id: `$${field}`, n: { $sum: 1 } } }])).map((g) => [g._id, g.n]));

describe('demo data (server/services/demo-data.ts)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let plan: DemoPlan;

  before(async function () {
    this.timeout(180_000);
    server = await startTestServer({ label: 'demo-data' });
    const started = Date.now();
    const result = await loadDemoData(SEED, { nodeEnv: 'test' });
    console.log(`      [demo-data] loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (result.outcome !== 'LOADED') throw new Error(`demo data not loaded: ${JSON.stringify(result)}`);
    plan = result.plan;
  });

  after(async () => {
    await server?.stop();
  });

  it('holds the planned pools, practitioners, contracts, leave, projects, bookings and users', async () => {
    const contractsPlanned = plan.practitioners.flatMap((p) => (p.contract ? [finalContractStatus(p.contract)] : []));
    expect(await Pool.find().sort({ _id: 1 }).distinct('_id')).to.deep.equal(['london', 'north-east-ca', 'yorkshire-and-the-humber']);
    expect(await Practitioner.countDocuments()).to.equal(300);
    const leave = (await Practitioner.find({}, { leave: 1 }).lean<{ leave: unknown[] }[]>()).reduce((n, p) => n + p.leave.length, 0);
    expect(leave).to.equal(plan.practitioners.reduce((n, p) => n + p.leave.length, 0));
    const contracts = await countBy(CentralContract, 'status');
    expect(Object.values(contracts).reduce((a, b) => a + b, 0)).to.equal(contractsPlanned.length);
    for (const s of ['PROPOSED', 'APPROVED', 'ACTIVE', 'ENDED']) expect(contracts[s], s).to.equal(contractsPlanned.filter((c) => c === s).length);
    const projects = await countBy(Project, 'status');
    expect(Object.keys(projects).sort()).to.deep.equal(['ACTIVE', 'APPROVED', 'CANCELLED', 'CLOSED', 'DRAFT', 'STAFFED', 'STAFFING', 'SUBMITTED']);
    expect(await Project.countDocuments()).to.equal(plan.projects.length);
    expect(await Booking.countDocuments({ status: { $ne: 'CLAIMING' } })).to.equal(plan.projects.reduce((n, p) => n + p.bookings.length, 0));
    const requesters = plan.users.filter((u) => u.role === 'COUNCIL_REQUESTER').length;
    expect(requesters).to.be.above(3);
    expect(await countBy(User, 'role')).to.deep.equal({ ADMIN: 1, PROGRAMME_LEAD: 3, COUNCIL_REQUESTER: requesters, PRACTITIONER: 1 });
    // Every write went through the audit log, as the loader.
    expect(await AuditEvent.countDocuments({ actorId: { $ne: DEMO_LOADER.userId } })).to.equal(0);
    expect(await AuditEvent.countDocuments({ action: 'booking.create' })).to.equal(plan.projects.reduce((n, p) => n + p.bookings.length, 0));
  });

  it('changes nothing when loaded again, and shows the same users', async () => {
    const before = await collectionCounts();
    const again = await loadDemoData(SEED, { nodeEnv: 'test' });
    expect(again.outcome).to.equal('ALREADY_LOADED');
    if (again.outcome === 'SKIPPED') return;
    expect(again.plan.users).to.deep.equal(plan.users);
    expect(await collectionCounts()).to.deep.equal(before);
  });

  it('leaves alone a load that did not finish, and a database with data of its own', async () => {
    const marker = (await DemoData.findById(DEMO_DATA_ID).lean<DemoDataDoc>())!;
    try {
      await DemoData.updateOne({ _id: DEMO_DATA_ID }, { $set: { status: 'LOADING' } });
      const interrupted = await loadDemoData(SEED, { nodeEnv: 'test' });
      expect(interrupted.outcome).to.equal('SKIPPED');
      await DemoData.deleteOne({ _id: DEMO_DATA_ID });
      const theirs = await loadDemoData(SEED, { nodeEnv: 'test' });
      expect(theirs).to.deep.include({ outcome: 'SKIPPED' });
      expect(await Practitioner.countDocuments()).to.equal(300);
    } finally {
      await DemoData.deleteOne({ _id: DEMO_DATA_ID });
      await DemoData.create(marker);
    }
  });

  it('is refused in production', async () => {
    let error: unknown;
    await loadDemoData(SEED, { nodeEnv: 'production' }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(DemoDataRefused);
  });

  it('lets every demo user sign in with the login mutation, in their role and scope', async () => {
    for (const u of plan.users) {
      const token = await loginAs(server, u.email, u.password);
      const me = await server.gql<{ me: { email: string; role: string; pool: { id: string } | null; council: { gssCode: string } | null } }>(
        '{ me { email role pool { id } council { gssCode } } }',
        {},
        token,
      );
      expect(me.data?.me).to.deep.equal({ email: u.email, role: u.role, pool: u.poolId ? { id: u.poolId } : null, council: u.councilId ? { gssCode: u.councilId } : null });
    }
    const wrong = await server.gql(`mutation { login(email: "${plan.users[0]!.email}", password: "not-the-demo-password") { token } }`);
    expect(wrong.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
  });

  it('shows each user their part: the practitioner their bookings, a lead their pool’s projects, a requester their council’s', async () => {
    const byRole = (role: string) => plan.users.filter((u) => u.role === role);
    const practitioner = byRole('PRACTITIONER')[0]!;
    const mine = await server.gql<{ bookings: { totalCount: number } }>('{ bookings { totalCount } }', {}, await loginAs(server, practitioner.email, practitioner.password));
    expect(mine.data?.bookings.totalCount).to.equal(plan.projects.flatMap((p) => p.bookings).filter((b) => b.practitioner === practitioner.practitioner).length);
    for (const lead of byRole('PROGRAMME_LEAD')) {
      const r = await server.gql<{ projects: { totalCount: number } }>('{ projects { totalCount } }', {}, await loginAs(server, lead.email, lead.password));
      expect(r.data?.projects.totalCount).to.equal(plan.projects.filter((p) => p.input.poolId === lead.poolId).length);
    }
    for (const requester of byRole('COUNCIL_REQUESTER')) {
      const r = await server.gql<{ projects: { totalCount: number } }>('{ projects { totalCount } }', {}, await loginAs(server, requester.email, requester.password));
      expect(r.data?.projects.totalCount).to.equal(plan.projects.filter((p) => p.input.councilIds.includes(requester.councilId!)).length);
    }
  });

  it('holds agreements in force and awaiting each kind of party, so ledgers and inboxes show the product', async () => {
    const admin = plan.users.find((u) => u.role === 'ADMIN')!;
    const token = await loginAs(server, admin.email, admin.password);
    type Node = { status: string; activeVersion: number | null; awaiting: { kind: string }[]; booking: { status: string; end: string } };
    const r = await server.gql<{ agreements: { nodes: Node[] } }>(
      '{ agreements(first: 200) { nodes { status activeVersion awaiting { kind } booking { status end } } } }',
      {},
      token,
    );
    expect(r.errors).to.equal(undefined);
    const nodes = r.data!.agreements.nodes;
    const stages = plan.projects.flatMap((p) => p.bookings.map((b) => b.agreement));
    const planned = (s: string) => stages.filter((x) => x === s).length;
    expect(nodes.length).to.equal(stages.length);
    const status = (s: string) => nodes.filter((n) => n.status === s);
    expect(status('DRAFT').length).to.equal(planned('DRAFT'));
    expect(status('ACTIVE').length).to.equal(planned('ACTIVE') + planned('AMENDED')).and.be.above(0);
    for (const n of status('ACTIVE')) expect(n.booking.status).to.equal('CONFIRMED');
    // Amended: version 2 in force. Ended early and recalled: the booking closed at its new end.
    expect(status('ACTIVE').filter((n) => n.activeVersion === 2).length).to.equal(planned('AMENDED')).and.be.above(0);
    for (const s of ['ENDED', 'RECALLED']) {
      const closed = plan.projects.flatMap((p) => p.bookings).filter((b) => b.agreement === s).map((b) => b.closedOn).sort();
      expect(closed.length, s).to.be.above(0);
      expect(status(s).map((n) => n.booking.status), s).to.deep.equal(closed.map(() => s));
      expect(status(s).map((n) => n.booking.end).sort(), s).to.deep.equal(closed);
    }
    const awaiting = status('AWAITING_APPROVALS');
    expect(awaiting.length).to.equal(planned('AWAITING_ALL') + planned('AWAITING_LEAD') + planned('AWAITING_PRACTITIONER'));
    const onlyWaitingFor = (kind: string) => awaiting.filter((n) => n.awaiting.length === 1 && n.awaiting[0]!.kind === kind).length;
    expect(onlyWaitingFor('PROGRAMME_LEAD')).to.equal(planned('AWAITING_LEAD')).and.be.above(0);
    expect(onlyWaitingFor('PRACTITIONER')).to.equal(planned('AWAITING_PRACTITIONER')).and.be.above(0);
    expect(awaiting.filter((n) => n.awaiting.length > 2).length).to.equal(planned('AWAITING_ALL')).and.be.above(0);

    // The demo practitioner has something to consent to.
    const practitioner = plan.users.find((u) => u.role === 'PRACTITIONER')!;
    const queue = await server.gql<{ awaitingMyDecision: { counts: { agreements: number } } }>(
      '{ awaitingMyDecision { counts { agreements } } }',
      {},
      await loginAs(server, practitioner.email, practitioner.password),
    );
    expect(queue.data?.awaitingMyDecision.counts.agreements).to.equal(planned('AWAITING_PRACTITIONER'));

    // Confirmed placements make every pool's ledger move: days given equal days received, and neither is zero.
    for (const pool of plan.pools) {
      const ledger = await server.gql<{ poolLedger: { totals: { daysGiven: number; daysReceived: number } } }>(
        'query($p: ID!) { poolLedger(poolId: $p, from: "2026-01-01", to: "2027-12-31") { totals { daysGiven daysReceived } } }',
        { p: pool.id },
        token,
      );
      expect(ledger.errors, pool.id).to.equal(undefined);
      expect(ledger.data!.poolLedger.totals.daysGiven, pool.id).to.be.above(0).and.equal(ledger.data!.poolLedger.totals.daysReceived);
    }
  });

  it('books no practitioner beyond their capacity in any week of 2026-2027', async () => {
    const admin = plan.users.find((u) => u.role === 'ADMIN')!;
    const token = await loginAs(server, admin.email, admin.password);
    type Page = { practitioners: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { name: string; capacity: { week: string; bookedDays: number; overBy: number }[] }[] } };
    let after: string | null = null;
    let people = 0;
    let booked = 0;
    for (;;) {
      const r: { data?: Page | null; errors?: unknown } = await server.gql<Page>(
        `query($after: String) { practitioners(first: 200, after: $after) { pageInfo { hasNextPage endCursor }
           nodes { name capacity(from: "2026-01-05", to: "2027-12-31") { week bookedDays overBy } } } }`,
        { after },
        token,
      );
      expect(r.errors).to.equal(undefined);
      for (const p of r.data!.practitioners.nodes) {
        people++;
        for (const w of p.capacity) {
          expect(w.overBy, `${p.name} ${w.week}`).to.equal(0);
          booked += w.bookedDays;
        }
      }
      if (!r.data!.practitioners.pageInfo.hasNextPage) break;
      after = r.data!.practitioners.pageInfo.endCursor;
    }
    expect(people).to.equal(300);
    expect(booked).to.be.greaterThan(0);
  });
});

describe('demo data written in bulk (server/services/demo-bulk.ts)', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ label: 'demo-bulk' });
  });

  after(async () => {
    await server?.stop();
  });

  // Ids, timestamps and the email (unique per person) necessarily differ.
  const strip = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v), function (key, value) {
      // Ids, times and positions in the audit log differ by nature; everything else must not.
      if (['_id', 'createdAt', 'updatedAt', 'email', 'practitionerId', 'entityId', 'at', 'seq', 'block', 'poolSeq', 'poolPos', 'poolBlock'].includes(key)) return undefined;
      if (key === 'liveStart' && typeof value === 'string' && value.startsWith('ended:')) return 'ended:<its id>';
      return value;
    });
  const auditsOf = async (ids: string[]) =>
    (await AuditEvent.find({ entityId: { $in: ids } }).lean()).map((a) => JSON.stringify(strip(a))).sort();

  it('writes practitioners, leave, contracts and their audit entries exactly as the services do', async () => {
    const full = generateDemoPlan(SEED, readDemoReference());
    for (const pool of full.pools) await createPool(pool);
    // Someone whose contract went all the way to ENDED, and someone active; both with leave.
    const picks = [
      full.practitioners.findIndex((p) => p.contract?.moves.length === 3 && p.leave.some((l) => l.halfDay)),
      full.practitioners.findIndex((p) => p.contract && finalContractStatus(p.contract) === 'ACTIVE' && p.leave.length >= 2),
    ];
    expect(picks).to.not.include(-1);
    const planned = picks.map((i) => full.practitioners[i]!);

    const bulk = await insertPractitioners(DEMO_LOADER, { ...full, practitioners: planned });
    await insertContracts(DEMO_LOADER, { ...full, practitioners: planned }, bulk);

    const viaServices: string[] = [];
    for (const [k, p] of planned.entries()) {
      const created = await createPractitioner(DEMO_LOADER, { ...p.profile, email: `service-path-${k}@example.test` });
      const id = String(created._id);
      for (const l of p.leave) await addLeave(DEMO_LOADER, id, l);
      const { moves, ...terms } = p.contract!;
      const contract = await proposeContract(DEMO_LOADER, { ...terms, practitionerId: id, poolId: p.poolId });
      for (const m of moves) await transitionContract(DEMO_LOADER, String(contract._id), m.to, m.note);
      viaServices.push(id);
    }

    for (const [k, b] of bulk.entries()) {
      const serviceId = new mongoose.Types.ObjectId(viaServices[k]);
      expect(strip(await Practitioner.findById(b._id).lean())).to.deep.equal(strip(await Practitioner.findById(serviceId).lean()));
      const [bulkContract, serviceContract] = await Promise.all([
        CentralContract.findOne({ practitionerId: b._id }).lean(),
        CentralContract.findOne({ practitionerId: serviceId }).lean(),
      ]);
      expect(strip(bulkContract)).to.deep.equal(strip(serviceContract));
      expect(await auditsOf([String(b._id), String(bulkContract!._id)])).to.deep.equal(await auditsOf([viaServices[k]!, String(serviceContract!._id)]));
    }
  });
});
