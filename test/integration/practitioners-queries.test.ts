// No N+1, and no reading of what the answer does not need: a nested
// practitioner query reads the same kinds of thing for 5 practitioners as
// for 40, the documents it reads grow with the answer (never with the other
// practitioners in the database), and on MongoDB it sends the same number of
// reads (FerretDB gets one equality read per id instead of an $in, which it
// would answer by scanning the collection: server/store/queries.ts). Counted
// from the MongoDB driver's command monitoring (the server runs in this
// process, so its client is ours to watch): only reads (find, aggregate,
// count, getMore), during one HTTP request.
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { ADMIN, seedBooking, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { addLeave } from '../../server/services/practitioners.ts';
import { onFerretDB } from '../../server/store/queries.ts';

const FEW = 'E08000022'; // North Tyneside: 5 practitioners
const MANY = 'E08000023'; // South Tyneside: 40 practitioners
const READS = new Set(['find', 'aggregate', 'count', 'getMore']);

const NESTED = `query($c: [ID!], $f: FreeCapacityFilter) {
  practitioners(filter: { homeCouncilIds: $c, freeCapacity: $f }, first: 100) {
    totalCount
    nodes {
      id name region
      homeCouncil { name combinedAuthority { name } }
      roleLevel { name role { name } }
      role { name }
      skills { proficiency skill { name } }
      leave { start end }
      contracts { status daysPerWeek pool { name footprint { gssCode } } homeCouncil { name } practitioner { id } }
      capacity(poolId: "north-east-ca", from: "2026-03-02", to: "2026-05-31") { week capacityDays bookedDays freeDays }
      all: capacity(from: "2026-03-02", to: "2026-05-31") { week freeDays }
    }
  }
}`;

const REFERENCE = ['bank_holidays', 'councils', 'role_families', 'roles', 'role_levels', 'skills'];

describe('practitioner queries: no N+1', function () {
  this.timeout(180_000);
  let server: TestServer;
  let lead: string;
  let admin: string;

  before(async () => {
    server = await startTestServer({ label: 'practitioner-queries', monitored: true });
    await seedPools();
    for (const [council, n] of [[FEW, 5], [MANY, 40]] as const) {
      for (let i = 0; i < n; i++) {
        const p = await seedPractitioner({
          homeCouncilId: council,
          roleLevelId: i % 2 ? 'senior-user-researcher' : 'delivery-manager',
          skills: [
            { skillId: 'user-research-methods', proficiency: 'Practitioner' },
            { skillId: i % 3 ? 'inclusive-research' : 'agile-working', proficiency: 'Working' },
          ],
        });
        await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2026-01-01', end: '2026-12-31' }, i % 4 ? 'APPROVED' : 'ACTIVE');
        if (i % 3 === 0) await addLeave(ADMIN, p.id, { start: '2026-04-13', end: '2026-04-17' });
        if (i % 5 === 0) await seedBooking(p.id, 'north-east-ca', '2026-03-02', '2026-03-29', 2);
      }
    }
    lead = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    admin = (await userToken(server, 'ADMIN')).token;
  });
  after(() => server?.stop());

  /** Run one request; return its data, the read commands it sent (by name and collection), and the documents they returned. */
  async function reads(query: string, variables: Record<string, unknown>, token: string) {
    const seen: string[] = [];
    let documents = 0;
    const byCollection: Record<string, number> = {};
    const collectionOf = new Map<number, string>();
    const client = mongoose.connection.getClient();
    const started = (e: CommandStartedEvent) => {
      if (!READS.has(e.commandName)) return;
      seen.push(`${e.commandName}:${String(e.command[e.commandName])}`);
      collectionOf.set(e.requestId, String(e.command[e.commandName]));
    };
    const succeeded = (e: CommandSucceededEvent) => {
      if (!READS.has(e.commandName)) return;
      const reply = e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] }; n?: number };
      const n = reply.cursor?.firstBatch?.length ?? reply.cursor?.nextBatch?.length ?? reply.n ?? 0;
      documents += n;
      const c = collectionOf.get(e.requestId) ?? '?';
      byCollection[c] = (byCollection[c] ?? 0) + n;
    };
    client.on('commandStarted', started);
    client.on('commandSucceeded', succeeded);
    try {
      const r = await server.gql(query, variables, token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      // Bank holidays are kept in memory once read (server/store/bank-holidays.ts): whichever request comes first reads them.
      // Reference data is read whole once per process and then served from memory (server/store/reference-copy.ts).
      const kinds = [...new Set(seen.map((s) => s.split(':')[1]!))].filter((k) => !REFERENCE.includes(k)).sort();
      return { data: r.data!, seen, kinds, documents, byCollection };
    } finally {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
    }
  }

  it('sees the driver’s commands at all (so a count of zero cannot pass by accident)', async () => {
    const { seen } = await reads(`{ me { id } }`, {}, lead);
    expect(seen).to.have.length.greaterThan(0);
  });

  for (const [who, filter] of [
    ['a programme lead', {}],
    ['an admin', {}],
    ['a programme lead, filtering on free capacity', { f: { from: '2026-03-02', to: '2026-03-29', daysPerWeek: 0.5 } }],
  ] as const) {
    it(`reads the same kinds of thing for 5 and for 40 practitioners, in proportion to the answer (${who})`, async () => {
      const token = who.startsWith('an admin') ? admin : lead;
      const few = await reads(NESTED, { c: [FEW], ...filter }, token);
      const many = await reads(NESTED, { c: [MANY], ...filter }, token);
      expect(few.data.practitioners.nodes).to.have.length(5);
      expect(many.data.practitioners.nodes).to.have.length(40);
      // Everything nested resolved (not just counted).
      const node = many.data.practitioners.nodes[0];
      expect(node.skills[0].skill.name).to.be.a('string');
      expect(node.contracts[0].pool.name).to.equal('North East Combined Authority digital pool');
      expect(node.capacity).to.have.length(13);
      expect(many.kinds, `5: ${few.seen.join(', ')}\n40: ${many.seen.join(', ')}`).to.deep.equal(few.kinds);
      // What the answers read of people's own data (profiles with their leave, contracts, claims) follows the
      // answer: the 5's reads nothing of the other 40's, and the 40's is about eight times the 5's.
      const personal = (r: typeof few) => (r.byCollection.practitioners ?? 0) + (r.byCollection.central_contracts ?? 0) + (r.byCollection.capacity_claims ?? 0);
      expect(personal(few), `5: ${JSON.stringify(few.byCollection)}, 40: ${JSON.stringify(many.byCollection)}`).to.be.below(personal(many) / 3);
      // And the 40's, about eight times the 5's (the reference data is shared).
      expect(personal(many), `5: ${JSON.stringify(few.byCollection)}, 40: ${JSON.stringify(many.byCollection)}`).to.be.at.most(10 * personal(few));
      // On MongoDB a batch is one $in: the number of reads does not grow at all.
      if (!onFerretDB()) expect(many.seen.length, `5: ${few.seen.join(', ')}\n40: ${many.seen.join(', ')}`).to.equal(few.seen.length);
    });
  }
});
