import { expect } from 'chai';
import { placementDaysAtRisk } from '../../../server/bookings/placement-risk.ts';
import type { WorkingPattern } from '../../../server/calendar/capacity.ts';

const FULL_WEEK: WorkingPattern = [2, 2, 2, 2, 2, 0, 0];
// Tuesdays and Wednesdays, 2 days a week, over March 2027.
const placement = { start: '2027-03-01', end: '2027-03-31', daysPerWeek: 2, weekdays: ['TUE', 'WED'] };

describe('placement days at risk (server/bookings/placement-risk.ts)', () => {
  it('finds none when the person works every agreed day', () => {
    expect(placementDaysAtRisk(placement, { pattern: FULL_WEEK, leave: [] }, [])).to.deep.equal([]);
  });

  it('marks each agreed day inside leave, and only those', () => {
    const leave = [{ start: '2027-03-08', end: '2027-03-12' }];
    expect(placementDaysAtRisk(placement, { pattern: FULL_WEEK, leave }, [])).to.deep.equal([
      { date: '2027-03-09', reason: 'LEAVE', days: 1 },
      { date: '2027-03-10', reason: 'LEAVE', days: 1 },
    ]);
  });

  it('counts half a day of leave as half a day short, and nothing when the placement needs only half that day', () => {
    const leave = [{ start: '2027-03-02', end: '2027-03-02', halfDay: true }];
    expect(placementDaysAtRisk(placement, { pattern: FULL_WEEK, leave }, [])).to.deep.equal([{ date: '2027-03-02', reason: 'LEAVE', days: 0.5 }]);
    const halves = { ...placement, daysPerWeek: 1 }; // half a day on each of TUE and WED
    expect(placementDaysAtRisk(halves, { pattern: FULL_WEEK, leave }, [])).to.deep.equal([]);
  });

  it('marks an agreed weekday the working pattern no longer has', () => {
    const noWednesdays: WorkingPattern = [2, 2, 0, 2, 2, 0, 0];
    const risk = placementDaysAtRisk(placement, { pattern: noWednesdays, leave: [] }, []);
    expect(risk.map((r) => r.date)).to.deep.equal(['2027-03-03', '2027-03-10', '2027-03-17', '2027-03-24', '2027-03-31']);
    expect(risk.every((r) => r.reason === 'WORKING_PATTERN' && r.days === 1)).to.equal(true);
  });

  it('leaves out bank holidays (no day of placement) and keeps to the period asked for', () => {
    const leave = [{ start: '2027-03-01', end: '2027-03-31' }];
    const risk = placementDaysAtRisk(placement, { pattern: FULL_WEEK, leave }, ['2027-03-02'], { start: '2027-03-01', end: '2027-03-09' });
    expect(risk.map((r) => r.date)).to.deep.equal(['2027-03-03', '2027-03-09']);
  });
});
