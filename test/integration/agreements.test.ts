// Time-sharing agreements over GraphQL: made with every booking, approved by
// every party in any order (and all at once), declined with a reason,
// refused when approved twice or by the wrong party, drafts finished and
// submitted, bad terms refused writing nothing, and closed with the booking.
import { expect } from 'chai';
import { Agreement } from '../../models/agreement.ts';
import { AgreementDecision } from '../../models/agreement-decision.ts';
import { AgreementSettlement } from '../../models/agreement-settlement.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { Booking, type BookingDoc } from '../../models/booking.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { APPROVE, BOOK, DECLINE, GATESHEAD, NEWCASTLE, SUNDERLAND, TERMS, approveAll, approvers, book, bookActive, seedScene, type Scene } from '../support/agreements.ts';

const AGREEMENT = `query($id: ID!) { agreement(id: $id) {
  id status activeVersion
  booking { id status }
  terms { roleLevelName daysPerWeek weekdays start end reviewDate dayRatePence payer backfillPerDayPence invoicing earlyTerminationNoticeWeeks recallNoticeWeeks
          homeLineManager { name email } hostSupervisor { name email } roleLevel { id } }
  versions { version status changeSummary effectiveFrom decisions { party { kind council { gssCode } } decision by { id } at reason } awaiting { kind council { gssCode } } }
  parties { kind council { gssCode } }
  awaiting { kind council { gssCode } }
} }`;

