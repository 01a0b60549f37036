// The service clock: pinned by FIXED_NOW, the wall clock otherwise, and read
// by the models' timestamps.
import { expect } from 'chai';
import { MODEL_TIMESTAMPS, fixedClock, now, setFixedNow, useClock } from '../../server/clock.ts';

describe('clock', () => {
  afterEach(() => setFixedNow(null));

  it('answers the pinned instant, as a fresh Date each time', () => {
    setFixedNow('2026-11-25T12:00:00Z');
    const a = now();
    a.setUTCFullYear(1999);
    expect(now().toISOString()).to.equal('2026-11-25T12:00:00.000Z');
  });

  it('is the wall clock when nothing is pinned', () => {
    setFixedNow(null);
    const before = Date.now();
    const t = now().getTime();
    expect(t).to.be.at.least(before).and.at.most(Date.now());
  });

  it('is what the models stamp createdAt and updatedAt with', () => {
    useClock(fixedClock('2027-03-29T08:30:00+01:00'));
    expect((MODEL_TIMESTAMPS.currentTime() as Date).toISOString()).to.equal('2027-03-29T07:30:00.000Z');
  });
});
