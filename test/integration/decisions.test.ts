// What awaits a user's decision over HTTP: each list cut to its first few with
// `first`, the counts still counting them all, and a bad `first` refused with
// its field.
import { expect } from 'chai';
import { onlyError, startTestServer, type TestServer } from '../support/test-server.ts';
import { book, seedScene, type Scene } from '../support/agreements.ts';

const QUEUE = `query($first: Int) {
  awaitingMyDecision {
    counts { agreements contractsToApprove contractsToActivate projectsToReview total }
    agreements(first: $first) { id }
    contractsToActivate(first: $first) { id practitioner { name } }
  }
}`;

describe('decisions awaiting a user', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    server = await startTestServer({ label: 'decisions' });
    s = await seedScene(server);
    // Three placements awaiting every party, each with an APPROVED contract for the lead to activate.
    for (let i = 0; i < 3; i++) await book(s);
  });
  after(() => server?.stop());

  it('answers every item without first, and the first few with it, counting them all', async () => {
    const all = await server.gql(QUEUE, {}, s.lead.token);
    expect(all.errors).to.equal(undefined);
    const q = all.data!.awaitingMyDecision;
    expect(q.counts).to.deep.equal({ agreements: 3, contractsToApprove: 0, contractsToActivate: 3, projectsToReview: 0, total: 6 });
    expect(q.agreements).to.have.length(3);

    const few = (await server.gql(QUEUE, { first: 2 }, s.lead.token)).data!.awaitingMyDecision;
    expect(few.counts).to.deep.equal(q.counts);
    expect(few.agreements.map((a: { id: string }) => a.id)).to.deep.equal(q.agreements.slice(0, 2).map((a: { id: string }) => a.id));
    expect(few.contractsToActivate).to.have.length(2);
  });

  it('refuses a first outside 1 to 1000 with its field', async () => {
    for (const first of [0, 1001]) {
      const e = onlyError(await server.gql(QUEUE, { first }, s.lead.token));
      expect(e.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['first'] });
    }
  });
});
