import { expect } from 'chai';
import { bankHolidaysLeftOut, placementDates, placementDays, weekdayOf } from '../../../server/calendar/placement-days.ts';
import { placementDays as ledgerPlacementDays, ledger, type Placement } from '../../../server/ledger/ledger.ts';

// Easter 2027: Good Friday 26 March, Easter Monday 29 March (2027-W13).
const EASTER_2027 = ['2027-03-26', '2027-03-29'];

describe('days of placement', () => {
  const mondayTuesday = { start: '2027-03-22', end: '2027-04-04', daysPerWeek: 2, weekdays: ['MON', 'TUE'] }; // W12 and W13

  it('knows the weekday of a date', () => {
    expect(weekdayOf('2027-03-29')).to.equal('MON');
    expect(weekdayOf('2027-03-26')).to.equal('FRI');
    expect(weekdayOf('2027-04-04')).to.equal('SUN');
  });

  it('are the agreed weekdays inside the placement, bank holidays left out', () => {
    expect(placementDates(mondayTuesday, EASTER_2027).map((d) => d.date)).to.deep.equal(['2027-03-22', '2027-03-23', '2027-03-30']);
    expect(placementDays(mondayTuesday, EASTER_2027)).to.equal(3);
    // Without the bank holidays, Easter Monday would count.
    expect(placementDays(mondayTuesday, [])).to.equal(4);
    expect(bankHolidaysLeftOut(mondayTuesday, EASTER_2027)).to.deep.equal(['2027-03-29']);
  });

  it('leave a bank holiday on a weekday that is not agreed out of the count, and out of the list', () => {
    const tueWed = { ...mondayTuesday, weekdays: ['TUE', 'WED'] };
    expect(placementDays(tueWed, EASTER_2027)).to.equal(4);
    expect(bankHolidaysLeftOut(tueWed, EASTER_2027)).to.deep.equal([]);
  });

  it('carry the days per week spread evenly over the agreed weekdays', () => {
    const halfDays = { start: '2027-03-29', end: '2027-04-04', daysPerWeek: 2.5, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] };
    expect(placementDates(halfDays, EASTER_2027).map((d) => d.days)).to.deep.equal([0.5, 0.5, 0.5, 0.5]);
    expect(placementDays(halfDays, EASTER_2027)).to.equal(2);
  });

  it('inside a period: adjacent periods split a week without counting a day twice', () => {
    const before = placementDays(mondayTuesday, EASTER_2027, { start: '2027-01-01', end: '2027-03-29' });
    const after = placementDays(mondayTuesday, EASTER_2027, { start: '2027-03-30', end: '2027-12-31' });
    expect([before, after]).to.deep.equal([2, 1]);
    expect(placementDays(mondayTuesday, EASTER_2027, { start: '2027-05-01', end: '2027-05-31' })).to.equal(0);
  });

  it('are what the ledger counts', () => {
    const p: Placement = {
      id: 'b1', homeCouncilId: 'E08000021', hostCouncilIds: ['E08000037'], ...mondayTuesday, weekdays: ['MON', 'TUE'],
      dayRatePence: 10_000, payer: 'HOST_COUNCIL', backfillPerDayPence: 0,
    };
    const period = { start: '2027-03-01', end: '2027-04-30' };
    expect(ledgerPlacementDays(p, period, EASTER_2027)).to.equal(3);
    const [home, host] = ledger([p], period, undefined, EASTER_2027);
    expect(home).to.include({ councilId: 'E08000021', daysGiven: 3, chargesReceivedPence: 30_000 });
    expect(host).to.include({ councilId: 'E08000037', daysReceived: 3, chargesPaidPence: 30_000 });
  });
});
