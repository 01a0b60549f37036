// One rule for what a day of placement is (server/calendar/placement-days.ts):
// a booking over Easter 2027 counts the same days in the ledger, the
// practitioner's capacity, their calendar feed and the agreement document,
// with Easter Monday (a bank holiday on an agreed weekday) left out of all four.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { BOOK, GATESHEAD, NEWCASTLE, TERMS, approveAllAsAdmin, seedScene, type Scene } from '../support/agreements.ts';

const SOUTH_TYNESIDE = 'E08000023'; // in north-east-ca; lends nobody else in this suite
const EASTER_MONDAY = '2027-03-29';

describe('days of placement: ledger, capacity, feed and agreement agree', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;
  let practitionerId: string;
  let bookingId: string;
  let agreementId: string;
  let self: { token: string };

  before(async () => {
    server = await startTestServer({ label: 'placement-days', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    // Works Mondays and Tuesdays; the pool may call on both. Booked for both over 2027-W12 and W13 (Easter Monday in W13).
    const p = await seedPractitioner({ homeCouncilId: SOUTH_TYNESIDE, workingPattern: { monday: 1, tuesday: 1, wednesday: 0, thursday: 0, friday: 0 } });
    practitionerId = p.id;
    await seedContract({ practitionerId, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31', recallNoticeWeeks: 6 });
    self = await userToken(server, 'PRACTITIONER', { practitionerId });
    const r = await server.gql(BOOK, {
      i: { practitionerId, projectId: s.projectId, slotId: s.slotId, start: '2027-03-22', end: '2027-04-04', daysPerWeek: 2, terms: { ...TERMS, weekdays: ['MON', 'TUE'], reviewDate: '2027-03-22' } },
    }, s.lead.token);
    expect(r.errors).to.equal(undefined);
    bookingId = r.data!.bookPractitioner.id;
    agreementId = r.data!.bookPractitioner.agreement.id;
    await approveAllAsAdmin(s, { bookingId, agreementId, practitionerId, self: { label: 'practitioner', ...self } }, [NEWCASTLE, GATESHEAD]);
  });
  after(() => server?.stop());

  it('counts 3 days (Mon 22, Tue 23, Tue 30 March), not Easter Monday, everywhere', async () => {
    // The ledger: days given by the home council, received by the two hosts.
    const ledger = await server.gql(
      `query($c: ID!) { councilLedger(councilId: $c, from: "2027-03-01", to: "2027-04-30") { balance { daysGiven chargesReceivedPence backfillReceivedPence } } }`,
      { c: SOUTH_TYNESIDE },
      s.admin.token,
    );
    expect(ledger.errors).to.equal(undefined);
    expect(ledger.data!.councilLedger.balance).to.deep.equal({ daysGiven: 3, chargesReceivedPence: 3 * TERMS.dayRatePence, backfillReceivedPence: 3 * TERMS.backfillPerDayPence });
    const pool = await server.gql(`{ poolLedger(poolId: "north-east-ca", from: "2027-03-01", to: "2027-04-30") { totals { daysGiven daysReceived } } }`, {}, s.admin.token);
    expect(pool.data!.poolLedger.totals).to.deep.equal({ daysGiven: 3, daysReceived: 3 });

    // Capacity: the same days booked, the bank holiday shown as such.
    const cap = await server.gql(
      `query($id: ID!) { practitioner(id: $id) { capacity(poolId: "north-east-ca", from: "2027-03-22", to: "2027-04-04") { week bankHolidayDays capacityDays bookedDays overBy } } }`,
      { id: practitionerId },
      s.admin.token,
    );
    expect(cap.errors).to.equal(undefined);
    expect(cap.data!.practitioner.capacity).to.deep.equal([
      { week: '2027-W12', bankHolidayDays: 0, capacityDays: 2, bookedDays: 2, overBy: 0 },
      { week: '2027-W13', bankHolidayDays: 1, capacityDays: 1, bookedDays: 1, overBy: 0 },
    ]);
    const booked = cap.data!.practitioner.capacity.reduce((n: number, w: { bookedDays: number }) => n + w.bookedDays, 0);
    expect(booked).to.equal(ledger.data!.councilLedger.balance.daysGiven);

    // The calendar feed: one event per day of placement.
    const feed = await server.gql(`mutation { createCalendarFeed { url } }`, {}, self.token);
    const ics = await (await fetch(`${server.url}${feed.data!.createCalendarFeed.url as string}`)).text();
    const dates = [...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
    expect(dates).to.deep.equal(['20270322', '20270323', '20270330']);
    expect(ics).to.include(`UID:${bookingId}-2027-03-30@talent-pool`);
    expect(ics).not.to.include(`${bookingId}-${EASTER_MONDAY}`);

    // The agreement document says the same.
    const md = await (await fetch(`${server.url}/agreements/${agreementId}/document.md`, { headers: { authorization: `Bearer ${s.lead.token!}` } })).text();
    expect(md).to.include(`| Days of placement | 3 (bank holidays not worked: ${EASTER_MONDAY}) |`);
    const doc = await server.gql(`query($id: ID!) { agreement(id: $id) { document(format: MARKDOWN) } }`, { id: agreementId }, self.token);
    expect(doc.data!.agreement.document).to.include('| Days of placement | 3 (bank holidays not worked: 2027-03-29) |');
  });
});
