// The unique-key claim mechanism on a real FerretDB, under concurrency.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { createLogger } from '../../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../../server/db.ts';
import { claimCapacity, releaseCapacity, releaseCapacityFrom, claimedUnitsByWeek } from '../../server/store/capacity-claims.ts';
import { CapacityClaim } from '../../models/capacity-claim.ts';
import { testDatabase, uniqueDbName } from '../support/test-database.ts';

describe('capacity claims', function () {
  this.timeout(120_000);
  before(async () => {
    const { uri, postgresUrl } = await testDatabase();
    await connectDatabase({ uri, dbName: uniqueDbName('claims'), serverSelectionTimeoutMS: 2000, logger: createLogger('silent'), postgresUrl });
  });
  after(() => disconnectDatabase());

  const weeks = ['2027-W01', '2027-W02', '2027-W03', '2027-W04'];

  it('claims all or nothing, and reports the short weeks', async () => {
    const p = new Types.ObjectId().toHexString();
    const a = new Types.ObjectId();
    expect(await claimCapacity(p, a, weeks.map((week) => ({ week, units: 3, capacity: 4 })))).to.deep.equal({ ok: true, shortWeeks: [] });
    const b = new Types.ObjectId();
    const res = await claimCapacity(p, b, [
      { week: '2027-W04', units: 1, capacity: 4 },
      { week: '2027-W05', units: 2, capacity: 4 },
      { week: '2027-W03', units: 2, capacity: 4 },
    ]);
    expect(res.ok).to.equal(false);
    expect(res.shortWeeks).to.deep.equal([{ week: '2027-W03', needed: 2, free: 1 }]);
    expect(await CapacityClaim.countDocuments({ bookingId: b })).to.equal(0);
    expect(Object.fromEntries(await claimedUnitsByWeek(p, weeks))).to.deep.equal({ '2027-W01': 3, '2027-W02': 3, '2027-W03': 3, '2027-W04': 3 });
    expect(await releaseCapacityFrom(a, '2027-W03')).to.equal(6);
    expect(await releaseCapacity(a)).to.equal(6);
  });

  it('never lets racing claims exceed capacity, and each claim is whole or absent', async () => {
    const practitioners = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
    const capacity = 4;
    const attempts = Array.from({ length: 120 }, (_, i) => {
      const p = practitioners[i % 2]!;
      const startWeek = i % 3;
      const units = 1 + (i % 2);
      return { p, bookingId: new Types.ObjectId(), needs: weeks.slice(startWeek, startWeek + 2).map((week) => ({ week, units, capacity })) };
    });
    const results = await Promise.all(attempts.map((a) => claimCapacity(a.p, a.bookingId, a.needs)));
    for (const p of practitioners) {
      const perWeek = await claimedUnitsByWeek(p, weeks);
      for (const n of perWeek.values()) expect(n).to.be.at.most(capacity);
    }
    let successes = 0;
    for (const [i, a] of attempts.entries()) {
      const held = await CapacityClaim.countDocuments({ bookingId: a.bookingId });
      const whole = a.needs.reduce((s, n) => s + n.units, 0);
      expect(held, `attempt ${i}`).to.equal(results[i]!.ok ? whole : 0);
      if (results[i]!.ok) successes++;
    }
    expect(successes).to.be.greaterThan(0);
  });
});
