// One HiGHS worker per process: reused while it runs, restarted once closed.
import { expect } from 'chai';
import { highsSolver, stopHighsSolver } from '../../../server/services/highs.ts';

describe('the process’s HiGHS solver', function () {
  this.timeout(60_000);
  after(() => stopHighsSolver());

  it('is started once, shared, and started again after it closes', async () => {
    const [a, b] = await Promise.all([highsSolver(), highsSolver()]);
    expect(a).to.equal(b);
    expect(await highsSolver()).to.equal(a);
    await a.close(); // as the watchdog does to a worker that overran
    const c = await highsSolver();
    expect(c).to.not.equal(a);
    expect(c.isClosed).to.equal(false);
    await stopHighsSolver();
    expect(c.isClosed).to.equal(true);
  });
});
