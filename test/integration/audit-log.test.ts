// The audit log over GraphQL: every change to bookings, agreements, central
// contracts and project statuses is there with actor, time and before/after;
// a lead reads their own pool's events only, an admin all, nobody else any.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { seedProject, type Actor } from '../support/projects.ts';
import { approveAll, book, seedScene, type Placement, type Scene } from '../support/agreements.ts';

const LOG = `query($f: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id at action entityType entityId actor { id } actorRole pool { id } before after }
  }
}`;

type Event = { id: string; at: string; action: string; entityType: string; entityId: string; actor: { id: string } | null; actorRole: string | null; pool: { id: string } | null; before: unknown; after: unknown };

describe('audit log', function () {
  this.timeout(120_000);
  let server: TestServer;
  let s: Scene;
  let p: Placement;
  let projectId: string;

  before(async () => {
    server = await startTestServer({ label: 'audit-log', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    p = await book(s);
    await approveAll(s, p);
    // A project status change, made over GraphQL by the requester.
    projectId = await seedProject(s, 'DRAFT');
    const submitted = await server.gql(`mutation($id: ID!) { transitionProject(id: $id, to: SUBMITTED) { status } }`, { id: projectId }, s.requester.token);
    expect(submitted.errors).to.equal(undefined);
    // Another pool's event: a Tees Valley contract.
    const hartlepool = await seedPractitioner({ homeCouncilId: 'E06000001' });
    await seedContract({ practitionerId: hartlepool.id, poolId: 'tees-valley', start: '2027-01-01', end: '2027-12-31' });
  });
  after(() => server?.stop());

  const events = async (a: Actor, f: Record<string, unknown> = {}, first = 200): Promise<Event[]> => {
    const r = await server.gql(LOG, { f, first }, a.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.auditEvents.nodes;
  };

  it('keeps every change to the booking and its agreement, with actor, time and before/after', async () => {
    const agreement = await events(s.lead, { entityType: 'Agreement', entityId: p.agreementId });
    expect(agreement.map((e) => e.action)).to.deep.equal(['agreement.create', ...Array(5).fill('agreement.approve'), 'agreement.activate']);
    expect(agreement.every((e) => e.at === '2026-11-25T12:00:00.000Z' && e.pool?.id === 'north-east-ca')).to.equal(true);
    expect(agreement[0]!.actor).to.deep.equal({ id: s.lead.userId });
    expect(agreement[1]!.after).to.deep.include({ version: 1, decision: 'APPROVED' });
    expect(agreement[6]!.before).to.deep.include({ status: 'AWAITING_APPROVALS' });
    const booking = await events(s.lead, { entityType: 'Booking', entityId: p.bookingId });
    expect(booking.map((e) => e.action)).to.deep.equal(['booking.create', 'booking.confirm']);
    expect(booking[1]).to.deep.include({ before: { status: 'TENTATIVE', start: '2027-03-01', end: '2027-03-28', unitsPerWeek: 4 } });
    const project = await events(s.lead, { entityType: 'Project', entityId: projectId });
    expect(project.map((e) => e.action)).to.deep.equal(['project.create', 'project.submit']);
    expect(project[1]).to.deep.include({ actorRole: 'COUNCIL_REQUESTER', before: { status: 'DRAFT' } });
    const contracts = await events(s.lead, { entityType: 'CentralContract' });
    expect(contracts.map((e) => e.action)).to.include.members(['contract.propose', 'contract.approve']);
  });

  it("shows a lead their own pool's events only, an admin everything, and refuses everyone else", async () => {
    const mine = await events(s.lead);
    expect(mine.length).to.be.greaterThan(10);
    expect(mine.every((e) => e.pool?.id === 'north-east-ca')).to.equal(true);
    const theirs = await events(s.otherLead);
    expect(theirs.map((e) => e.action)).to.deep.equal(['contract.propose', 'contract.approve']);
    expect(theirs.every((e) => e.pool?.id === 'tees-valley')).to.equal(true);
    const all = await events(s.admin);
    expect(all.length).to.be.greaterThan(mine.length + theirs.length); // plus pool-less events (practitioners, users)
    // A lead asking for another pool's events gets none.
    expect(await events(s.lead, { poolId: 'tees-valley' })).to.deep.equal([]);
    for (const [a, code] of [
      [s.requester, 'FORBIDDEN'],
      [s.homeRequester, 'FORBIDDEN'],
      [s.otherRequester, 'FORBIDDEN'],
      [s.practitioner, 'FORBIDDEN'],
      [p.self, 'FORBIDDEN'],
      [s.anonymous, 'UNAUTHENTICATED'],
    ] as [Actor, string][]) {
      expect(onlyError(await server.gql(LOG, {}, a.token)).extensions?.code, a.label).to.equal(code);
    }
  });

  it('filters by action prefix and time, and pages', async () => {
    const agreementEvents = await events(s.lead, { action: 'agreement.' });
    expect(agreementEvents.length).to.be.greaterThan(0);
    expect(agreementEvents.every((e) => e.action.startsWith('agreement.'))).to.equal(true);
    expect(await events(s.lead, { action: 'agreement.', from: '2026-11-26T00:00:00Z' })).to.deep.equal([]);
    expect((await events(s.lead, { action: 'agreement.', from: '2026-11-25T00:00:00Z', to: '2026-11-25T23:59:59Z' })).length).to.equal(agreementEvents.length);
    expect(onlyError(await server.gql(LOG, { f: { action: 'Robert"); DROP' } }, s.lead.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['filter', 'action'] });
    const first = (await server.gql(LOG, { f: { action: 'agreement.' }, first: 3 }, s.lead.token)).data!.auditEvents;
    expect(first.nodes).to.have.length(3);
    expect(first.pageInfo.hasNextPage).to.equal(true);
    const next = (await server.gql(LOG, { f: { action: 'agreement.' }, first: 3, after: first.pageInfo.endCursor }, s.lead.token)).data!.auditEvents;
    expect(next.nodes.map((e: Event) => e.id)).to.deep.equal(agreementEvents.slice(3, 6).map((e) => e.id));
  });
});
