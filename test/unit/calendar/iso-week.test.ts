import { expect } from 'chai';
import {
  addDays,
  addWeeks,
  compareDates,
  compareWeeks,
  daysBetween,
  isoWeekKey,
  isValidIsoDate,
  isValidWeekKey,
  londonDateOf,
  weekDates,
  weekEnd,
  weeksBetween,
  weeksInWeekYear,
  weekStart,
} from '../../../server/calendar/iso-week.ts';

describe('calendar/iso-week', () => {
  describe('isValidIsoDate', () => {
    it('accepts real calendar dates, including 29 February in a leap year', () => {
      expect(isValidIsoDate('2026-04-03')).to.equal(true);
      expect(isValidIsoDate('2028-02-29')).to.equal(true);
    });

    it('refuses malformed and impossible dates', () => {
      for (const s of ['2026-4-3', '2026-02-29', '2026-13-01', '2026-04-31', '2026-04-03T00:00:00Z', '', ' 2026-04-03', '0000-01-01', '2100-02-29']) {
        expect(isValidIsoDate(s), s).to.equal(false);
      }
      expect(isValidIsoDate(20260403)).to.equal(false);
      expect(isValidIsoDate(null)).to.equal(false);
    });
  });

  describe('isoWeekKey', () => {
    it('keys a mid-year date', () => {
      expect(isoWeekKey('2026-04-03')).to.equal('2026-W14');
    });

    it('uses the ISO week-year across a year end, including week 53', () => {
      expect(isoWeekKey('2026-12-27')).to.equal('2026-W52');
      expect(isoWeekKey('2026-12-28')).to.equal('2026-W53');
      expect(isoWeekKey('2027-01-01')).to.equal('2026-W53');
      expect(isoWeekKey('2027-01-03')).to.equal('2026-W53');
      expect(isoWeekKey('2027-01-04')).to.equal('2027-W01');
    });

    it('puts late-December dates into week 1 of the next week-year', () => {
      // 2025-12-29 is a Monday whose Thursday is 2026-01-01.
      expect(isoWeekKey('2025-12-29')).to.equal('2026-W01');
      expect(isoWeekKey('2026-01-04')).to.equal('2026-W01');
    });

    it('throws a RangeError on a malformed date', () => {
      expect(() => isoWeekKey('2026-02-30')).to.throw(RangeError, /ISO calendar date/);
      expect(() => isoWeekKey('03/04/2026')).to.throw(RangeError);
    });
  });

  describe('isValidWeekKey and weeksInWeekYear', () => {
    it('knows which years have 53 ISO weeks', () => {
      expect(weeksInWeekYear(2026)).to.equal(53);
      expect(weeksInWeekYear(2025)).to.equal(52);
      expect(weeksInWeekYear(2027)).to.equal(52);
      expect(weeksInWeekYear(2020)).to.equal(53);
    });

    it('accepts W53 only in long years, and refuses malformed keys', () => {
      expect(isValidWeekKey('2026-W53')).to.equal(true);
      expect(isValidWeekKey('2027-W53')).to.equal(false);
      expect(isValidWeekKey('2026-W00')).to.equal(false);
      expect(isValidWeekKey('2026-W1')).to.equal(false);
      expect(isValidWeekKey('2026W01')).to.equal(false);
      expect(isValidWeekKey('2026-w01')).to.equal(false);
    });
  });

  describe('weekStart, weekEnd and weekDates', () => {
    it('gives Monday to Sunday for a week straddling a month end', () => {
      expect(weekStart('2026-W14')).to.equal('2026-03-30');
      expect(weekEnd('2026-W14')).to.equal('2026-04-05');
      expect(weekDates('2026-W14')).to.deep.equal([
        '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05',
      ]);
    });

    it('gives week 53 straddling the year end', () => {
      expect(weekDates('2026-W53')).to.deep.equal([
        '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03',
      ]);
      expect(weekStart('2027-W01')).to.equal('2027-01-04');
    });

    it('still has 7 distinct dates in the weeks the clocks change', () => {
      // BST starts Sunday 2026-03-29 (a 23-hour day) and ends Sunday 2026-10-25 (25 hours).
      expect(weekDates('2026-W13')).to.deep.equal([
        '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29',
      ]);
      expect(weekDates('2026-W43')).to.deep.equal([
        '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25',
      ]);
      expect(weekStart('2026-W14')).to.equal('2026-03-30');
      expect(weekStart('2026-W44')).to.equal('2026-10-26');
    });

    it('hands out a fresh array each time', () => {
      const dates = weekDates('2026-W14');
      dates[0] = 'changed';
      expect(weekDates('2026-W14')[0]).to.equal('2026-03-30');
    });

    it('throws a RangeError on a malformed or non-existent week key', () => {
      expect(() => weekStart('2027-W53')).to.throw(RangeError, /ISO week key/);
      expect(() => weekDates('2026-53')).to.throw(RangeError);
    });
  });

  describe('addDays and daysBetween', () => {
    it('steps by calendar date across the clock changes', () => {
      expect(addDays('2026-03-28', 1)).to.equal('2026-03-29');
      expect(addDays('2026-03-29', 1)).to.equal('2026-03-30');
      expect(addDays('2026-10-25', 1)).to.equal('2026-10-26');
      expect(addDays('2026-10-26', -2)).to.equal('2026-10-24');
      expect(daysBetween('2026-03-28', '2026-03-30')).to.equal(2);
      expect(daysBetween('2026-10-24', '2026-10-26')).to.equal(2);
    });

    it('steps across a month and a year end', () => {
      expect(addDays('2026-02-28', 1)).to.equal('2026-03-01');
      expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
      expect(daysBetween('2026-12-28', '2027-01-03')).to.equal(6);
      expect(daysBetween('2027-01-03', '2026-12-28')).to.equal(-6);
    });

    it('refuses a fractional step', () => {
      expect(() => addDays('2026-01-01', 0.5)).to.throw(RangeError, /integer/);
    });
  });

  describe('addWeeks', () => {
    it('moves through week 53 into the next week-year and back', () => {
      expect(addWeeks('2026-W52', 1)).to.equal('2026-W53');
      expect(addWeeks('2026-W53', 1)).to.equal('2027-W01');
      expect(addWeeks('2027-W01', -1)).to.equal('2026-W53');
      expect(addWeeks('2025-W52', 1)).to.equal('2026-W01');
      expect(addWeeks('2026-W10', 0)).to.equal('2026-W10');
    });

    it('throws on a bad key or a fractional step', () => {
      expect(() => addWeeks('2025-W53', 1)).to.throw(RangeError);
      expect(() => addWeeks('2026-W10', 1.5)).to.throw(RangeError, /integer/);
    });
  });

  describe('compareWeeks and compareDates', () => {
    it('orders week keys across year ends', () => {
      expect(compareWeeks('2026-W53', '2027-W01')).to.equal(-1);
      expect(compareWeeks('2027-W01', '2026-W53')).to.equal(1);
      expect(compareWeeks('2026-W09', '2026-W10')).to.equal(-1);
      expect(compareWeeks('2026-W10', '2026-W10')).to.equal(0);
      expect(['2027-W01', '2026-W09', '2026-W53'].sort(compareWeeks)).to.deep.equal(['2026-W09', '2026-W53', '2027-W01']);
    });

    it('orders dates', () => {
      expect(compareDates('2026-12-31', '2027-01-01')).to.equal(-1);
      expect(compareDates('2026-01-01', '2026-01-01')).to.equal(0);
    });

    it('throws on malformed input', () => {
      expect(() => compareWeeks('2026-W10', 'W10')).to.throw(RangeError, /second week/);
      expect(() => compareDates('2026-1-1', '2026-01-01')).to.throw(RangeError, /first date/);
    });
  });

  describe('weeksBetween', () => {
    it('lists every week the inclusive range touches, including part weeks', () => {
      // Sunday to Monday touches two weeks.
      expect(weeksBetween('2026-03-29', '2026-03-30')).to.deep.equal(['2026-W13', '2026-W14']);
      expect(weeksBetween('2026-04-01', '2026-04-01')).to.deep.equal(['2026-W14']);
    });

    it('crosses a year end through week 53', () => {
      expect(weeksBetween('2026-12-20', '2027-01-10')).to.deep.equal(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
    });

    it('crosses a year end where week 1 starts in December', () => {
      expect(weeksBetween('2025-12-22', '2026-01-05')).to.deep.equal(['2025-W52', '2026-W01', '2026-W02']);
    });

    it('throws when to is before from, or a date is malformed', () => {
      expect(() => weeksBetween('2026-05-02', '2026-05-01')).to.throw(RangeError, /before/);
      expect(() => weeksBetween('2026-05-01', 'soon')).to.throw(RangeError, /to must be/);
    });
  });

  describe('londonDateOf', () => {
    it('reads the London date of a UTC instant in winter (GMT)', () => {
      expect(londonDateOf('2026-01-15T23:30:00Z')).to.equal('2026-01-15');
      expect(londonDateOf(new Date('2026-01-15T23:30:00Z'))).to.equal('2026-01-15');
    });

    it('reads the London date of a UTC instant in summer (BST is UTC+1)', () => {
      expect(londonDateOf('2026-06-30T23:30:00Z')).to.equal('2026-07-01');
      expect(londonDateOf(new Date('2026-06-30T22:59:59.999Z'))).to.equal('2026-06-30');
    });

    it('handles the clock change nights', () => {
      // Clocks go forward at 01:00 UTC on 2026-03-29.
      expect(londonDateOf('2026-03-28T23:30:00Z')).to.equal('2026-03-28');
      expect(londonDateOf('2026-03-29T23:30:00Z')).to.equal('2026-03-30');
      // Clocks go back at 01:00 UTC on 2026-10-25.
      expect(londonDateOf('2026-10-24T23:30:00Z')).to.equal('2026-10-25');
      expect(londonDateOf('2026-10-25T23:30:00Z')).to.equal('2026-10-25');
    });

    it('honours an explicit offset', () => {
      expect(londonDateOf('2026-01-16T00:30:00+02:00')).to.equal('2026-01-15');
    });

    it('throws on an instant without an offset, a bare date, or an invalid Date', () => {
      expect(() => londonDateOf('2026-01-15T12:00:00')).to.throw(RangeError, /offset/);
      expect(() => londonDateOf('2026-01-15')).to.throw(RangeError);
      expect(() => londonDateOf(new Date('nonsense'))).to.throw(RangeError, /invalid Date/);
      expect(() => londonDateOf('2026-02-30T12:00:00Z')).to.throw(RangeError);
    });
  });
});
