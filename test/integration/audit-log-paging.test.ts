// The audit log reads a page in proportion to the page, not to the history:
// each event has a position in the whole log and in its pool's log, taken
// once under a unique key, and a page is read as one or two blocks of
// positions (server/store/audit-events.ts). Here: racing writers get every
// position exactly once; paging a long log returns every event once, in
// order; and the documents read for a page stay the same however long the
// log grows. Documents are counted from the driver's command monitoring.
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { CommandSucceededEvent } from 'mongodb';
import { AuditEvent } from '../../models/audit-event.ts';
import { recordAudit, recordAudits, type AuditEntry } from '../../server/services/audit.ts';
import { BLOCK_SIZE } from '../../server/store/audit-events.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';

const LOG = `query($first: Int, $after: String, $f: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } nodes { id entityId } }
}`;

const entry = (i: number, poolId: string | null): AuditEntry => ({ actor: null, action: 'practitioner.update', entityType: 'Practitioner', entityId: `p${i}`, poolId, after: { i } });

describe('audit log: positions, pages and cost', function () {
  this.timeout(180_000);
  let server: TestServer;
  let lead: string;
  let admin: string;

  before(async () => {
    server = await startTestServer({ label: 'audit-paging', monitored: true });
    await seedPools();
    lead = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    admin = (await userToken(server, 'ADMIN')).token;
  });
  after(() => server?.stop());

  /** Documents the request read, from the driver's replies. */
  async function documentsRead(query: string, variables: Record<string, unknown>, token: string) {
    let documents = 0;
    const client = mongoose.connection.getClient();
    const listener = (e: CommandSucceededEvent) => {
      const reply = e.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } };
      documents += reply.cursor?.firstBatch?.length ?? reply.cursor?.nextBatch?.length ?? 0;
    };
    client.on('commandSucceeded', listener);
    try {
      const r = await server.gql(query, variables, token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return { data: r.data!, documents };
    } finally {
      client.off('commandSucceeded', listener);
    }
  }

  it('gives racing writers every position once, with no gaps', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => recordAudit(entry(i, i % 2 ? 'north-east-ca' : null))));
    const docs = await AuditEvent.find({ entityId: /^p\d+$/ }).lean();
    const seqs = docs.map((d) => d.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).to.equal(seqs.length);
    expect(seqs[seqs.length - 1]! - seqs[0]! + 1).to.equal(seqs.length);
    const poolSeqs = docs.filter((d) => d.poolId === 'north-east-ca').map((d) => d.poolSeq!).sort((a, b) => a - b);
    expect(new Set(poolSeqs).size).to.equal(30);
  });

  it('pages a long log once through, in order, and reads the same for a page however long the log is', async () => {
    const short = await documentsRead(LOG, { first: 50 }, lead);
    await recordAudits(Array.from({ length: 20 * BLOCK_SIZE }, (_, i) => entry(1000 + i, i % 3 ? 'north-east-ca' : 'tees-valley')));
    const long = await documentsRead(LOG, { first: 50 }, lead);
    // A page is read from the blocks it spans (plus the user and the viewer's reference reads), never from the whole log.
    expect(long.documents).to.be.at.most(short.documents + 2 * BLOCK_SIZE);
    expect(long.documents).to.be.below(4 * BLOCK_SIZE);

    for (const [token, pool] of [[lead, 'north-east-ca'], [admin, null]] as const) {
      const ids: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (;;) {
        const r: { data?: { auditEvents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] } } | null } = await server.gql(LOG, { first: 200, after }, token);
        const page = r.data!.auditEvents;
        total = page.totalCount;
        ids.push(...page.nodes.map((n) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const stored = await AuditEvent.find(pool ? { poolId: pool } : {}).lean();
      expect(ids.length, String(pool)).to.equal(stored.length);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(total).to.equal(stored.length);
      const order = (d: (typeof stored)[number]) => (pool ? d.poolSeq! : d.seq);
      expect(ids).to.deep.equal([...stored].sort((a, b) => order(a) - order(b)).map((d) => String(d._id)));
    }
  });

  it('reads a rare filter within a budget: a short page that carries on from where it stopped', async () => {
    await recordAudit({ actor: null, action: 'pool.create', entityType: 'Pool', entityId: 'rare', poolId: null });
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const r: { data?: { auditEvents: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { entityId: string }[] } } | null } = await server.gql(LOG, { first: 5, after, f: { action: 'pool.create' } }, admin);
      seen.push(...r.data!.auditEvents.nodes.map((n) => n.entityId));
      if (!r.data!.auditEvents.pageInfo.hasNextPage) break;
      after = r.data!.auditEvents.pageInfo.endCursor;
    }
    expect(seen).to.include('rare');
    expect(seen.every((id) => id === 'rare' || !id.startsWith('p'))).to.equal(true);
  });
});