describe('agreements: life cycle', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    server = await startTestServer({ label: 'agreements', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
  });
  after(() => server?.stop());

  const read = async (id: string, token = s.admin.token) => {
    const r = await server.gql(AGREEMENT, { id }, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.agreement;
  };
  const counts = async () => ({
    bookings: await Booking.countDocuments(),
    agreements: await Agreement.countDocuments(),
    claims: await CapacityClaim.countDocuments(),
    decisions: await AgreementDecision.countDocuments(),
  });

  it('makes an agreement with every booking: terms from the booking, the contract and the lead, awaiting all five parties', async () => {
    const p = await book(s);
    const a = await read(p.agreementId);
    expect(a).to.deep.include({ status: 'AWAITING_APPROVALS', activeVersion: null, booking: { id: p.bookingId, status: 'TENTATIVE' } });
    expect(a.terms).to.deep.include({
      roleLevelName: 'User researcher',
      daysPerWeek: 2,
      weekdays: ['TUE', 'WED'],
      start: '2027-03-01',
      end: '2027-03-28',
      reviewDate: '2027-03-15',
      dayRatePence: 40_000,
      payer: 'HOST_COUNCIL',
      backfillPerDayPence: 10_000,
      invoicing: 'QUARTERLY',
      earlyTerminationNoticeWeeks: 2,
      recallNoticeWeeks: 6, // from the central contract
      homeLineManager: TERMS.homeLineManager,
      hostSupervisor: TERMS.hostSupervisor,
      roleLevel: { id: 'user-researcher' },
    });
    const party = (kind: string, c?: string) => ({ kind, council: c ? { gssCode: c } : null });
    const five = [party('PRACTITIONER'), party('HOME_COUNCIL', SUNDERLAND), party('HOST_COUNCIL', NEWCASTLE), party('HOST_COUNCIL', GATESHEAD), party('PROGRAMME_LEAD')];
    expect(a.parties).to.deep.equal(five);
    expect(a.awaiting).to.deep.equal(five);
    expect(a.versions).to.have.length(1);
    expect(a.versions[0]).to.deep.include({ version: 1, status: 'AWAITING_APPROVALS', effectiveFrom: '2027-03-01', decisions: [] });
    expect(await AuditEvent.countDocuments({ entityType: 'Agreement', entityId: p.agreementId, action: 'agreement.create' })).to.equal(1);
  });

  it('becomes ACTIVE, and confirms the booking, only once all parties have approved, in any order', async () => {
    const p = await book(s);
    const order = [s.lead, s.consortiumRequester, p.self, s.requester, s.homeRequester];
    for (const [i, who] of order.entries()) {
      const r = await server.gql(APPROVE, { id: p.agreementId }, who.token);
      expect(r.errors, who.label).to.equal(undefined);
      expect(r.data!.approveAgreement.status, who.label).to.equal(i === order.length - 1 ? 'ACTIVE' : 'AWAITING_APPROVALS');
      expect((await Booking.findById(p.bookingId).lean<BookingDoc>())!.status).to.equal(i === order.length - 1 ? 'CONFIRMED' : 'TENTATIVE');
    }
    const a = await read(p.agreementId);
    expect(a).to.deep.include({ status: 'ACTIVE', activeVersion: 1, awaiting: [] });
    expect(a.versions[0].status).to.equal('APPROVED');
    // Each decision with who and when (made at the same pinned instant, so listed in party order).
    expect(a.versions[0].decisions.map((d: { by: { id: string }; at: string; decision: string; party: { kind: string } }) => [d.party.kind, d.by.id, d.decision, d.at])).to.deep.equal(
      [
        ['PRACTITIONER', p.self.userId],
        ['HOME_COUNCIL', s.homeRequester.userId],
        ['HOST_COUNCIL', s.requester.userId],
        ['HOST_COUNCIL', s.consortiumRequester.userId],
        ['PROGRAMME_LEAD', s.lead.userId],
      ].map(([k, u]) => [k, u, 'APPROVED', '2026-11-25T12:00:00.000Z']),
    );
    const actions = (await AuditEvent.find({ entityId: p.agreementId }).sort({ _id: 1 }).lean()).map((e) => e.action);
    expect(actions).to.deep.equal(['agreement.create', ...order.map(() => 'agreement.approve'), 'agreement.activate']);
    expect(await AuditEvent.countDocuments({ entityId: p.bookingId, action: 'booking.confirm' })).to.equal(1);
  });

  it('refuses approving twice with CONFLICT, writing nothing', async () => {
    const p = await book(s);
    expect((await server.gql(APPROVE, { id: p.agreementId }, s.homeRequester.token)).errors).to.equal(undefined);
    const before = await counts();
    const e = onlyError(await server.gql(APPROVE, { id: p.agreementId }, s.homeRequester.token));
    expect(e.extensions?.code).to.equal('CONFLICT');
    expect(e.message).to.match(/already decided/i);
    // Declining after approving is deciding twice too.
    expect(onlyError(await server.gql(DECLINE, { id: p.agreementId, r: 'Changed our mind' }, s.homeRequester.token)).extensions?.code).to.equal('CONFLICT');
    expect(await counts()).to.deep.equal(before);
  });

  it('refuses the wrong party: FORBIDDEN for strangers and for a party acting as another; BAD_USER_INPUT for an admin who does not say', async () => {
    const p = await book(s);
    const other = await book(s); // its practitioner is not a party to p
    const before = await counts();
    const refused: [string | undefined, Record<string, unknown>, string, (string | number)[] | undefined][] = [
      [other.self.token, {}, 'FORBIDDEN', undefined],
      [s.practitioner.token, {}, 'FORBIDDEN', undefined],
      [s.otherRequester.token, {}, 'FORBIDDEN', undefined],
      [s.otherLead.token, {}, 'FORBIDDEN', undefined],
      [s.homeRequester.token, { as: 'PROGRAMME_LEAD' }, 'FORBIDDEN', undefined],
      [s.requester.token, { as: 'HOME_COUNCIL' }, 'FORBIDDEN', undefined],
      [s.requester.token, { as: 'HOST_COUNCIL', c: GATESHEAD }, 'FORBIDDEN', undefined],
      [s.lead.token, { as: 'PRACTITIONER' }, 'FORBIDDEN', undefined],
      [p.self.token, { as: 'HOME_COUNCIL' }, 'FORBIDDEN', undefined],
      [s.admin.token, {}, 'BAD_USER_INPUT', ['as']],
      [s.admin.token, { as: 'HOST_COUNCIL' }, 'BAD_USER_INPUT', ['councilId']], // two host councils: which?
      [s.admin.token, { as: 'HOST_COUNCIL', c: 'E06000001' }, 'BAD_USER_INPUT', ['councilId']],
      [undefined, {}, 'UNAUTHENTICATED', undefined],
    ];
    for (const [token, args, code, field] of refused) {
      const e = onlyError(await server.gql(APPROVE, { id: p.agreementId, ...args }, token));
      expect(e.extensions?.code, JSON.stringify(args)).to.equal(code);
      if (field) expect(e.extensions?.field).to.deep.equal(field);
    }
    expect(await counts()).to.deep.equal(before);
    // An admin acting for a named party is recorded as that party.
    expect((await server.gql(APPROVE, { id: p.agreementId, as: 'HOST_COUNCIL', c: GATESHEAD }, s.admin.token)).errors).to.equal(undefined);
    const d = await AgreementDecision.findOne({ agreementId: p.agreementId }).lean();
    expect(d).to.deep.include({ partyKind: 'HOST_COUNCIL', councilId: GATESHEAD, byUserId: s.admin.userId });
    // ...and that party cannot then decide again.
    expect(onlyError(await server.gql(APPROVE, { id: p.agreementId }, s.consortiumRequester.token)).extensions?.code).to.equal('CONFLICT');
  });

  it('cancels the agreement and the booking when a party declines version 1 with a reason, and frees the days', async () => {
    const p = await book(s);
    expect(await CapacityClaim.countDocuments({ bookingId: p.bookingId })).to.equal(32); // 4 weeks x 4 half-days, in two scopes
    await server.gql(APPROVE, { id: p.agreementId }, s.lead.token);
    const blank = onlyError(await server.gql(DECLINE, { id: p.agreementId, r: '   ' }, p.self.token));
    expect(blank.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['reason'] });
    const r = await server.gql(DECLINE, { id: p.agreementId, r: 'I am on jury service in March' }, p.self.token);
    expect(r.data!.declineAgreement.status).to.equal('CANCELLED');
    const a = await read(p.agreementId);
    expect(a.booking.status).to.equal('CANCELLED');
    expect(a.versions[0].status).to.equal('DECLINED');
    expect(a.versions[0].decisions.find((d: { decision: string }) => d.decision === 'DECLINED')).to.deep.include({ party: { kind: 'PRACTITIONER', council: null }, reason: 'I am on jury service in March' });
    expect(a.awaiting).to.deep.equal([]);
    expect(await CapacityClaim.countDocuments({ bookingId: p.bookingId })).to.equal(0);
    // Nothing is pending any more.
    expect(onlyError(await server.gql(APPROVE, { id: p.agreementId }, s.homeRequester.token)).extensions?.code).to.equal('CONFLICT');
  });

  it('converges when all parties approve at the same instant: ACTIVE, one decision each, the booking confirmed once', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await book(s);
      // Every party twice over, all at once: five must win, five must be told "already decided".
      const all = [...approvers(s, p), ...approvers(s, p)];
      const results = await Promise.all(all.map((a) => server.gql(APPROVE, { id: p.agreementId }, a.token)));
      const ok = results.filter((r) => !r.errors);
      expect(ok).to.have.length(5);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).to.have.length(5);
      const a = await read(p.agreementId);
      expect(a.status).to.equal('ACTIVE');
      expect(a.booking.status).to.equal('CONFIRMED');
      expect(await AgreementDecision.countDocuments({ agreementId: p.agreementId })).to.equal(5);
      const b = await Booking.findById(p.bookingId).lean<BookingDoc>();
      expect(b!.statusHistory.filter((h) => h.status === 'CONFIRMED')).to.have.length(1);
      expect(await AgreementSettlement.countDocuments({ agreementId: p.agreementId, applied: true })).to.equal(1);
    }
  });

  it('starts as a DRAFT with defaulted terms when the contacts are missing; the lead finishes and submits it', async () => {
    const p = await book(s, { terms: null, daysPerWeek: 1.5 });
    let a = await read(p.agreementId);
    expect(a.status).to.equal('DRAFT');
    expect(a.versions).to.deep.equal([]);
    // Weekdays from the working pattern (Monday to Friday): two for 1.5 days; review twelve weeks in, capped at the end.
    expect(a.terms).to.deep.include({ weekdays: ['MON', 'TUE'], reviewDate: '2027-03-28', dayRatePence: 0, payer: 'HOST_COUNCIL', invoicing: 'MONTHLY', earlyTerminationNoticeWeeks: 4, homeLineManager: null, hostSupervisor: null });
    expect(onlyError(await server.gql(APPROVE, { id: p.agreementId }, s.lead.token)).extensions?.code).to.equal('CONFLICT');

    const SUBMIT = `mutation($id: ID!) { submitAgreement(id: $id) { status versions { version status } } }`;
    const EDIT = `mutation($id: ID!, $t: AgreementTermsInput!) { updateAgreementDraft(id: $id, terms: $t) { status draftTerms { homeLineManager { name } hostSupervisor { name } weekdays dayRatePence } } }`;
    const early = onlyError(await server.gql(SUBMIT, { id: p.agreementId }, s.lead.token));
    expect(early.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['terms', 'homeLineManager'] });
    const bad = onlyError(await server.gql(EDIT, { id: p.agreementId, t: { hostSupervisor: { name: 'Ada', email: 'not an email' } } }, s.lead.token));
    expect(bad.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['terms', 'hostSupervisor', 'email'] });
    const edited = await server.gql(EDIT, { id: p.agreementId, t: { homeLineManager: TERMS.homeLineManager, hostSupervisor: TERMS.hostSupervisor, weekdays: ['WED', 'THU', 'FRI'], dayRatePence: 35_000 } }, s.lead.token);
    expect(edited.data!.updateAgreementDraft.draftTerms).to.deep.equal({ homeLineManager: { name: 'Grace Hopper' }, hostSupervisor: { name: 'Alan Turing' }, weekdays: ['WED', 'THU', 'FRI'], dayRatePence: 35_000 });
    const submitted = await server.gql(SUBMIT, { id: p.agreementId }, s.lead.token);
    expect(submitted.data!.submitAgreement).to.deep.equal({ status: 'AWAITING_APPROVALS', versions: [{ version: 1, status: 'AWAITING_APPROVALS' }] });
    expect(onlyError(await server.gql(SUBMIT, { id: p.agreementId }, s.lead.token)).extensions?.code).to.equal('CONFLICT');
    expect(onlyError(await server.gql(EDIT, { id: p.agreementId, t: { dayRatePence: 1 } }, s.lead.token)).extensions?.code).to.equal('CONFLICT');
    await approveAll(s, p);
    a = await read(p.agreementId);
    expect(a).to.deep.include({ status: 'ACTIVE', activeVersion: 1 });
    expect(a.terms.weekdays).to.deep.equal(['WED', 'THU', 'FRI']);
  });

  it('refuses bad terms at booking time with the field path, writing nothing', async () => {
    const p = await seedPractitioner({ homeCouncilId: SUNDERLAND, workingPattern: { monday: 1, tuesday: 1, wednesday: 1, thursday: 1, friday: 0, saturday: 0, sunday: 0 } });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    const base = { practitionerId: p.id, projectId: s.projectId, slotId: s.slotId, start: '2027-03-01', end: '2027-03-28', daysPerWeek: 2 };
    const before = await counts();
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ weekdays: ['TUE'] }, ['input', 'terms', 'weekdays']], // 2 days need 2 to 4 weekdays
      [{ weekdays: ['MON', 'TUE', 'WED', 'THU', 'MON'] }, ['input', 'terms', 'weekdays', 4]],
      [{ weekdays: ['MON', 'FRI'] }, ['input', 'terms', 'weekdays', 1]], // not a working day
      [{ reviewDate: '2027-04-01' }, ['input', 'terms', 'reviewDate']],
      [{ reviewDate: '2027-02-28' }, ['input', 'terms', 'reviewDate']],
      [{ dayRatePence: -1 }, ['input', 'terms', 'dayRatePence']],
      [{ backfillPerDayPence: 10_000_001 }, ['input', 'terms', 'backfillPerDayPence']],
      [{ earlyTerminationNoticeWeeks: -2 }, ['input', 'terms', 'earlyTerminationNoticeWeeks']],
      [{ homeLineManager: { name: 'Grace', email: 'grace@' } }, ['input', 'terms', 'homeLineManager', 'email']],
      [{ hostSupervisor: { name: '  ', email: 'alan@newcastle.example' } }, ['input', 'terms', 'hostSupervisor', 'name']],
    ];
    for (const [terms, field] of cases) {
      const e = onlyError(await server.gql(BOOK, { i: { ...base, terms } }, s.lead.token));
      expect(e.extensions, JSON.stringify(terms)).to.deep.include({ code: 'BAD_USER_INPUT', field });
    }
    // Money in pence is a whole number: GraphQL's Int refuses 1.5 before the service sees it.
    expect((await server.gql(BOOK, { i: { ...base, terms: { dayRatePence: 1.5 } } }, s.lead.token)).errors?.[0]?.extensions?.code).to.equal('BAD_USER_INPUT');
    // Days a week above the central contract: refused with the booking's own check.
    expect(onlyError(await server.gql(BOOK, { i: { ...base, daysPerWeek: 2.5, slotId: s.slotId } }, s.lead.token)).extensions?.code).to.equal('BAD_USER_INPUT');
    expect(await counts()).to.deep.equal(before);
  });

  it('closes with the booking: cancelled, ended early, recalled', async () => {
    const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id, reason: "Project paused") { status agreement { status endedReason versions { status } } } }`;
    const END = `mutation($id: ID!) { endBookingEarly(id: $id, end: "2027-03-14", reason: "Discovery done") { status agreement { status endedReason } } }`;
    const RECALL = `mutation($id: ID!) { recallBooking(id: $id, end: "2027-03-14", reason: "Needed for the budget") { status agreement { status } } }`;

    const tentative = await book(s);
    expect((await server.gql(CANCEL, { id: tentative.bookingId }, s.lead.token)).data!.cancelBooking).to.deep.equal({
      status: 'CANCELLED',
      agreement: { status: 'CANCELLED', endedReason: 'Project paused', versions: [{ status: 'WITHDRAWN' }] },
    });
    // A withdrawn version takes no more decisions.
    expect(onlyError(await server.gql(APPROVE, { id: tentative.agreementId }, s.lead.token)).extensions?.code).to.equal('CONFLICT');

    const confirmed = await bookActive(s);
    expect((await server.gql(CANCEL, { id: confirmed.bookingId }, s.lead.token)).data!.cancelBooking.agreement.status).to.equal('CANCELLED');

    const ended = await bookActive(s);
    expect((await server.gql(END, { id: ended.bookingId }, s.requester.token)).data!.endBookingEarly).to.deep.equal({
      status: 'ENDED',
      agreement: { status: 'ENDED', endedReason: 'Discovery done' },
    });
    const recalled = await bookActive(s);
    expect((await server.gql(RECALL, { id: recalled.bookingId }, s.homeRequester.token)).data!.recallBooking).to.deep.equal({ status: 'RECALLED', agreement: { status: 'RECALLED' } });
    // A booking ended before its agreement took effect: the agreement never did, so it is cancelled.
    const early = await book(s);
    expect((await server.gql(END, { id: early.bookingId }, s.lead.token)).data!.endBookingEarly.agreement.status).to.equal('CANCELLED');
    const actions = (await AuditEvent.find({ entityType: 'Agreement', entityId: { $in: [tentative.agreementId, ended.agreementId, recalled.agreementId] } }).lean()).map((e) => e.action);
    expect(actions).to.include.members(['agreement.cancel', 'agreement.end', 'agreement.recall']);
  });

  it('lists the agreements each party may see', async () => {
    const Q = `query($f: AgreementFilter) { agreements(filter: $f, first: 200) { totalCount nodes { id myParties { kind council { gssCode } } } } }`;
    const p = await book(s);
    const total = (await server.gql(Q, {}, s.admin.token)).data!.agreements.totalCount;
    expect(total).to.be.greaterThan(5);
    expect((await server.gql(Q, {}, s.lead.token)).data!.agreements.totalCount).to.equal(total);
    expect((await server.gql(Q, {}, s.homeRequester.token)).data!.agreements.totalCount).to.equal(total);
    expect((await server.gql(Q, {}, s.requester.token)).data!.agreements.totalCount).to.equal(total);
    expect((await server.gql(Q, {}, s.otherLead.token)).data!.agreements.totalCount).to.equal(0);
    expect((await server.gql(Q, {}, s.otherRequester.token)).data!.agreements.totalCount).to.equal(0);
    expect((await server.gql(Q, {}, s.practitioner.token)).data!.agreements.totalCount).to.equal(0);
    const mine = (await server.gql(Q, {}, p.self.token)).data!.agreements;
    expect(mine.totalCount).to.equal(1);
    expect(mine.nodes[0].myParties).to.deep.equal([{ kind: 'PRACTITIONER', council: null }]);
    const byStatus = (await server.gql(Q, { f: { statuses: ['ACTIVE'] } }, s.lead.token)).data!.agreements.totalCount;
    expect(byStatus).to.be.greaterThan(0).and.lessThan(total);
    expect((await server.gql(Q, { f: { bookingId: p.bookingId } }, s.lead.token)).data!.agreements.nodes.map((n: { id: string }) => n.id)).to.deep.equal([p.agreementId]);
    // Reading one: the parties, not others.
    const ONE = `query($id: ID!) { agreement(id: $id) { id } }`;
    for (const a of [s.admin, s.lead, s.homeRequester, s.requester, s.consortiumRequester, p.self]) {
      expect((await server.gql(ONE, { id: p.agreementId }, a.token)).errors, a.label).to.equal(undefined);
    }
    for (const a of [s.otherLead, s.otherRequester, s.practitioner]) {
      expect(onlyError(await server.gql(ONE, { id: p.agreementId }, a.token)).extensions?.code, a.label).to.equal('FORBIDDEN');
    }
    expect(onlyError(await server.gql(ONE, { id: p.agreementId })).extensions?.code).to.equal('UNAUTHENTICATED');
    expect(onlyError(await server.gql(ONE, { id: '0123456789abcdef01234567' }, s.lead.token)).extensions?.code).to.equal('NOT_FOUND');
    expect(onlyError(await server.gql(ONE, { id: 'nope' }, s.lead.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['id'] });
  });
});
