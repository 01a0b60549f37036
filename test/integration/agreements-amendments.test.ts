// Amendments over GraphQL: a new version that needs every party's approval
// while the version in force stays in force; extra days claimed when it is
// proposed (CAPACITY_EXCEEDED when short), handed to the booking on approval,
// released on decline or withdrawal; fewer days released on approval; and
// every earlier version still readable.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { Agreement, type AgreementDoc } from '../../models/agreement.ts';
import { Booking, type BookingDoc } from '../../models/booking.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { reconcileBookings } from '../../server/services/bookings.ts';
import { reconcileAgreements } from '../../server/services/agreements.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedProject } from '../support/projects.ts';
import { Project } from '../../models/project.ts';
import { APPROVE, BOOK, DECLINE, approveAll, approvers, book, bookActive, seedScene, type Placement, type Scene } from '../support/agreements.ts';

const AMEND = `mutation($id: ID!, $i: AmendAgreementInput!) {
  amendAgreement(id: $id, input: $i) { status activeVersion terms { end daysPerWeek } pendingVersion { version status effectiveFrom changeSummary terms { end daysPerWeek weekdays reviewDate } awaiting { kind } } }
}`;
const WITHDRAW = `mutation($id: ID!) { withdrawAgreementAmendment(id: $id, reason: "Project re-planned") { status activeVersion pendingVersion { version } versions { version status } } }`;
const READ = `query($id: ID!, $v: Int) { agreement(id: $id) {
  status activeVersion terms { end daysPerWeek }
  versions { version status changeSummary effectiveFrom terms { end daysPerWeek } decisions { party { kind } decision reason } }
  booking { end daysPerWeek weeks { week days } }
  document(format: MARKDOWN, version: $v)
} }`;

/** Units held per week by a claim holder, in the all-pools scope. */
async function unitsByWeek(holder: string | Types.ObjectId): Promise<Record<string, number>> {
  const docs = await CapacityClaim.find({ bookingId: holder, scope: 'all' }).lean();
  const out: Record<string, number> = {};
  for (const d of docs) out[d.week] = (out[d.week] ?? 0) + 1;
  return out;
}

