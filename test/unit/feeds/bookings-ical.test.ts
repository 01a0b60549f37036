import { expect } from 'chai';
import { bookingsCalendar, type FeedBooking } from '../../../server/feeds/bookings-ical.ts';

const booking: FeedBooking = {
  id: 'b1',
  status: 'CONFIRMED',
  practitionerName: 'Ada Lovelace',
  projectTitle: 'Housing repairs online',
  roleLevelName: 'Senior user researcher',
  hostCouncilNames: ['Gateshead'],
  start: '2026-12-21',
  end: '2027-01-03',
  weekdays: ['MON', 'FRI'],
  daysPerWeek: 2,
};

describe('bookings iCalendar feed', () => {
  it('has one all-day event per agreed working day, leaving out bank holidays', () => {
    const ics = bookingsCalendar('Ada', [booking], ['2026-12-25', '2026-12-28', '2027-01-01'], new Date('2026-11-25T12:00:00Z'));
    expect(ics).to.match(/^BEGIN:VCALENDAR/);
    const starts = [...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
    // Mon 21, Fri 25 (Christmas: out), Mon 28 (Boxing Day substitute: out), Fri 1 Jan (out).
    expect(starts).to.deep.equal(['20261221']);
    expect(ics).to.include('SUMMARY:Housing repairs online (Senior user researcher)');
    expect(ics).to.include('UID:b1-2026-12-21@talent-pool');
  });

  it('marks tentative bookings', () => {
    const ics = bookingsCalendar('Ada', [{ ...booking, status: 'TENTATIVE', start: '2027-01-04', end: '2027-01-10' }], [], new Date('2026-11-25T12:00:00Z'));
    expect([...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1])).to.deep.equal(['20270104', '20270108']);
    expect(ics).to.include('[tentative]');
  });
});
