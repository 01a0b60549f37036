import { expect } from 'chai';
import { ledger, placementDays, shareEqually, totals, type Placement } from '../../../server/ledger/ledger.ts';

const base: Placement = {
  id: 'b1',
  homeCouncilId: 'E08000021', // Newcastle lends
  hostCouncilIds: ['E08000037'], // Gateshead hosts
  start: '2027-01-04', // Monday, 2027-W01
  end: '2027-01-31', // Sunday, 2027-W04
  daysPerWeek: 2,
  weekdays: ['TUE', 'WED'],
  dayRatePence: 45_000,
  payer: 'HOST_COUNCIL',
  backfillPerDayPence: 10_000,
};

describe('ledger', () => {
  it('counts the agreed weekdays inside both the placement and the period', () => {
    expect(placementDays(base, { start: '2027-01-01', end: '2027-12-31' })).to.equal(8);
    // A period ending on a Tuesday takes that week's Tuesday only.
    expect(placementDays(base, { start: '2027-01-01', end: '2027-01-12' })).to.equal(3);
    // Adjacent periods split the week without double counting.
    expect(placementDays(base, { start: '2027-01-13', end: '2027-12-31' })).to.equal(5);
    expect(placementDays(base, { start: '2027-02-01', end: '2027-02-28' })).to.equal(0);
  });

  it('spreads 2.5 days over five weekdays as half days', () => {
    expect(placementDays({ ...base, daysPerWeek: 2.5, weekdays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] }, { start: '2027-01-04', end: '2027-01-06' })).to.equal(1.5);
  });

  it('gives the home council credit and charges the host, with backfill', () => {
    const rows = ledger([base], { start: '2027-01-01', end: '2027-03-31' });
    expect(rows).to.deep.equal([
      { councilId: 'E08000021', daysGiven: 8, daysReceived: 0, net: 8, chargesPaidPence: 0, chargesReceivedPence: 360_000, backfillReceivedPence: 80_000 },
      { councilId: 'E08000037', daysGiven: 0, daysReceived: 8, net: -8, chargesPaidPence: 360_000, chargesReceivedPence: 0, backfillReceivedPence: 0 },
    ]);
  });

  it('shares a consortium project between its host councils, and lists asked-for councils with nothing', () => {
    const rows = ledger([{ ...base, hostCouncilIds: ['E08000037', 'E08000024'] }], { start: '2027-01-01', end: '2027-03-31' }, ['E08000024', 'E08000037', 'E06000001']);
    expect(rows.map((r) => [r.councilId, r.daysReceived, r.chargesPaidPence])).to.deep.equal([
      ['E06000001', 0, 0],
      ['E08000024', 4, 180_000],
      ['E08000037', 4, 180_000],
    ]);
  });

  it('splits days and charges between three hosts so the shares add up to what the home council gave', () => {
    expect(shareEqually(100, 3)).to.deep.equal([34, 33, 33]);
    expect(shareEqually(0, 2)).to.deep.equal([0, 0]);
    const rows = ledger([{ ...base, hostCouncilIds: ['E08000037', 'E08000024', 'E08000022'] }], { start: '2027-01-01', end: '2027-03-31' });
    const hosts = rows.filter((r) => r.councilId !== base.homeCouncilId);
    expect(hosts.map((r) => r.daysReceived)).to.deep.equal([2.67, 2.67, 2.66]);
    expect(hosts.reduce((n, r) => n + r.chargesPaidPence, 0)).to.equal(360_000);
    const t = totals(rows);
    expect(t.daysReceived).to.equal(8);
    expect(t.daysGiven).to.equal(8);
    expect(t.net).to.equal(0);
  });

  it('moves no charge when the pool or the home council pays', () => {
    const pool = ledger([{ ...base, payer: 'POOL' }], { start: '2027-01-01', end: '2027-03-31' });
    expect(pool.find((r) => r.councilId === 'E08000037')!.chargesPaidPence).to.equal(0);
    expect(pool.find((r) => r.councilId === 'E08000021')!.chargesReceivedPence).to.equal(360_000);
    const home = ledger([{ ...base, payer: 'HOME_COUNCIL' }], { start: '2027-01-01', end: '2027-03-31' });
    expect(home.every((r) => r.chargesPaidPence === 0 && r.chargesReceivedPence === 0)).to.equal(true);
  });

  it('totals a pool: given equals received', () => {
    const t = totals(ledger([base, { ...base, id: 'b2', homeCouncilId: 'E08000037', hostCouncilIds: ['E08000021'] }], { start: '2027-01-01', end: '2027-03-31' }));
    expect(t.daysGiven).to.equal(16);
    expect(t.daysReceived).to.equal(16);
    expect(t.net).to.equal(0);
  });
});