describe('agreements: amendments', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    // 2027-02-15: a Monday; the placements below start on 2027-03-01.
    server = await startTestServer({ label: 'agreements-amendments', env: { FIXED_NOW: '2027-02-17T12:00:00Z' } });
    s = await seedScene(server);
  });
  after(() => server?.stop());

  const amend = (p: Placement, i: Record<string, unknown>, token = s.lead.token) => server.gql(AMEND, { id: p.agreementId, i }, token);
  const read = async (p: Placement, v?: number) => {
    const r = await server.gql(READ, { id: p.agreementId, v }, s.lead.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.agreement;
  };
  const holderOf = async (p: Placement) => (await Agreement.findById(p.agreementId).lean<AgreementDoc>())!.pendingClaimHolderId;

  it('extends a placement: the extra weeks are claimed at once, the version in force stays until all approve', async () => {
    // 1 day a week (TUE, WED at half a day each) through March.
    const p = await bookActive(s, { daysPerWeek: 1, terms: { weekdays: ['TUE', 'WED'], homeLineManager: { name: 'G', email: 'g@s.example' }, hostSupervisor: { name: 'A', email: 'a@n.example' } } });
    const r = await amend(p, { end: '2027-04-11', summary: 'Alpha runs two weeks longer' });
    expect(r.errors).to.equal(undefined);
    expect(r.data!.amendAgreement).to.deep.include({ status: 'ACTIVE', activeVersion: 1, terms: { end: '2027-03-28', daysPerWeek: 1 } });
    expect(r.data!.amendAgreement.pendingVersion).to.deep.include({ version: 2, status: 'AWAITING_APPROVALS', effectiveFrom: '2027-03-01', changeSummary: 'Alpha runs two weeks longer' });
    expect(r.data!.amendAgreement.pendingVersion.awaiting).to.have.length(5);
    // The booking is unchanged; the two extra weeks are held under the amendment's own id.
    expect((await Booking.findById(p.bookingId).lean<BookingDoc>())!.end).to.equal('2027-03-28');
    expect(await unitsByWeek(p.bookingId)).to.deep.equal({ '2027-W09': 2, '2027-W10': 2, '2027-W11': 2, '2027-W12': 2 });
    expect(await unitsByWeek((await holderOf(p))!)).to.deep.equal({ '2027-W13': 2, '2027-W14': 2 });
    // The reconciler leaves an amendment's units alone while it awaits decisions.
    await reconcileBookings(0);
    await reconcileAgreements(0);
    expect(await unitsByWeek((await holderOf(p))!)).to.deep.equal({ '2027-W13': 2, '2027-W14': 2 });
    // A second amendment waits for the first.
    expect(onlyError(await amend(p, { end: '2027-04-18', summary: 'And another' })).extensions?.code).to.equal('CONFLICT');

    const holder = (await holderOf(p))!;
    await approveAll(s, p);
    const a = await read(p);
    expect(a).to.deep.include({ status: 'ACTIVE', activeVersion: 2, terms: { end: '2027-04-11', daysPerWeek: 1 } });
    expect(a.versions.map((v: { status: string }) => v.status)).to.deep.equal(['SUPERSEDED', 'APPROVED']);
    expect(a.booking.end).to.equal('2027-04-11');
    expect(a.booking.weeks.map((w: { week: string }) => w.week)).to.deep.equal(['2027-W09', '2027-W10', '2027-W11', '2027-W12', '2027-W13', '2027-W14']);
    expect(await CapacityClaim.countDocuments({ bookingId: holder })).to.equal(0);
    // The earlier version stays readable, with its own terms and decisions, and as a document.
    expect(a.versions[0]).to.deep.include({ version: 1, terms: { end: '2027-03-28', daysPerWeek: 1 } });
    expect(a.versions[0].decisions).to.have.length(5);
    const v1 = await read(p, 1);
    expect(v1.document).to.include('| End | 2027-03-28 |').and.include('version 1 (SUPERSEDED)');
    expect(a.document).to.include('| End | 2027-04-11 |').and.include('Alpha runs two weeks longer');
  });

  it('refuses an extension the practitioner has no days for: CAPACITY_EXCEEDED names the weeks, and nothing is written', async () => {
    const p = await bookActive(s, { daysPerWeek: 1 });
    // Another placement takes both of the person's pool days in April's first week.
    const other = await seedProject(s, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, start: '2027-01-04', end: '2027-12-31' }], end: '2027-12-31' });
    const otherSlot = String((await Project.findById(other).lean())!.slots[0]!._id);
    const busy = await server.gql(BOOK, { i: { practitionerId: p.practitionerId, projectId: other, slotId: otherSlot, start: '2027-03-29', end: '2027-04-04', daysPerWeek: 2 } }, s.lead.token);
    expect(busy.errors).to.equal(undefined);
    const before = { claims: await CapacityClaim.countDocuments(), versions: (await Agreement.findById(p.agreementId).lean<AgreementDoc>())!.versions.length };
    const e = onlyError(await amend(p, { end: '2027-04-11', summary: 'Longer' }));
    expect(e.extensions?.code).to.equal('CAPACITY_EXCEEDED');
    expect(e.extensions?.details).to.deep.equal({ weeks: [{ week: '2027-W13', neededDays: 1, freeDays: 0 }] });
    expect({ claims: await CapacityClaim.countDocuments(), versions: (await Agreement.findById(p.agreementId).lean<AgreementDoc>())!.versions.length }).to.deep.equal(before);
  });

  it('gives back exactly the extra days when an amendment is declined, or withdrawn, and keeps the version in force', async () => {
    const p = await bookActive(s, { daysPerWeek: 1 });
    const held = await unitsByWeek(p.bookingId);
    // More days from 2027-03-15, and two weeks longer.
    const r = await amend(p, { daysPerWeek: 2, end: '2027-04-11', effectiveFrom: '2027-03-15', summary: 'Two days from mid-March' });
    expect(r.data!.amendAgreement.pendingVersion.terms.weekdays).to.deep.equal(['TUE', 'WED']);
    expect(await unitsByWeek((await holderOf(p))!)).to.deep.equal({ '2027-W11': 2, '2027-W12': 2, '2027-W13': 4, '2027-W14': 4 });
    await server.gql(APPROVE, { id: p.agreementId }, s.lead.token);
    const d = await server.gql(DECLINE, { id: p.agreementId, r: 'We cannot spare two days' }, s.homeRequester.token);
    expect(d.data!.declineAgreement).to.deep.equal({ id: p.agreementId, status: 'ACTIVE', activeVersion: 1 });
    expect(await CapacityClaim.countDocuments({ bookingId: { $nin: [new Types.ObjectId(p.bookingId)] }, practitionerId: p.practitionerId })).to.equal(0);
    expect(await unitsByWeek(p.bookingId)).to.deep.equal(held);
    let a = await read(p);
    expect(a.versions.map((v: { status: string }) => v.status)).to.deep.equal(['APPROVED', 'DECLINED']);
    expect(a.versions[1].decisions.find((x: { decision: string }) => x.decision === 'DECLINED').reason).to.equal('We cannot spare two days');
    expect(a.booking.end).to.equal('2027-03-28');

    // Propose again, then withdraw it.
    expect((await amend(p, { end: '2027-04-04', summary: 'One more week' })).errors).to.equal(undefined);
    const holder = (await holderOf(p))!;
    expect(await CapacityClaim.countDocuments({ bookingId: holder })).to.equal(4);
    const w = await server.gql(WITHDRAW, { id: p.agreementId }, s.lead.token);
    expect(w.data!.withdrawAgreementAmendment).to.deep.equal({ status: 'ACTIVE', activeVersion: 1, pendingVersion: null, versions: [{ version: 1, status: 'APPROVED' }, { version: 2, status: 'DECLINED' }, { version: 3, status: 'WITHDRAWN' }] });
    expect(await CapacityClaim.countDocuments({ bookingId: holder })).to.equal(0);
    expect(onlyError(await server.gql(APPROVE, { id: p.agreementId }, s.homeRequester.token)).extensions?.code).to.equal('CONFLICT');
    expect(onlyError(await server.gql(WITHDRAW, { id: p.agreementId }, s.lead.token)).extensions?.code).to.equal('CONFLICT');
    a = await read(p);
    expect(a.activeVersion).to.equal(1);
  });

  it('changes days from the Monday it names, and gives back fewer days only once approved', async () => {
    const p = await bookActive(s, { daysPerWeek: 2 });
    const r = await amend(p, { daysPerWeek: 1, weekdays: ['THU'], effectiveFrom: '2027-03-15', summary: 'One day from mid-March' });
    expect(r.errors).to.equal(undefined);
    // Nothing comes back before approval: the version in force still needs its days.
    expect(await unitsByWeek(p.bookingId)).to.deep.equal({ '2027-W09': 4, '2027-W10': 4, '2027-W11': 4, '2027-W12': 4 });
    expect(await CapacityClaim.countDocuments({ bookingId: (await holderOf(p))! })).to.equal(0);
    await approveAll(s, p);
    expect(await unitsByWeek(p.bookingId)).to.deep.equal({ '2027-W09': 4, '2027-W10': 4, '2027-W11': 2, '2027-W12': 2 });
    const a = await read(p);
    expect(a.booking).to.deep.include({ end: '2027-03-28', daysPerWeek: 1 });
    expect(a.terms).to.deep.equal({ end: '2027-03-28', daysPerWeek: 1 });
  });

  it('refuses bad amendments with a code and field path, writing nothing', async () => {
    const p = await bookActive(s, { daysPerWeek: 1 });
    const before = { claims: await CapacityClaim.countDocuments(), agreement: await Agreement.findById(p.agreementId).lean() };
    const cases: [Record<string, unknown>, string, (string | number)[]][] = [
      [{ daysPerWeek: 2.5, summary: 'More' }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']], // above the central contract's 2
      [{ daysPerWeek: 0.3, summary: 'Less' }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
      [{ end: '2027-02-01', summary: 'Earlier' }, 'BAD_USER_INPUT', ['input', 'end']], // before the start
      [{ end: '2028-01-31', summary: 'Longer' }, 'BAD_USER_INPUT', ['input', 'end']], // beyond the slot and the contract
      [{ end: '2027-04-30', summary: '  ' }, 'BAD_USER_INPUT', ['input', 'summary']],
      [{ daysPerWeek: 1, summary: 'Nothing' }, 'BAD_USER_INPUT', ['input']],
      [{ effectiveFrom: '2027-03-17', daysPerWeek: 2, summary: 'Wednesday' }, 'BAD_USER_INPUT', ['input', 'effectiveFrom']],
      [{ reviewDate: '2027-05-01', summary: 'Review later' }, 'BAD_USER_INPUT', ['input', 'reviewDate']],
      [{ weekdays: ['SAT'], summary: 'Weekend' }, 'BAD_USER_INPUT', ['input', 'weekdays', 0]],
      [{ dayRatePence: -5, summary: 'Cheaper' }, 'BAD_USER_INPUT', ['input', 'dayRatePence']],
    ];
    for (const [input, code, field] of cases) {
      const e = onlyError(await amend(p, input));
      expect(e.extensions, JSON.stringify(input)).to.deep.include({ code, field });
    }
    expect({ claims: await CapacityClaim.countDocuments(), agreement: await Agreement.findById(p.agreementId).lean() }).to.deep.equal(before);
    // Only an active agreement can be amended: not one awaiting its first approvals, nor a cancelled one.
    const awaiting = await book(s);
    expect(onlyError(await amend(awaiting, { end: '2027-04-04', summary: 'Longer' })).extensions?.code).to.equal('CONFLICT');
    const cancelled = await bookActive(s);
    await server.gql(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: cancelled.bookingId }, s.lead.token);
    expect(onlyError(await amend(cancelled, { end: '2027-04-04', summary: 'Longer' })).extensions?.code).to.equal('CONFLICT');
  });

  it('keeps the version in force while approvals of an amendment arrive all at once, then applies it once', async () => {
    const p = await bookActive(s, { daysPerWeek: 1 });
    expect((await amend(p, { end: '2027-04-25', summary: 'Four more weeks' })).errors).to.equal(undefined);
    const results = await Promise.all(approvers(s, p).map((a) => server.gql(APPROVE, { id: p.agreementId }, a.token)));
    expect(results.filter((r) => r.errors)).to.deep.equal([]);
    const a = await read(p);
    expect(a).to.deep.include({ status: 'ACTIVE', activeVersion: 2 });
    expect(a.booking.end).to.equal('2027-04-25');
    expect(Object.keys(await unitsByWeek(p.bookingId))).to.have.length(8);
  });
});
