// The busy-database retry policy (server/store/busy.ts): which errors mean
// "busy, nothing written" as FerretDB's backends and MongoDB report them,
// the backoff between tries, and the coded answer once the tries run out.
import { expect } from 'chai';
import { BUSY_RETRY_AFTER_SECONDS, BUSY_TRIES, busyBackoffMs, isBusy, retryWhenBusy } from '../../server/store/busy.ts';
import { DomainError } from '../../server/errors.ts';

// As FerretDB v1.24.2 sends them: code 1 (InternalError), the backend driver's message in errmsg.
const ferret = (errmsg: string) => Object.assign(new Error(errmsg), { name: 'MongoServerError', code: 1, codeName: 'InternalError' });

describe('busy database retries', () => {
  describe('isBusy', () => {
    it('knows SQLite busy and locked, as FerretDB passes them on', () => {
      expect(isBusy(ferret('[pool.go:254 pool.(*Pool).InTransaction] database is locked (5) (SQLITE_BUSY)'))).to.equal(true);
      expect(isBusy(ferret('database is locked (517)'))).to.equal(true);
      expect(isBusy(ferret('database table is locked (6)'))).to.equal(true);
    });

    it('knows PostgreSQL serialization failure, deadlock and lock timeout by SQLSTATE', () => {
      expect(isBusy(ferret('ERROR: could not serialize access due to concurrent update (SQLSTATE 40001)'))).to.equal(true);
      expect(isBusy(ferret('ERROR: deadlock detected (SQLSTATE 40P01)'))).to.equal(true);
      expect(isBusy(ferret('ERROR: canceling statement due to lock timeout (SQLSTATE 55P03)'))).to.equal(true);
    });

    it("knows MongoDB's write conflicts and transient labels", () => {
      expect(isBusy(Object.assign(new Error('WriteConflict'), { code: 112 }))).to.equal(true);
      expect(isBusy(Object.assign(new Error('x'), { errorLabels: ['TransientTransactionError'] }))).to.equal(true);
    });

    it('is busy for a bulk write when any document was refused for busyness', () => {
      const bulk = { message: 'bulk', writeErrors: [{ code: 11000, errmsg: 'E11000 duplicate key' }, { err: { code: 1, errmsg: 'database is locked (5) (SQLITE_BUSY)' } }] };
      expect(isBusy(bulk)).to.equal(true);
      expect(isBusy({ message: 'bulk', writeErrors: [{ code: 11000, errmsg: 'E11000 duplicate key' }] })).to.equal(false);
    });

    it('is not busy for refusals and faults that retrying would not mend', () => {
      expect(isBusy(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }))).to.equal(false);
      expect(isBusy(ferret('ERROR: duplicate key value violates unique constraint (SQLSTATE 23505)'))).to.equal(false);
      expect(isBusy(ferret('UNIQUE constraint failed: t._id'))).to.equal(false);
      expect(isBusy(new Error('connection refused'))).to.equal(false);
      expect(isBusy(null)).to.equal(false);
      expect(isBusy('database is locked')).to.equal(false);
    });
  });

  describe('backoff', () => {
    it('doubles from 25 ms up to 400 ms, each wait between half and all of its ceiling', () => {
      const ceilings = [1, 2, 3, 4, 5, 6, 10].map((retry) => busyBackoffMs(retry, 1));
      expect(ceilings).to.deep.equal([25, 50, 100, 200, 400, 400, 400]);
      expect([1, 2, 3, 4, 5].map((retry) => busyBackoffMs(retry, 0))).to.deep.equal([13, 25, 50, 100, 200]);
    });

    it('keeps the waits of all the retries under a second', () => {
      let total = 0;
      for (let retry = 1; retry < BUSY_TRIES; retry++) total += busyBackoffMs(retry, 0.999999);
      expect(total).to.be.below(1000);
    });
  });

  describe('retryWhenBusy', () => {
    it('tries again while busy and returns what the first good try returns', async () => {
      const tries: number[] = [];
      const out = await retryWhenBusy(async (attempt) => {
        tries.push(attempt);
        if (attempt < 2) throw ferret('database is locked (5) (SQLITE_BUSY)');
        return 'done';
      });
      expect(out).to.equal('done');
      expect(tries).to.deep.equal([0, 1, 2]);
    });

    it(`gives up after ${BUSY_TRIES} tries with TRY_AGAIN, retryable, and a retry-after hint`, async () => {
      let tries = 0;
      const err = await retryWhenBusy(async () => {
        tries++;
        throw ferret('ERROR: deadlock detected (SQLSTATE 40P01)');
      }).catch((e: unknown) => e);
      expect(tries).to.equal(BUSY_TRIES);
      expect(err).to.be.instanceOf(DomainError);
      expect((err as DomainError).code).to.equal('TRY_AGAIN');
      expect((err as DomainError).details).to.deep.equal({ retryable: true, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
    });

    it('passes any other error through at once', async () => {
      let tries = 0;
      const dup = Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
      const err = await retryWhenBusy(async () => {
        tries++;
        throw dup;
      }).catch((e: unknown) => e);
      expect(err).to.equal(dup);
      expect(tries).to.equal(1);
    });
  });
});
