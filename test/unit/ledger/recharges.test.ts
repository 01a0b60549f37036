import { expect } from 'chai';
import { ledger, totals as ledgerTotals } from '../../../server/ledger/ledger.ts';
import { rechargeStatement, type RechargePlacement } from '../../../server/ledger/recharges.ts';

const NEWCASTLE = 'E08000021';
const GATESHEAD = 'E08000037';
const SUNDERLAND = 'E08000024';
const JANUARY = { start: '2027-01-01', end: '2027-01-31' };

const base: RechargePlacement = {
  id: 'b1:v1',
  poolId: 'north-east-ca',
  agreementId: 'a1',
  bookingId: 'b1',
  version: 1,
  practitionerId: 'p1',
  practitionerName: 'Ada Lovelace',
  roleLevelName: 'Senior user researcher',
  homeCouncilId: NEWCASTLE, // lends
  hostCouncilIds: [GATESHEAD],
  start: '2027-01-04', // Monday, 2027-W01
  end: '2027-01-31', // Sunday, 2027-W04
  daysPerWeek: 2,
  weekdays: ['TUE', 'WED'],
  dayRatePence: 45_000,
  payer: 'HOST_COUNCIL',
  backfillPerDayPence: 10_000,
};

describe('recharges', () => {
  it('charges the host the day rate and backfill for the days placed, paid to the home council', () => {
    const s = rechargeStatement([base], JANUARY);
    expect(s.lines).to.have.length(1);
    expect(s.lines[0]).to.deep.include({
      start: '2027-01-04',
      end: '2027-01-31',
      daysPlaced: 8,
      days: 8,
      chargePence: 360_000,
      backfillPence: 80_000,
      amountPence: 440_000,
      payer: { kind: 'COUNCIL', councilId: GATESHEAD },
      payeeCouncilId: NEWCASTLE,
    });
    expect(s.pairs).to.deep.equal([{ payer: { kind: 'COUNCIL', councilId: GATESHEAD }, payeeCouncilId: NEWCASTLE, lineCount: 1, days: 8, chargePence: 360_000, backfillPence: 80_000, amountPence: 440_000 }]);
    expect(s.totals).to.deep.equal({ lineCount: 1, days: 8, chargePence: 360_000, backfillPence: 80_000, amountPence: 440_000 });
  });

  it('splits a consortium between two hosts, one line and one pair each', () => {
    const s = rechargeStatement([{ ...base, hostCouncilIds: [SUNDERLAND, GATESHEAD] }], JANUARY);
    expect(s.lines.map((l) => [l.payer, l.days, l.chargePence, l.backfillPence])).to.deep.equal([
      [{ kind: 'COUNCIL', councilId: SUNDERLAND }, 4, 180_000, 40_000], // hosts by GSS code, as the ledger shares them
      [{ kind: 'COUNCIL', councilId: GATESHEAD }, 4, 180_000, 40_000],
    ]);
    expect(s.pairs.map((p) => [p.payer, p.payeeCouncilId, p.amountPence])).to.deep.equal([
      [{ kind: 'COUNCIL', councilId: SUNDERLAND }, NEWCASTLE, 220_000],
      [{ kind: 'COUNCIL', councilId: GATESHEAD }, NEWCASTLE, 220_000],
    ]);
  });

  it('has the pool pay when the pool is the payer', () => {
    const s = rechargeStatement([{ ...base, payer: 'POOL', hostCouncilIds: [GATESHEAD, SUNDERLAND] }], JANUARY);
    expect(s.lines).to.have.length(1);
    expect(s.lines[0]).to.deep.include({ payer: { kind: 'POOL', poolId: 'north-east-ca' }, days: 8, chargePence: 360_000, backfillPence: 80_000, amountPence: 440_000 });
  });

  it('moves no day-rate charge when the home council pays, only the hosts\' backfill', () => {
    const s = rechargeStatement([{ ...base, payer: 'HOME_COUNCIL' }], JANUARY);
    expect(s.lines[0]).to.deep.include({ payer: { kind: 'COUNCIL', councilId: GATESHEAD }, days: 8, chargePence: 0, backfillPence: 80_000, amountPence: 80_000 });
    // Without backfill the line comes to nothing, but its days are still shown.
    const none = rechargeStatement([{ ...base, payer: 'HOME_COUNCIL', backfillPerDayPence: 0 }], JANUARY);
    expect(none.totals).to.deep.equal({ lineCount: 1, days: 8, chargePence: 0, backfillPence: 0, amountPence: 0 });
  });

  it('charges each stretch of an amended agreement at the rate in force on its dates', () => {
    // Version 2 raises the day rate from Monday 18 January.
    const v1 = { ...base, end: '2027-01-17' };
    const v2 = { ...base, id: 'b1:v2', version: 2, start: '2027-01-18', dayRatePence: 50_000 };
    const s = rechargeStatement([v2, v1], JANUARY);
    expect(s.lines.map((l) => [l.version, l.start, l.end, l.days, l.chargePence])).to.deep.equal([
      [1, '2027-01-04', '2027-01-17', 4, 180_000],
      [2, '2027-01-18', '2027-01-31', 4, 200_000],
    ]);
    expect(s.pairs).to.have.length(1);
    expect(s.pairs[0]!.chargePence).to.equal(380_000);
  });

  it('leaves bank holidays out of the days placed, clipping the stretch to the period', () => {
    // Mondays and Tuesdays over Easter 2027: Easter Monday 29 March is not a day of placement.
    const easter = { ...base, start: '2027-03-22', end: '2027-04-04', weekdays: ['MON', 'TUE'] as RechargePlacement['weekdays'] };
    const s = rechargeStatement([easter], { start: '2027-03-01', end: '2027-03-31' }, ['2027-03-26', '2027-03-29']);
    expect(s.lines[0]).to.deep.include({ start: '2027-03-22', end: '2027-03-31', daysPlaced: 3, chargePence: 135_000 });
  });

  it('splits pence between three hosts so the shares add up exactly', () => {
    const odd = { ...base, dayRatePence: 10_001, backfillPerDayPence: 1, hostCouncilIds: [GATESHEAD, SUNDERLAND, 'E06000047'], end: '2027-01-05' };
    const s = rechargeStatement([odd], JANUARY);
    expect(s.lines.map((l) => l.chargePence)).to.deep.equal([3_334, 3_334, 3_333]);
    expect(s.lines.map((l) => l.backfillPence)).to.deep.equal([1, 0, 0]);
    expect(s.lines.map((l) => l.days)).to.deep.equal([0.34, 0.33, 0.33]);
    expect(s.totals).to.deep.include({ days: 1, chargePence: 10_001, backfillPence: 1, amountPence: 10_002 });
  });

  it("shows one council only what it pays or is paid", () => {
    const lent = { ...base, id: 'b2:v1', agreementId: 'a2', bookingId: 'b2', homeCouncilId: SUNDERLAND, hostCouncilIds: [NEWCASTLE] };
    const s = rechargeStatement([base, lent], JANUARY, [], GATESHEAD);
    expect(s.lines.map((l) => l.agreementId)).to.deep.equal(['a1']);
    expect(s.totals.amountPence).to.equal(440_000);
    expect(rechargeStatement([base, lent], JANUARY, [], NEWCASTLE).lines).to.have.length(2);
    expect(rechargeStatement([base, lent], JANUARY, [], 'E06000001').lines).to.deep.equal([]);
  });

  it("agrees with the ledger's money for the same placements and period", () => {
    const placements: RechargePlacement[] = [
      { ...base, hostCouncilIds: [GATESHEAD, SUNDERLAND], dayRatePence: 33_333, backfillPerDayPence: 7_777 },
      { ...base, id: 'b2:v1', agreementId: 'a2', payer: 'POOL', homeCouncilId: SUNDERLAND, dayRatePence: 30_000 },
      { ...base, id: 'b3:v1', agreementId: 'a3', payer: 'HOME_COUNCIL', homeCouncilId: GATESHEAD, hostCouncilIds: [NEWCASTLE] },
    ];
    const period = { start: '2027-01-06', end: '2027-01-26' };
    const s = rechargeStatement(placements, period, ['2027-01-12']);
    const rows = ledger(placements, period, undefined, ['2027-01-12']);
    const t = ledgerTotals(rows);
    expect(s.totals.chargePence).to.equal(t.chargesReceivedPence);
    expect(s.totals.backfillPence).to.equal(t.backfillReceivedPence);
    expect(s.totals.days).to.equal(t.daysGiven);
    for (const r of rows) {
      const paidAsHost = s.pairs.filter((p) => p.payer.kind === 'COUNCIL' && p.payer.councilId === r.councilId).reduce((n, p) => n + p.chargePence, 0);
      const received = s.pairs.filter((p) => p.payeeCouncilId === r.councilId);
      expect(paidAsHost, r.councilId).to.equal(r.chargesPaidPence);
      expect(received.reduce((n, p) => n + p.chargePence, 0), r.councilId).to.equal(r.chargesReceivedPence);
      expect(received.reduce((n, p) => n + p.backfillPence, 0), r.councilId).to.equal(r.backfillReceivedPence);
    }
  });
});
