import { expect } from 'chai';
import { coalesce } from '../../../server/store/coalesce.ts';

// A read we finish by hand, counting how many were sent and what each saw.
function manualReads() {
  let value = 0;
  const sent: { key: string; sawValue: number; finish: () => void; fail: (e: Error) => void }[] = [];
  const read = (key: string) =>
    new Promise<string>((resolve, reject) => {
      const sawValue = value;
      sent.push({ key, sawValue, finish: () => resolve(`${key}@${sawValue}`), fail: reject });
    });
  return { sent, read, write: () => value++ };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('coalesce: concurrent reads of one key share the next read that starts after the call', () => {
  it("sends one read for the first caller, and one more, shared, for everyone who came while it was in flight", async () => {
    const { sent, read } = manualReads();
    const shared = coalesce(read, (k) => k);
    const first = shared('a');
    await tick();
    const during = [shared('a'), shared('a'), shared('a')];
    await tick();
    expect(sent).to.have.length(1); // the ones who came during the first wait for it to end
    sent[0]!.finish();
    expect(await first).to.equal('a@0');
    await tick();
    expect(sent).to.have.length(2);
    sent[1]!.finish();
    expect(await Promise.all(during)).to.deep.equal(['a@0', 'a@0', 'a@0']);
  });

  it('never answers a caller with a read that started before its call: a write finished before the call is seen', async () => {
    const { sent, read, write } = manualReads();
    const shared = coalesce(read, (k) => k);
    const early = shared('a');
    await tick();
    write(); // finished before the next call, after the first read started
    const late = shared('a');
    await tick();
    sent[0]!.finish();
    expect(await early).to.equal('a@0');
    await tick();
    sent[1]!.finish();
    expect(await late).to.equal('a@1');
  });

  it('keeps keys apart, and starts afresh once a key has no read in flight', async () => {
    const { sent, read } = manualReads();
    const shared = coalesce(read, (k) => k);
    const a = shared('a');
    const b = shared('b');
    await tick();
    expect(sent.map((s) => s.key)).to.deep.equal(['a', 'b']);
    sent[0]!.finish();
    sent[1]!.finish();
    expect([await a, await b]).to.deep.equal(['a@0', 'b@0']);
    const again = shared('a');
    await tick();
    expect(sent).to.have.length(3);
    sent[2]!.finish();
    expect(await again).to.equal('a@0');
  });

  it('gives a failed read to those who joined it, and lets the ones waiting behind it read for themselves', async () => {
    const { sent, read } = manualReads();
    const shared = coalesce(read, (k) => k);
    const failing = shared('a');
    await tick();
    const behind = shared('a');
    sent[0]!.fail(new Error('database away'));
    let err: unknown = null;
    await failing.catch((e) => (err = e));
    expect((err as Error).message).to.equal('database away');
    await tick();
    sent[1]!.finish();
    expect(await behind).to.equal('a@0');
  });

  it('turns a read that throws at once into a rejection', async () => {
    const shared = coalesce((): Promise<string> => {
      throw new Error('bad key');
    }, () => 'k');
    let err: unknown = null;
    await shared().catch((e) => (err = e));
    expect((err as Error).message).to.equal('bad key');
  });
});
