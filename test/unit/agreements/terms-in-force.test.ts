import { expect } from 'chai';
import { approvedChain, segmentsInForce, segmentsOf, weeklyUnits, type DatedVersion } from '../../../server/agreements/terms-in-force.ts';

type T = { start: string; end: string; daysPerWeek: number };
const v = (version: number, status: DatedVersion<T>['status'], effectiveFrom: string, end: string, daysPerWeek: number): DatedVersion<T> => ({
  version,
  status,
  effectiveFrom,
  terms: { start: '2027-03-03', end, daysPerWeek }, // a Wednesday start
});

describe('terms in force', () => {
  it('one approved version governs the whole placement', () => {
    expect(segmentsInForce([v(1, 'APPROVED', '2027-03-03', '2027-03-28', 2)])).to.deep.equal([{ version: 1, start: '2027-03-03', end: '2027-03-28', terms: v(1, 'APPROVED', '', '2027-03-28', 2).terms }]);
    expect(segmentsInForce([v(1, 'AWAITING_APPROVALS', '2027-03-03', '2027-03-28', 2)])).to.deep.equal([]);
  });

  it('an amendment governs from its Monday; the weeks before keep the old terms; the last end wins', () => {
    const s = segmentsInForce([v(1, 'SUPERSEDED', '2027-03-03', '2027-03-28', 1), v(2, 'DECLINED', '2027-03-08', '2027-05-30', 2), v(3, 'APPROVED', '2027-03-15', '2027-04-11', 2)]);
    expect(s.map((x) => [x.version, x.start, x.end, x.terms.daysPerWeek])).to.deep.equal([
      [1, '2027-03-03', '2027-03-14', 1],
      [3, '2027-03-15', '2027-04-11', 2],
    ]);
  });

  it("ends at the booking's end when it was ended early or recalled", () => {
    const s = segmentsInForce([v(1, 'SUPERSEDED', '2027-03-03', '2027-03-28', 1), v(2, 'APPROVED', '2027-03-15', '2027-04-11', 2)], '2027-03-10');
    expect(s.map((x) => [x.version, x.start, x.end])).to.deep.equal([[1, '2027-03-03', '2027-03-10']]);
  });

  it('a later amendment that applies sooner cuts short an earlier one, which may then govern nothing', () => {
    const s = segmentsOf([v(1, 'APPROVED', '2027-03-03', '2027-06-27', 1), v(2, 'APPROVED', '2027-05-03', '2027-06-27', 2), v(3, 'APPROVED', '2027-03-22', '2027-06-27', 1.5)]);
    expect(s.map((x) => [x.version, x.start, x.end])).to.deep.equal([
      [1, '2027-03-03', '2027-03-21'],
      [3, '2027-03-22', '2027-06-27'],
    ]);
  });

  it('an amendment made before the start governs from the start', () => {
    const s = segmentsOf([v(1, 'APPROVED', '2027-03-03', '2027-03-28', 1), v(2, 'APPROVED', '2027-03-01', '2027-03-28', 2)]);
    expect(s.map((x) => [x.version, x.start, x.end])).to.deep.equal([[2, '2027-03-03', '2027-03-28']]);
  });

  it('wants each ISO week its segment\'s days, as half-day units', () => {
    const s = segmentsOf([v(1, 'APPROVED', '2027-03-03', '2027-03-28', 1), v(2, 'APPROVED', '2027-03-15', '2027-04-04', 2.5)]);
    expect([...weeklyUnits(s)]).to.deep.equal([
      ['2027-W09', 2],
      ['2027-W10', 2],
      ['2027-W11', 5],
      ['2027-W12', 5],
      ['2027-W13', 5],
    ]);
    expect(approvedChain([v(2, 'APPROVED', '', '', 1), v(1, 'SUPERSEDED', '', '', 1), v(3, 'WITHDRAWN', '', '', 1)]).map((x) => x.version)).to.deep.equal([1, 2]);
  });
});
