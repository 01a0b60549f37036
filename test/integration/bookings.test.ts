// Bookings over GraphQL: booking, refusals that write nothing, capacity that
// is never overbooked, ending early, recall with notice, cancelling, and who
// may do each.
import { expect } from 'chai';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actor, type Actors } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { userToken } from '../support/fixtures.ts';
import { Project } from '../../models/project.ts';
import { PractitionerLock } from '../../models/practitioner-lock.ts';

const SUNDERLAND = 'E08000024'; // in north-east-ca; the practitioner's home council
const BOOK = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id status start end daysPerWeek weeks { week days } homeCouncil { gssCode } hostCouncils { gssCode } } }`;

describe('bookings', function () {
  this.timeout(120_000);
  let server: TestServer;
  let actors: Actors;
  let homeRequester: Actor;
  let practitionerId: string;
  let projectId: string;
  let slotId: string;
  let base: Record<string, unknown>;

  before(async () => {
    server = await startTestServer({ label: 'bookings', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    actors = await seedActors(server);
    homeRequester = { label: 'requester of the home council', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: SUNDERLAND })) };
    const p = await seedPractitioner({ homeCouncilId: SUNDERLAND });
    practitionerId = p.id;
    await seedContract({ practitionerId, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31', recallNoticeWeeks: 4 });
    projectId = await seedProject(actors, 'APPROVED', {
      slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-06-27' }],
    });
    slotId = String((await Project.findById(projectId).lean())!.slots[0]!._id);
    base = { practitionerId, projectId, slotId, start: '2027-03-01', end: '2027-03-28', daysPerWeek: 1 };
  });
  after(() => server?.stop());

  /** A Sunderland practitioner with a 2-day contract for 2027: each test books its own person (one seat per person per slot). */
  async function freshPractitioner(recallNoticeWeeks = 4): Promise<string> {
    const p = await seedPractitioner({ homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31', recallNoticeWeeks });
    return p.id;
  }

  const state = async () => ({ bookings: await Booking.countDocuments(), claims: await CapacityClaim.countDocuments() });

  it('books a practitioner as TENTATIVE, holding the days in every ISO week, and audits it', async () => {
    const r = await server.gql(BOOK, { i: { ...base, start: '2027-01-04', end: '2027-01-17' } }, actors.lead.token);
    expect(r.errors, JSON.stringify(r.errors)).to.equal(undefined);
    const b = r.data!.bookPractitioner;
    expect(b).to.deep.include({ status: 'TENTATIVE', daysPerWeek: 1, homeCouncil: { gssCode: SUNDERLAND } });
    expect(b.weeks).to.deep.equal([
      { week: '2027-W01', days: 1 },
      { week: '2027-W02', days: 1 },
    ]);
    expect(b.hostCouncils.map((c: { gssCode: string }) => c.gssCode)).to.include('E08000021');
    expect(await AuditEvent.countDocuments({ entityType: 'Booking', entityId: b.id, action: 'booking.create' })).to.equal(1);
  });

  it('books someone whose lock a dead process left behind, once the lock has expired, without anyone clearing it', async () => {
    const id = await freshPractitioner();
    // What a process killed while holding the practitioner's lock leaves: the lock, already past its expiry.
    await PractitionerLock.create({ _id: id, token: 'left-by-a-dead-process', expiresAt: new Date(Date.now() - 1000) });
    const r = await server.gql(BOOK, { i: { ...base, practitionerId: id } }, actors.lead.token);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.bookPractitioner.status).to.equal('TENTATIVE');
    // Taken over and then released: nothing is left to block the next booking.
    expect(await PractitionerLock.countDocuments({ _id: id })).to.equal(0);
  });

  it('refuses bad input with a code and field path, writing nothing', async () => {
    const before = await state();
    const cases: [Record<string, unknown>, string, (string | number)[]][] = [
      [{ start: '2027-03-28', end: '2027-03-01' }, 'BAD_USER_INPUT', ['input', 'end']],
      [{ start: '2026-12-01' }, 'BAD_USER_INPUT', ['input', 'start']],
      [{ end: '2027-08-01' }, 'BAD_USER_INPUT', ['input', 'end']],
      [{ daysPerWeek: 0.3 }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
      [{ daysPerWeek: 2.5 }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
      [{ slotId: '0123456789abcdef01234567' }, 'NOT_FOUND', ['input', 'slotId']],
      [{ practitionerId: '0123456789abcdef01234567' }, 'NOT_FOUND', ['input', 'practitionerId']],
      [{ projectId: 'nope' }, 'BAD_USER_INPUT', ['input', 'projectId']],
    ];
    for (const [over, code, field] of cases) {
      const e = onlyError(await server.gql(BOOK, { i: { ...base, ...over } }, actors.lead.token));
      expect(e.extensions, JSON.stringify(over)).to.deep.include({ code, field });
    }
    expect(await state()).to.deep.equal(before);
  });

  it('refuses a project that is not approved yet, and a practitioner without an approved contract', async () => {
    const before = await state();
    const draft = await seedProject(actors, 'SUBMITTED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, start: '2027-01-04', end: '2027-06-27' }] });
    const draftSlot = String((await Project.findById(draft).lean())!.slots[0]!._id);
    expect(onlyError(await server.gql(BOOK, { i: { ...base, projectId: draft, slotId: draftSlot } }, actors.lead.token)).extensions?.code).to.equal('CONFLICT');
    const stranger = await seedPractitioner({ homeCouncilId: SUNDERLAND });
    await seedContract({ practitionerId: stranger.id, poolId: 'north-east-ca', start: '2027-01-01', end: '2027-12-31' }, 'PROPOSED');
    const e = onlyError(await server.gql(BOOK, { i: { ...base, practitionerId: stranger.id } }, actors.lead.token));
    expect(e.extensions).to.deep.include({ code: 'CONFLICT', field: ['input', 'practitionerId'] });
    expect(await state()).to.deep.equal(before);
  });

  it("refuses someone who does not meet the slot's role, level or required skills, as whyNot names them, writing nothing", async () => {
    const needs = await seedProject(actors, 'APPROVED', {
      slots: [{ roleLevelId: 'user-researcher', required: [{ skillId: 'user-research-methods', proficiency: 'Practitioner' }], daysPerWeek: 2, start: '2027-01-04', end: '2027-06-27' }],
    });
    const needsSlot = String((await Project.findById(needs).lean())!.slots[0]!._id);
    const contracted = async (over: Parameters<typeof seedPractitioner>[0]) => {
      const p = await seedPractitioner({ homeCouncilId: SUNDERLAND, ...over });
      await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
      return p.id;
    };
    const unskilled = await contracted({ skills: [] });
    const weak = await contracted({ skills: [{ skillId: 'user-research-methods', proficiency: 'Working' }] });
    const manager = await contracted({ roleLevelId: 'delivery-manager', skills: [{ skillId: 'user-research-methods', proficiency: 'Expert' }] });
    const WHY = `query($p: ID!, $s: ID!, $x: ID!) { whyNot(projectId: $p, slotId: $s, practitionerId: $x) { violations { code } } }`;
    const before = await state();
    for (const [who, codes] of [[unskilled, ['MISSING_SKILL']], [weak, ['SKILL_BELOW_MINIMUM']], [manager, ['ROLE_MISMATCH']]] as const) {
      const e = onlyError(await server.gql(BOOK, { i: { ...base, practitionerId: who, projectId: needs, slotId: needsSlot } }, actors.lead.token));
      expect(e.extensions).to.deep.include({ code: 'CONFLICT', field: ['input', 'practitionerId'] });
      const details = e.extensions!.details as { reason: string; violations: { code: string; message: string }[] };
      expect(details.reason).to.equal('DOES_NOT_FIT_SLOT');
      expect(details.violations.map((v) => v.code)).to.deep.equal(codes);
      // The same story whyNot tells (its time-bound checks aside).
      const why = await server.gql(WHY, { p: needs, s: needsSlot, x: who }, actors.lead.token);
      expect(why.data!.whyNot.violations.map((v: { code: string }) => v.code)).to.include.members([...codes]);
    }
    expect(await state()).to.deep.equal(before);
    const skilled = await contracted({ skills: [{ skillId: 'user-research-methods', proficiency: 'Expert' }] });
    const ok = await server.gql(BOOK, { i: { ...base, practitionerId: skilled, projectId: needs, slotId: needsSlot } }, actors.lead.token);
    expect(ok.errors).to.equal(undefined);
  });

  it('never books beyond capacity: CAPACITY_EXCEEDED names the short weeks and writes nothing', async () => {
    const who = await freshPractitioner();
    const otherSlot = await seedProject(actors, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, start: '2027-01-04', end: '2027-06-27' }] });
    const otherSlotId = String((await Project.findById(otherSlot).lean())!.slots[0]!._id);
    const first = await server.gql(BOOK, { i: { ...base, practitionerId: who, start: '2027-02-01', end: '2027-02-14', daysPerWeek: 1.5 } }, actors.lead.token);
    expect(first.errors).to.equal(undefined);
    const before = await state();
    const e = onlyError(await server.gql(BOOK, { i: { ...base, practitionerId: who, projectId: otherSlot, slotId: otherSlotId, start: '2027-02-08', end: '2027-02-21', daysPerWeek: 1 } }, actors.lead.token));
    expect(e.extensions?.code).to.equal('CAPACITY_EXCEEDED');
    expect(e.extensions?.details).to.deep.equal({ weeks: [{ week: '2027-W06', neededDays: 1, freeDays: 0.5 }] });
    expect(await state()).to.deep.equal(before);
    const half = await server.gql(BOOK, { i: { ...base, practitionerId: who, projectId: otherSlot, slotId: otherSlotId, start: '2027-02-08', end: '2027-02-21', daysPerWeek: 0.5 } }, actors.lead.token);
    expect(half.errors).to.equal(undefined);
  });

  it('fills a slot with at most its headcount in any week, and a person only once at a time', async () => {
    const one = await seedProject(actors, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 1, start: '2027-01-04', end: '2027-06-27' }] });
    const oneSlot = String((await Project.findById(one).lean())!.slots[0]!._id);
    const who = await freshPractitioner();
    const i = { ...base, projectId: one, slotId: oneSlot, daysPerWeek: 0.5 }; // March 2027
    expect((await server.gql(BOOK, { i: { ...i, practitionerId: who } }, actors.lead.token)).errors).to.equal(undefined);
    const again = onlyError(await server.gql(BOOK, { i: { ...i, practitionerId: who, start: '2027-03-15', end: '2027-04-11' } }, actors.lead.token));
    expect(again.message).to.match(/already booked on this slot/);
    // Someone else in a week the slot's one seat is taken: full, whichever weeks around it are free.
    const full = onlyError(await server.gql(BOOK, { i: { ...i, practitionerId: await freshPractitioner(), start: '2027-03-22', end: '2027-05-02' } }, actors.lead.token));
    expect(full.extensions).to.deep.include({ code: 'CONFLICT', details: { headcount: 1 } });
    // Weeks the seat is free are bookable: someone else in April, the same person again in May.
    expect((await server.gql(BOOK, { i: { ...i, practitionerId: await freshPractitioner(), start: '2027-04-05', end: '2027-04-25' } }, actors.lead.token)).errors).to.equal(undefined);
    expect((await server.gql(BOOK, { i: { ...i, practitionerId: who, start: '2027-05-03', end: '2027-05-16' } }, actors.lead.token)).errors).to.equal(undefined);
  });

  it('proposes a squad for the weeks an early end freed, and books it when committed', async () => {
    const project = await seedProject(actors, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 1, start: '2027-01-04', end: '2027-06-27' }] });
    const slot = String((await Project.findById(project).lean())!.slots[0]!._id);
    const first = await server.gql(BOOK, { i: { ...base, projectId: project, slotId: slot, practitionerId: await freshPractitioner(), start: '2027-01-04', end: '2027-06-27', daysPerWeek: 0.5 } }, actors.lead.token);
    expect(first.errors).to.equal(undefined);
    await server.gql(`mutation($id: ID!) { endBookingEarly(id: $id, end: "2027-03-31", reason: "Moved on") { status } }`, { id: first.data!.bookPractitioner.id }, actors.lead.token);
    const squad = await server.gql(
      `mutation($p: ID!) { proposeSquad(projectId: $p, save: { name: "Replacement" }) { id assignments { fixed start end } unfilled { missing } } }`,
      { p: project },
      actors.lead.token,
    );
    expect(squad.errors, JSON.stringify(squad.errors)).to.equal(undefined);
    // Not the ended booking held for the whole slot: someone new from the Monday after the week it ends in.
    expect(squad.data!.proposeSquad.assignments).to.deep.equal([{ fixed: false, start: '2027-04-05', end: '2027-06-27' }]);
    expect(squad.data!.proposeSquad.unfilled).to.deep.equal([]);
    const committed = await server.gql(`mutation($id: ID!) { commitPlan(id: $id) { status assignments { booking { start end status } } } }`, { id: squad.data!.proposeSquad.id }, actors.lead.token);
    expect(committed.errors, JSON.stringify(committed.errors)).to.equal(undefined);
    expect(committed.data!.commitPlan.assignments[0].booking).to.deep.equal({ start: '2027-04-05', end: '2027-06-27', status: 'TENTATIVE' });
  });

  it('offers the weeks after an early end or a recall to a replacement on a slot of one, and never the weeks still held', async () => {
    const project = await seedProject(actors, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 1, start: '2027-01-04', end: '2027-06-27' }] });
    const slot = String((await Project.findById(project).lean())!.slots[0]!._id);
    const on = (practitionerId: string, start: string, end: string) => server.gql(BOOK, { i: { ...base, projectId: project, slotId: slot, practitionerId, start, end, daysPerWeek: 0.5 } }, actors.lead.token);
    const first = await on(await freshPractitioner(), '2027-02-01', '2027-06-27');
    expect(first.errors).to.equal(undefined);
    const ended = await server.gql(
      `mutation($id: ID!) { endBookingEarly(id: $id, end: "2027-03-31", reason: "Moved to another project") { status end } }`,
      { id: first.data!.bookPractitioner.id },
      actors.lead.token,
    );
    expect(ended.data!.endBookingEarly).to.deep.equal({ status: 'ENDED', end: '2027-03-31' });
    // 31 March is a Wednesday: its week (2027-W13) stays with the ended booking; the next week on is free.
    const replacement = await freshPractitioner();
    const overlapping = onlyError(await on(replacement, '2027-03-29', '2027-06-27'));
    expect(overlapping.extensions).to.deep.include({ code: 'CONFLICT', details: { headcount: 1 } });
    const after = await on(replacement, '2027-04-05', '2027-06-27');
    expect(after.errors, JSON.stringify(after.errors)).to.equal(undefined);

    // The replacement recalled by their home council: their freed weeks go to the next person in turn.
    const recalled = await server.gql(
      `mutation($id: ID!) { recallBooking(id: $id, end: "2027-04-30", reason: "Needed back for the council's own launch") { status } }`,
      { id: after.data!.bookPractitioner.id },
      homeRequester.token,
    );
    expect(recalled.errors, JSON.stringify(recalled.errors)).to.equal(undefined);
    expect((await on(await freshPractitioner(), '2027-05-03', '2027-06-27')).errors).to.equal(undefined);
    expect(onlyError(await on(await freshPractitioner(), '2027-04-26', '2027-05-09')).extensions?.code).to.equal('CONFLICT');
  });

  it('holds a headcount cut like the seats: refused with the bookings in the way, allowed once they are gone, and never below the people booked', async () => {
    const HEADCOUNT = `mutation($p: ID!, $s: ID!, $n: Int!) { updateProjectSlot(projectId: $p, slotId: $s, input: { headcount: $n }) { slots { id headcount } } }`;
    const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id, reason: "Not needed") { status } }`;
    const project = await seedProject(actors, 'APPROVED', { slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 3, start: '2027-01-04', end: '2027-06-27' }] });
    const slot = String((await Project.findById(project).lean())!.slots[0]!._id);
    const i = { ...base, projectId: project, slotId: slot, daysPerWeek: 0.5 };
    const bookOne = async () => {
      const r = await server.gql(BOOK, { i: { ...i, practitionerId: await freshPractitioner() } }, actors.lead.token);
      return r;
    };
    const headcount = (n: number) => server.gql(HEADCOUNT, { p: project, s: slot, n }, actors.lead.token);
    const a = (await bookOne()).data!.bookPractitioner.id as string;
    const b = (await bookOne()).data!.bookPractitioner.id as string;

    // Two people on it: a cut to one names both bookings' seats in the way (b's, the one above), and changes nothing.
    const refused = onlyError(await headcount(1));
    expect(refused.extensions).to.deep.include({ code: 'CONFLICT', field: ['input', 'headcount'] });
    expect(refused.message).to.match(/has 2 people booked/);
    expect((refused.extensions!.details as { bookings: string[] }).bookings).to.deep.equal([b]);
    expect((await Project.findById(project).lean())!.slots[0]!.headcount).to.equal(3);

    // Cut to two: the third seat is retired, so a third person is refused as the slot is full.
    expect((await headcount(2)).errors).to.equal(undefined);
    expect(onlyError(await bookOne()).extensions).to.deep.include({ code: 'CONFLICT', details: { headcount: 2 } });

    // The first booking goes: the second moves down to the free seat, and the cut to one is allowed.
    expect((await server.gql(CANCEL, { id: a }, actors.lead.token)).errors).to.equal(undefined);
    expect((await headcount(1)).data!.updateProjectSlot.slots[0].headcount).to.equal(1);
    expect(onlyError(await bookOne()).extensions).to.deep.include({ code: 'CONFLICT', details: { headcount: 1 } });

    // Raised again, the seats reopen.
    expect((await headcount(2)).errors).to.equal(undefined);
    const c = await bookOne();
    expect(c.errors, JSON.stringify(c.errors)).to.equal(undefined);
  });

  it('asks less of a week shortened by a bank holiday instead of failing', async () => {
    // Easter 2027: Good Friday 26 March, Easter Monday 29 March. A Monday/Friday pattern works 0 days that week... use a Mon-Wed pattern.
    const p = await seedPractitioner({ homeCouncilId: SUNDERLAND, workingPattern: { monday: 1, tuesday: 0, wednesday: 0, thursday: 0, friday: 1, saturday: 0, sunday: 0 } });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    const r = await server.gql(BOOK, { i: { ...base, practitionerId: p.id, start: '2027-03-22', end: '2027-04-04', daysPerWeek: 2 } }, actors.lead.token);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.bookPractitioner.weeks).to.deep.equal([
      { week: '2027-W12', days: 1 }, // Good Friday
      { week: '2027-W13', days: 1 }, // Easter Monday
    ]);
  });

  it('lets only the pool lead (or an admin) book', async () => {
    const expected: [Actor, string | null][] = [
      [actors.admin, null],
      [actors.lead, null],
      [actors.otherLead, 'FORBIDDEN'],
      [actors.requester, 'FORBIDDEN'],
      [actors.consortiumRequester, 'FORBIDDEN'],
      [actors.otherRequester, 'FORBIDDEN'],
      [homeRequester, 'FORBIDDEN'],
      [actors.practitioner, 'FORBIDDEN'],
      [actors.anonymous, 'UNAUTHENTICATED'],
    ];
    for (const [actor, code] of expected) {
      const r = await server.gql(BOOK, { i: { ...base, practitionerId: await freshPractitioner(), daysPerWeek: 0.5 } }, actor.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, actor.label).to.equal(code);
    }
  });

  async function bookOne(start: string, end: string, recallNoticeWeeks = 4): Promise<string> {
    const r = await server.gql(BOOK, { i: { ...base, practitionerId: await freshPractitioner(recallNoticeWeeks), start, end, daysPerWeek: 0.5 } }, actors.lead.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.bookPractitioner.id;
  }

  it('ends a booking early and gives back the weeks after the new end', async () => {
    const id = await bookOne('2027-05-03', '2027-05-30');
    const end = `mutation($id: ID!, $end: LocalDate!) { endBookingEarly(id: $id, end: $end, reason: "Discovery done") { status end weeks { week } } }`;
    for (const a of [actors.otherLead, actors.otherRequester, actors.practitioner, homeRequester]) {
      expect(onlyError(await server.gql(end, { id, end: '2027-05-12' }, a.token)).extensions?.code, a.label).to.equal('FORBIDDEN');
    }
    const bad = onlyError(await server.gql(end, { id, end: '2027-06-30' }, actors.lead.token));
    expect(bad.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['end'] });
    const r = await server.gql(end, { id, end: '2027-05-12' }, actors.requester.token);
    expect(r.data!.endBookingEarly).to.deep.equal({ status: 'ENDED', end: '2027-05-12', weeks: [{ week: '2027-W18' }, { week: '2027-W19' }] });
    expect(onlyError(await server.gql(end, { id, end: '2027-05-05' }, actors.lead.token)).extensions?.code).to.equal('CONFLICT');
  });

  it("lets the home council recall its practitioner with the contract's notice", async () => {
    const id = await bookOne('2027-01-18', '2027-02-28');
    const recall = `mutation($id: ID!, $end: LocalDate!) { recallBooking(id: $id, end: $end, reason: "Needed for the budget") { status end } }`;
    for (const a of [actors.lead, actors.requester, actors.otherRequester, actors.practitioner]) {
      expect(onlyError(await server.gql(recall, { id, end: '2027-01-31' }, a.token)).extensions?.code, a.label).to.equal('FORBIDDEN');
    }
    // Four weeks' notice from 2026-11-25 is 2026-12-23: the booking starts later, so any end inside it will do.
    const r = await server.gql(recall, { id, end: '2027-01-31' }, homeRequester.token);
    expect(r.data!.recallBooking).to.deep.equal({ status: 'RECALLED', end: '2027-01-31' });
    const long = await bookOne('2027-01-04', '2027-06-27', 30);
    const e = onlyError(await server.gql(recall, { id: long, end: '2027-05-31' }, homeRequester.token));
    expect(e.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['end'] });
    expect(e.message).to.include('2027-06-23');
  });

  it('cancels a tentative booking and gives all its days back', async () => {
    const id = await bookOne('2027-06-07', '2027-06-20');
    expect(await CapacityClaim.countDocuments({ bookingId: id })).to.equal(4);
    const cancel = `mutation($id: ID!) { cancelBooking(id: $id, reason: "Project paused") { status } }`;
    for (const a of [actors.otherLead, actors.requester, homeRequester, actors.practitioner]) {
      expect(onlyError(await server.gql(cancel, { id }, a.token)).extensions?.code, a.label).to.equal('FORBIDDEN');
    }
    expect((await server.gql(cancel, { id }, actors.lead.token)).data!.cancelBooking.status).to.equal('CANCELLED');
    expect(await CapacityClaim.countDocuments({ bookingId: id })).to.equal(0);
    expect(onlyError(await server.gql(cancel, { id }, actors.lead.token)).extensions?.code).to.equal('CONFLICT');
  });

  it('shows each party only the bookings it may see', async () => {
    const q = `{ bookings(first: 200) { totalCount nodes { id practitioner { id } } } }`;
    const all = (await server.gql(q, {}, actors.lead.token)).data!.bookings.totalCount;
    expect(all).to.be.greaterThan(3);
    expect((await server.gql(q, {}, actors.admin.token)).data!.bookings.totalCount).to.equal(all);
    expect((await server.gql(q, {}, homeRequester.token)).data!.bookings.totalCount).to.equal(all); // every booked person is from Sunderland
    expect((await server.gql(q, {}, actors.otherLead.token)).data!.bookings.totalCount).to.equal(0);
    expect((await server.gql(q, {}, actors.otherRequester.token)).data!.bookings.totalCount).to.equal(0);
    expect((await server.gql(q, {}, actors.practitioner.token)).data!.bookings.totalCount).to.equal(0);
    const one = (await server.gql(q, {}, actors.lead.token)).data!.bookings.nodes[0].id;
    expect(onlyError(await server.gql(`{ booking(id: "${one}") { id } }`, {}, actors.otherRequester.token)).extensions?.code).to.equal('FORBIDDEN');
  });
});
