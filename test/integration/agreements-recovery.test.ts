// What a crash can leave, and how the reconcilers finish it: a version whose
// decisions are all in but which nobody settled, a settlement claimed but
// never applied, a booking that died while CLAIMING with its agreement, a
// cancellation whose releases never ran, and amendment units claimed for a
// version that was never recorded.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { Agreement, type AgreementDoc } from '../../models/agreement.ts';
import { AgreementDecision, decisionId } from '../../models/agreement-decision.ts';
import { AgreementSettlement, settlementId } from '../../models/agreement-settlement.ts';
import { Booking, type BookingDoc } from '../../models/booking.ts';
import { CapacityClaim, ALL_POOLS, claimId } from '../../models/capacity-claim.ts';
import { SlotSeat } from '../../models/slot-seat.ts';
import { reconcileAgreements } from '../../server/services/agreements.ts';
import { reconcileBookings } from '../../server/services/bookings.ts';
import type { PartyKind } from '../../server/agreements/agreement-status.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { GATESHEAD, NEWCASTLE, SUNDERLAND, book, seedScene, type Placement, type Scene } from '../support/agreements.ts';

describe('agreements: recovery after a crash', function () {
  this.timeout(120_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    // No scheduled reconciler runs: each test runs it when it wants.
    server = await startTestServer({ label: 'agreements-recovery', env: { FIXED_NOW: '2026-11-25T12:00:00Z', RECONCILE_INTERVAL_MS: '0' } });
    s = await seedScene(server);
  });
  after(() => server?.stop());

  /** Store decisions the way the service does, without settling (as if each request died right after its insert). */
  async function storeDecisions(p: Placement, decision: 'APPROVED' | 'DECLINED' = 'APPROVED') {
    const parties: [PartyKind, string | null, string][] = [
      ['PRACTITIONER', null, p.self.userId!],
      ['HOME_COUNCIL', SUNDERLAND, s.homeRequester.userId!],
      ['HOST_COUNCIL', NEWCASTLE, s.requester.userId!],
      ['HOST_COUNCIL', GATESHEAD, s.consortiumRequester.userId!],
      ['PROGRAMME_LEAD', null, s.lead.userId!],
    ];
    for (const [i, [kind, councilId, byUserId]] of parties.entries()) {
      const d = i === 1 ? decision : 'APPROVED';
      await AgreementDecision.create({ _id: decisionId(p.agreementId, 1, kind, councilId), agreementId: p.agreementId, version: 1, partyKind: kind, councilId, decision: d, reason: d === 'DECLINED' ? 'Budget freeze' : null, byUserId, at: new Date('2026-11-25T12:00:00Z') });
    }
  }
  const agreement = async (p: Placement) => (await Agreement.findById(p.agreementId).lean<AgreementDoc>())!;
  const booking = async (p: Placement) => (await Booking.findById(p.bookingId).lean<BookingDoc>())!;

  it('settles a version whose decisions are all in but that nobody settled, acting as the last decider', async () => {
    const approved = await book(s);
    const declined = await book(s);
    await storeDecisions(approved);
    await storeDecisions(declined, 'DECLINED');
    expect((await agreement(approved)).status).to.equal('AWAITING_APPROVALS');
    const r = await reconcileAgreements();
    expect(r.settled).to.equal(2);
    expect(await agreement(approved)).to.deep.include({ status: 'ACTIVE', activeVersion: 1, pendingVersion: 0 });
    expect((await booking(approved)).status).to.equal('CONFIRMED');
    expect((await booking(approved)).statusHistory.at(-1)!.byUserId).to.equal(s.lead.userId);
    expect((await agreement(declined)).status).to.equal('CANCELLED');
    expect((await booking(declined)).status).to.equal('CANCELLED');
    expect(await CapacityClaim.countDocuments({ bookingId: declined.bookingId })).to.equal(0);
    // Running again changes nothing.
    expect(await reconcileAgreements()).to.deep.equal({ settled: 0, finished: 0, released: 0 });
  });

  it('finishes a settlement that was claimed but never applied', async () => {
    const p = await book(s);
    await storeDecisions(p);
    await AgreementSettlement.create({
      _id: settlementId(p.agreementId, 1),
      agreementId: p.agreementId,
      version: 1,
      outcome: 'APPROVED',
      actor: { userId: s.lead.userId, role: 'PROGRAMME_LEAD', name: 'lead', councilId: null, poolId: 'north-east-ca', practitionerId: null },
      claimedAt: new Date(Date.now() - 10 * 60_000),
      applied: false,
    });
    const r = await reconcileAgreements(120_000);
    expect(r.finished).to.equal(1);
    expect((await agreement(p)).status).to.equal('ACTIVE');
    expect((await booking(p)).status).to.equal('CONFIRMED');
    expect((await AgreementSettlement.findById(settlementId(p.agreementId, 1)).lean())!.applied).to.equal(true);
  });

  it('leaves a fresh unapplied settlement to the request that claimed it', async () => {
    const p = await book(s);
    await storeDecisions(p);
    await AgreementSettlement.create({ _id: settlementId(p.agreementId, 1), agreementId: p.agreementId, version: 1, outcome: 'APPROVED', actor: null, claimedAt: new Date(), applied: false });
    const r = await reconcileAgreements(120_000);
    expect(r).to.deep.equal({ settled: 0, finished: 0, released: 0 });
    expect((await agreement(p)).status).to.equal('AWAITING_APPROVALS');
  });

  it('removes a booking that died while CLAIMING, with its agreement and claims', async () => {
    const p = await book(s);
    // Turn it back into a crash's leftover: CLAIMING, made long ago.
    const old = new Date(Date.now() - 10 * 60_000);
    await Booking.collection.updateOne({ _id: new Types.ObjectId(p.bookingId) }, { $set: { status: 'CLAIMING', workingSince: old } });
    await CapacityClaim.collection.updateMany({ bookingId: new Types.ObjectId(p.bookingId) }, { $set: { claimedAt: old } });
    // Its agreement is invisible meanwhile.
    const r = await server.gql(`query($id: ID!) { agreement(id: $id) { id } }`, { id: p.agreementId }, s.lead.token);
    expect(r.errors?.[0]?.extensions?.code).to.equal('NOT_FOUND');
    await reconcileBookings(120_000);
    expect(await Booking.countDocuments({ _id: p.bookingId })).to.equal(0);
    expect(await Agreement.countDocuments({ _id: p.agreementId })).to.equal(0);
    expect(await CapacityClaim.countDocuments({ bookingId: p.bookingId })).to.equal(0);
  });

  it('finishes a cancellation whose request died after the status change: capacity, seat and agreement', async () => {
    const p = await book(s);
    const id = new Types.ObjectId(p.bookingId);
    expect(await CapacityClaim.countDocuments({ bookingId: id })).to.be.above(0);
    // What the request wrote before it died: the status and the flag, nothing else.
    const old = new Date(Date.now() - 10 * 60_000);
    await Booking.collection.updateOne({ _id: id }, { $set: { status: 'CANCELLED', pendingEffects: true, workingSince: old } });
    // A fresh one is left to the request that may still be running.
    expect(await reconcileBookings(20 * 60_000)).to.deep.equal({ abandonedBookings: 0, finishedClosings: 0 });
    expect(await reconcileBookings(120_000)).to.deep.equal({ abandonedBookings: 0, finishedClosings: 1 });
    expect(await CapacityClaim.countDocuments({ bookingId: id })).to.equal(0);
    expect(await SlotSeat.countDocuments({ bookingId: id })).to.equal(0);
    expect((await agreement(p)).status).to.equal('CANCELLED');
    expect((await booking(p)).pendingEffects).to.equal(false);
    expect(await reconcileBookings(120_000)).to.deep.equal({ abandonedBookings: 0, finishedClosings: 0 });
  });

  it('gives back amendment units claimed for a version that was never recorded', async () => {
    const p = await book(s);
    const doc = await agreement(p);
    const holder = new Types.ObjectId();
    // The request wrote its intent and claimed a unit, then died before recording the version.
    await Agreement.collection.updateOne({ _id: doc._id }, { $set: { claimingHolderId: holder, claiming: true, claimingSince: new Date(Date.now() - 10 * 60_000) } });
    await CapacityClaim.create({ _id: claimId(String(doc.practitionerId), ALL_POOLS, '2027-W40', 9), practitionerId: doc.practitionerId, scope: ALL_POOLS, week: '2027-W40', unit: 9, bookingId: holder, claimedAt: new Date() });
    const r = await reconcileAgreements(120_000);
    expect(r.released).to.equal(1);
    expect(await CapacityClaim.countDocuments({ bookingId: holder })).to.equal(0);
    expect(await agreement(p)).to.deep.include({ claiming: false, claimingHolderId: null });
  });
});
