// Leave (or a working-pattern change) over a booked week is kept, never
// refused, and the booking is shown at risk to everyone concerned
// (server/services/booking-risk.ts): the practitioner when they add it, the
// lead and the host councils on the booking and in their queue, the
// capacity view saying why the week is overbooked, the calendar feed
// marking the day. Over HTTP, as each of them.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { bookActive, seedScene, type Placement, type Scene } from '../support/agreements.ts';

const ADD_LEAVE = `mutation($p: ID!, $i: LeaveInput!) {
  addLeave(practitionerId: $p, input: $i) { leave { id } bookingsAtRisk { id daysAtRisk { date reason days } } }
}`;
const BOOKING_RISK = `query($id: ID!) { booking(id: $id) { daysAtRisk { date reason days } } }`;
const QUEUE = `{ awaitingMyDecision { bookingsAtRisk { id } counts { bookingsAtRisk total } } }`;

describe('bookings at risk from leave and working-pattern changes', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;
  let p: Placement;

  before(async () => {
    server = await startTestServer({ label: 'bookings-at-risk', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    // Tuesdays and Wednesdays, 2 days a week, 1 to 28 March 2027; every party approves.
    p = await bookActive(s);
  });
  after(() => server?.stop());

  it('keeps leave over booked days and tells the practitioner which bookings it puts at risk', async () => {
    const before = await server.gql(BOOKING_RISK, { id: p.bookingId }, s.lead.token);
    expect(before.data!.booking.daysAtRisk).to.deep.equal([]);

    const elsewhere = await server.gql(ADD_LEAVE, { p: p.practitionerId, i: { start: '2027-05-03', end: '2027-05-07' } }, p.self.token);
    expect(elsewhere.errors).to.equal(undefined);
    expect(elsewhere.data!.addLeave.bookingsAtRisk).to.deep.equal([]);

    const r = await server.gql(ADD_LEAVE, { p: p.practitionerId, i: { start: '2027-03-08', end: '2027-03-12', note: 'Half term' } }, p.self.token);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.addLeave.bookingsAtRisk).to.deep.equal([
      {
        id: p.bookingId,
        daysAtRisk: [
          { date: '2027-03-09', reason: 'LEAVE', days: 1 },
          { date: '2027-03-10', reason: 'LEAVE', days: 1 },
        ],
      },
    ]);
  });

  it('says why the week is overbooked in the capacity view', async () => {
    const cap = await server.gql(
      `query($id: ID!) { practitioner(id: $id) { capacity(poolId: "north-east-ca", from: "2027-03-01", to: "2027-03-14") { week leaveDays capacityDays bookedDays overBy overByReason } } }`,
      { id: p.practitionerId },
      s.lead.token,
    );
    expect(cap.errors).to.equal(undefined);
    const [w09, w10] = cap.data!.practitioner.capacity;
    expect(w09).to.include({ week: '2027-W09', overBy: 0, overByReason: null });
    expect(w10).to.include({ week: '2027-W10', capacityDays: 0, bookedDays: 2, overBy: 2 });
    expect(w10.overByReason).to.equal('2 days booked but 0 days can be worked: leave takes 5 days of it, changed after the days were booked. The bookings that week are at risk.');
  });

  it('shows the lead and the home council why, and a host council only that the days will not be worked', async () => {
    const expected = [
      { date: '2027-03-09', days: 1 },
      { date: '2027-03-10', days: 1 },
    ];
    for (const who of [s.lead, s.homeRequester, p.self]) {
      const r = await server.gql(BOOKING_RISK, { id: p.bookingId }, who.token);
      expect(r.errors, who.label).to.equal(undefined);
      expect(r.data!.booking.daysAtRisk, who.label).to.deep.equal(expected.map((d) => ({ ...d, reason: 'LEAVE' })));
    }
    for (const host of [s.requester, s.consortiumRequester]) {
      const r = await server.gql(BOOKING_RISK, { id: p.bookingId }, host.token);
      expect(r.errors, host.label).to.equal(undefined);
      expect(r.data!.booking.daysAtRisk, host.label).to.deep.equal(expected.map((d) => ({ ...d, reason: 'UNAVAILABLE' })));
    }
  });

  it('puts the booking in the queue of the lead, the host and home councils and the practitioner, and nobody else', async () => {
    for (const who of [s.lead, s.requester, s.consortiumRequester, s.homeRequester, p.self, s.admin]) {
      const r = await server.gql(QUEUE, {}, who.token);
      expect(r.errors, who.label).to.equal(undefined);
      expect(r.data!.awaitingMyDecision.bookingsAtRisk, who.label).to.deep.equal([{ id: p.bookingId }]);
      expect(r.data!.awaitingMyDecision.counts.bookingsAtRisk, who.label).to.equal(1);
    }
    const other = await bookActive(s, { start: '2027-04-05', end: '2027-04-25' });
    const r = await server.gql(QUEUE, {}, other.self.token);
    expect(r.data!.awaitingMyDecision.counts.bookingsAtRisk).to.equal(0);
  });

  it('marks the days at risk in the practitioner’s calendar feed', async () => {
    const feed = await server.gql(`mutation { createCalendarFeed { url } }`, {}, p.self.token);
    const ics = (await (await fetch(`${server.url}${feed.data!.createCalendarFeed.url as string}`)).text()).replace(/\r\n /g, '');
    const summaries = [...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})[\s\S]*?SUMMARY:([^\r\n]*)/g)].map((m) => [m[1], m[2]!.startsWith('At risk: ')]);
    expect(summaries.filter(([, risk]) => risk).map(([d]) => d)).to.deep.equal(['20270309', '20270310']);
    expect(summaries.length).to.equal(8);
    expect(ics).to.include('At risk: on leave this day.');
  });

  it('clears when the leave is removed, and marks a weekday the working pattern drops', async () => {
    const leave = await server.gql(`query($id: ID!) { practitioner(id: $id) { leave { id start } } }`, { id: p.practitionerId }, p.self.token);
    const march = leave.data!.practitioner.leave.find((l: { start: string }) => l.start === '2027-03-08');
    const removed = await server.gql(`mutation($p: ID!, $l: ID!) { removeLeave(practitionerId: $p, leaveId: $l) { bookingsAtRisk { id } } }`, { p: p.practitionerId, l: march.id }, p.self.token);
    expect(removed.errors).to.equal(undefined);
    expect(removed.data!.removeLeave.bookingsAtRisk).to.deep.equal([]);

    // Wednesdays off from now on: every agreed Wednesday of the placement is at risk.
    const noWednesdays = { monday: 1, tuesday: 1, wednesday: 0, thursday: 1, friday: 1 };
    const r = await server.gql(
      `mutation($id: ID!, $i: UpdatePractitionerInput!) { updatePractitioner(id: $id, input: $i) { bookingsAtRisk { id daysAtRisk { date reason } } } }`,
      { id: p.practitionerId, i: { workingPattern: noWednesdays } },
      p.self.token,
    );
    expect(r.errors).to.equal(undefined);
    expect(r.data!.updatePractitioner.bookingsAtRisk).to.deep.equal([
      {
        id: p.bookingId,
        daysAtRisk: ['2027-03-03', '2027-03-10', '2027-03-17', '2027-03-24'].map((date) => ({ date, reason: 'WORKING_PATTERN' })),
      },
    ]);
    // A host council may not read the person's list (their pattern is not theirs to read), only the booking's days.
    const host = await server.gql(`query($id: ID!) { booking(id: $id) { practitioner { bookingsAtRisk { id } } } }`, { id: p.bookingId }, s.requester.token);
    expect(host.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
  });
});
