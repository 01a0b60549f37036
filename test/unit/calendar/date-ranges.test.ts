import { expect } from 'chai';
import { contains, daysIn, intersect, normalise, overlaps, subtract } from '../../../server/calendar/date-ranges.ts';

const r = (start: string, end: string) => ({ start, end });

describe('calendar/date-ranges', () => {
  describe('normalise', () => {
    it('sorts and merges overlapping ranges', () => {
      expect(normalise([r('2026-03-10', '2026-03-20'), r('2026-03-01', '2026-03-12')])).to.deep.equal([
        r('2026-03-01', '2026-03-20'),
      ]);
    });

    it('merges adjacent ranges (inclusive dates touch across a month end)', () => {
      expect(normalise([r('2026-04-01', '2026-04-05'), r('2026-03-25', '2026-03-31')])).to.deep.equal([
        r('2026-03-25', '2026-04-05'),
      ]);
    });

    it('keeps ranges with a gap apart, and swallows contained ones', () => {
      expect(
        normalise([r('2026-12-28', '2027-01-03'), r('2026-12-01', '2026-12-26'), r('2026-12-05', '2026-12-06')]),
      ).to.deep.equal([r('2026-12-01', '2026-12-26'), r('2026-12-28', '2027-01-03')]);
    });

    it('returns new objects and leaves the input alone', () => {
      const input = [r('2026-01-02', '2026-01-03'), r('2026-01-01', '2026-01-01')];
      const out = normalise(input);
      expect(out).to.deep.equal([r('2026-01-01', '2026-01-03')]);
      expect(input).to.deep.equal([r('2026-01-02', '2026-01-03'), r('2026-01-01', '2026-01-01')]);
      expect(normalise([])).to.deep.equal([]);
    });

    it('throws on a range that ends before it starts, or a malformed date', () => {
      expect(() => normalise([r('2026-01-02', '2026-01-01')])).to.throw(RangeError, /ranges\[0\]\.end/);
      expect(() => normalise([r('2026-01-01', '2026-1-2')])).to.throw(RangeError, /ranges\[0\]\.end/);
    });
  });

  describe('overlaps', () => {
    it('is true when the ranges share a date, including a single boundary date', () => {
      expect(overlaps(r('2026-01-01', '2026-01-10'), r('2026-01-10', '2026-01-20'))).to.equal(true);
      expect(overlaps(r('2026-01-05', '2026-01-06'), r('2026-01-01', '2026-01-31'))).to.equal(true);
    });

    it('is false for adjacent or separate ranges', () => {
      expect(overlaps(r('2026-01-01', '2026-01-09'), r('2026-01-10', '2026-01-20'))).to.equal(false);
      expect(overlaps(r('2026-02-01', '2026-02-02'), r('2026-01-01', '2026-01-02'))).to.equal(false);
    });

    it('throws on an inverted range', () => {
      expect(() => overlaps(r('2026-01-02', '2026-01-01'), r('2026-01-01', '2026-01-01'))).to.throw(RangeError);
    });
  });

  describe('intersect', () => {
    it('returns the shared dates', () => {
      expect(intersect(r('2026-12-20', '2027-01-02'), r('2026-12-28', '2027-01-10'))).to.deep.equal(
        r('2026-12-28', '2027-01-02'),
      );
      expect(intersect(r('2026-01-01', '2026-01-31'), r('2026-01-31', '2026-02-28'))).to.deep.equal(
        r('2026-01-31', '2026-01-31'),
      );
    });

    it('returns null when nothing is shared', () => {
      expect(intersect(r('2026-01-01', '2026-01-30'), r('2026-01-31', '2026-02-28'))).to.equal(null);
    });
  });

  describe('subtract', () => {
    it('cuts a hole in the middle', () => {
      expect(subtract(r('2026-06-01', '2026-06-30'), [r('2026-06-10', '2026-06-12')])).to.deep.equal([
        r('2026-06-01', '2026-06-09'),
        r('2026-06-13', '2026-06-30'),
      ]);
    });

    it('trims either end and ignores ranges outside', () => {
      expect(
        subtract(r('2026-06-01', '2026-06-30'), [
          r('2026-07-05', '2026-07-06'),
          r('2026-05-20', '2026-06-03'),
          r('2026-06-25', '2026-07-02'),
        ]),
      ).to.deep.equal([r('2026-06-04', '2026-06-24')]);
    });

    it('handles unsorted, overlapping subtrahends across a year end', () => {
      expect(
        subtract(r('2026-12-21', '2027-01-10'), [r('2027-01-01', '2027-01-01'), r('2026-12-25', '2026-12-28'), r('2026-12-27', '2026-12-29')]),
      ).to.deep.equal([r('2026-12-21', '2026-12-24'), r('2026-12-30', '2026-12-31'), r('2027-01-02', '2027-01-10')]);
    });

    it('returns nothing when fully covered and the whole range when nothing is taken', () => {
      expect(subtract(r('2026-06-01', '2026-06-30'), [r('2026-05-01', '2026-07-01')])).to.deep.equal([]);
      expect(subtract(r('2026-06-01', '2026-06-30'), [])).to.deep.equal([r('2026-06-01', '2026-06-30')]);
    });

    it('throws on an inverted range', () => {
      expect(() => subtract(r('2026-06-30', '2026-06-01'), [])).to.throw(RangeError, /a\.end/);
    });
  });

  describe('contains', () => {
    it('includes both ends', () => {
      const range = r('2026-03-30', '2026-04-05');
      expect(contains(range, '2026-03-30')).to.equal(true);
      expect(contains(range, '2026-04-05')).to.equal(true);
      expect(contains(range, '2026-04-01')).to.equal(true);
      expect(contains(range, '2026-03-29')).to.equal(false);
      expect(contains(range, '2026-04-06')).to.equal(false);
    });

    it('throws on a malformed date', () => {
      expect(() => contains(r('2026-03-30', '2026-04-05'), '2026-4-1')).to.throw(RangeError);
    });
  });

  describe('daysIn', () => {
    it('lists every date, across a month end', () => {
      expect(daysIn(r('2026-02-27', '2026-03-02'))).to.deep.equal(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    });

    it('lists each date once across the clock changes', () => {
      expect(daysIn(r('2026-03-28', '2026-03-30'))).to.deep.equal(['2026-03-28', '2026-03-29', '2026-03-30']);
      expect(daysIn(r('2026-10-24', '2026-10-26'))).to.deep.equal(['2026-10-24', '2026-10-25', '2026-10-26']);
    });

    it('gives one date for a one-day range', () => {
      expect(daysIn(r('2026-12-31', '2026-12-31'))).to.deep.equal(['2026-12-31']);
    });
  });
});
