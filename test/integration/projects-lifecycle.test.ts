// The project status life cycle over real GraphQL against a real FerretDB:
// every move by every kind of viewer, illegal moves, and the record each
// move leaves (status history on the project, and the audit log).
import { expect } from 'chai';
import { Project, type ProjectDoc } from '../../models/project.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { everyone, seedActors, seedProject, type Actor, type Actors } from '../support/projects.ts';
import type { ProjectStatus } from '../../server/projects/project-status.ts';

const MOVE = `mutation($id: ID!, $to: ProjectStatus!, $note: String) {
  transitionProject(id: $id, to: $to, note: $note) { id status nextStatuses statusHistory { from to action at note by { id } } }
}`;

async function state(id: string) {
  const p = await Project.findById(id).lean<ProjectDoc>();
  return { status: p!.status, history: p!.statusHistory.length, revision: p!.revision, audit: await AuditEvent.countDocuments({ entityId: id }) };
}

describe('projects: status life cycle', function () {
  this.timeout(180_000);
  let server: TestServer;
  let a: Actors;
  before(async () => {
    server = await startTestServer({ label: 'projects-lifecycle' });
    a = await seedActors(server);
  });
  after(() => server?.stop());

  const move = (actor: Actor, id: string, to: ProjectStatus, note: string | null = 'Recorded by the test') => server.gql(MOVE, { id, to, note }, actor.token);

  it('lets the lead take a running project back to staffing to add a slot, then run it again', async () => {
    const id = await seedProject(a, 'ACTIVE');
    const addSlot = `mutation($p: ID!, $i: SlotInput!) { addProjectSlot(projectId: $p, input: $i) { slots { id } } }`;
    const slot = { roleLevelId: 'senior-content-designer', daysPerWeek: 1 };
    expect(onlyError(await server.gql(addSlot, { p: id, i: slot }, a.lead.token)).extensions?.code).to.equal('CONFLICT'); // not while it runs
    expect((await move(a.lead, id, 'STAFFING', 'Needs a content designer for the new forms')).errors).to.equal(undefined);
    const added = await server.gql(addSlot, { p: id, i: slot }, a.lead.token);
    expect(added.errors, JSON.stringify(added.errors)).to.equal(undefined);
    for (const to of ['STAFFED', 'ACTIVE'] as const) expect((await move(a.lead, id, to)).errors, to).to.equal(undefined);
    const history = (await Project.findById(id).lean<ProjectDoc>())!.statusHistory.map((h) => h.action);
    expect(history.slice(-3)).to.deep.equal(['reopen-staffing', 'mark-staffed', 'activate']);
  });

  it('lets exactly the right people make each move, and records who, when and why', async () => {
    // from, to, and the action each permitted actor's move is recorded as (an admin may make them all).
    const moves: [ProjectStatus, ProjectStatus, [keyof Actors, string][]][] = [
      ['DRAFT', 'SUBMITTED', [['requester', 'submit'], ['admin', 'submit']]],
      ['DRAFT', 'CANCELLED', [['requester', 'cancel'], ['lead', 'cancel'], ['admin', 'cancel']]],
      ['SUBMITTED', 'DRAFT', [['requester', 'withdraw'], ['lead', 'return-to-draft'], ['admin', 'return-to-draft']]],
      ['SUBMITTED', 'APPROVED', [['lead', 'approve'], ['admin', 'approve']]],
      ['SUBMITTED', 'CANCELLED', [['requester', 'cancel'], ['lead', 'cancel'], ['admin', 'cancel']]],
      ['APPROVED', 'STAFFING', [['lead', 'start-staffing'], ['admin', 'start-staffing']]],
      ['APPROVED', 'CANCELLED', [['requester', 'cancel'], ['lead', 'cancel'], ['admin', 'cancel']]],
      ['STAFFING', 'STAFFED', [['lead', 'mark-staffed'], ['admin', 'mark-staffed']]],
      ['STAFFING', 'CANCELLED', [['requester', 'cancel'], ['lead', 'cancel'], ['admin', 'cancel']]],
      ['STAFFED', 'STAFFING', [['lead', 'reopen-staffing'], ['admin', 'reopen-staffing']]],
      ['STAFFED', 'ACTIVE', [['lead', 'activate'], ['admin', 'activate']]],
      ['STAFFED', 'CANCELLED', [['requester', 'cancel'], ['lead', 'cancel'], ['admin', 'cancel']]],
      ['ACTIVE', 'STAFFING', [['lead', 'reopen-staffing'], ['admin', 'reopen-staffing']]],
      ['ACTIVE', 'CLOSED', [['requester', 'close'], ['lead', 'close'], ['admin', 'close']]],
    ];
    let made = 0;
    let refused = 0;
    for (const [from, to, permitted] of moves) {
      const shared = await seedProject(a, from);
      for (const actor of everyone(a)) {
        const label = `${actor.label}: ${from} -> ${to}`;
        const action = permitted.find(([key]) => a[key] === actor)?.[1];
        if (action) {
          const id = await seedProject(a, from);
          const t0 = Date.now();
          const r = await move(actor, id, to);
          const t1 = Date.now();
          expect(r.errors, label).to.equal(undefined);
          const p = r.data!.transitionProject;
          expect(p.status, label).to.equal(to);
          expect(p.statusHistory, label).to.have.length(2);
          const entry = p.statusHistory[1];
          expect(entry, label).to.deep.include({ from, to, action, note: 'Recorded by the test', by: { id: actor.userId } });
          expect(Date.parse(entry.at), label).to.be.within(t0 - 1, t1 + 1);
          const audit = await AuditEvent.find({ entityType: 'Project', entityId: id, action: `project.${action}` }).lean();
          expect(audit, label).to.have.length(1);
          expect(audit[0], label).to.deep.include({ actorId: actor.userId, poolId: 'north-east-ca', before: { status: from }, after: { status: to, note: 'Recorded by the test' } });
          made++;
        } else {
          const before = await state(shared);
          const e = onlyError(await move(actor, shared, to));
          expect(e.extensions?.code, label).to.equal(actor === a.anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          expect(await state(shared), label).to.deep.equal(before);
          refused++;
        }
      }
    }
    expect([made, refused]).to.deep.equal([35, 14 * 8 - 35]);
  });

  it('tells a permitted actor which moves are theirs when they try another\'s', async () => {
    const id = await seedProject(a, 'SUBMITTED');
    const e = onlyError(await move(a.requester, id, 'APPROVED'));
    expect(e.extensions).to.deep.include({ code: 'FORBIDDEN', details: { status: 'SUBMITTED', to: 'APPROVED', allowedForYou: ['DRAFT', 'CANCELLED'] } });
  });

  it('answers CONFLICT with the allowed next statuses for an illegal move, from every status', async () => {
    const allowed: Record<ProjectStatus, ProjectStatus[]> = {
      DRAFT: ['SUBMITTED', 'CANCELLED'],
      SUBMITTED: ['DRAFT', 'APPROVED', 'CANCELLED'],
      APPROVED: ['STAFFING', 'CANCELLED'],
      STAFFING: ['STAFFED', 'CANCELLED'],
      STAFFED: ['STAFFING', 'ACTIVE', 'CANCELLED'],
      ACTIVE: ['STAFFING', 'CLOSED'],
      CLOSED: [],
      CANCELLED: [],
    };
    for (const [from, next] of Object.entries(allowed) as [ProjectStatus, ProjectStatus[]][]) {
      const id = await seedProject(a, from);
      const before = await state(id);
      // Staying put is never a move; ACTIVE -> DRAFT never either.
      for (const to of [from, 'DRAFT' as const].filter((t) => !next.includes(t))) {
        const e = onlyError(await move(a.admin, id, to));
        expect(e.extensions, `${from} -> ${to}`).to.deep.include({ code: 'CONFLICT', details: { status: from, to, allowed: next, allowedForYou: next } });
      }
      expect(await state(id)).to.deep.equal(before);
    }
    const draft = await seedProject(a, 'DRAFT');
    const e = onlyError(await move(a.lead, draft, 'APPROVED'));
    expect(e.extensions).to.deep.include({ code: 'CONFLICT', details: { status: 'DRAFT', to: 'APPROVED', allowed: ['SUBMITTED', 'CANCELLED'], allowedForYou: ['CANCELLED'] } });
  });

  it('needs a note to return a project to draft or cancel it, a slot to submit it, and an existing project', async () => {
    const submitted = await seedProject(a, 'SUBMITTED');
    const before = await state(submitted);
    expect(onlyError(await move(a.lead, submitted, 'DRAFT', null)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['note'] });
    expect(onlyError(await move(a.requester, submitted, 'CANCELLED', '  ')).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['note'] });
    expect(onlyError(await move(a.requester, submitted, 'CANCELLED', 'x'.repeat(2001))).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['note'] });
    expect(await state(submitted)).to.deep.equal(before);
    const withdrawn = await move(a.requester, submitted, 'DRAFT', null); // withdrawing your own request needs no reason
    expect(withdrawn.data!.transitionProject.statusHistory[1]).to.deep.include({ action: 'withdraw', note: null });

    const empty = await seedProject(a, 'DRAFT', { slots: [] });
    const e = onlyError(await move(a.requester, empty, 'SUBMITTED'));
    expect(e.extensions).to.deep.include({ code: 'CONFLICT', details: { status: 'DRAFT', to: 'SUBMITTED', reason: 'NO_SLOTS' } });
    expect(onlyError(await move(a.admin, '0123456789abcdef01234567', 'SUBMITTED')).extensions).to.deep.include({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('runs a project from draft to closed, with its whole history and what each viewer may do next', async () => {
    const id = await seedProject(a, 'DRAFT');
    const steps: [Actor, ProjectStatus, string | null][] = [
      [a.requester, 'SUBMITTED', null],
      [a.requester, 'DRAFT', 'Forgot the content designer'],
      [a.requester, 'SUBMITTED', null],
      [a.lead, 'DRAFT', 'Say what the outcome is for residents'],
      [a.requester, 'SUBMITTED', null],
      [a.lead, 'APPROVED', 'Good fit for the pool'],
      [a.lead, 'STAFFING', null],
      [a.lead, 'STAFFED', null],
      [a.lead, 'STAFFING', 'Researcher recalled by Gateshead'],
      [a.lead, 'STAFFED', null],
      [a.lead, 'ACTIVE', null],
      [a.requester, 'CLOSED', 'Service live in both councils'],
    ];
    for (const [actor, to, note] of steps) {
      const r = await move(actor, id, to, note);
      expect(r.errors, `${actor.label} -> ${to}`).to.equal(undefined);
    }
    const q = `query($id: ID!) { project(id: $id) { status nextStatuses editable statusHistory { from to action at note by { id } } } }`;
    const p = (await server.gql(q, { id }, a.lead.token)).data!.project;
    expect(p).to.deep.include({ status: 'CLOSED', nextStatuses: [], editable: false });
    expect(p.statusHistory.map((h: { from: string | null; to: string; action: string; note: string | null; by: { id: string } }) => [h.from, h.to, h.action, h.by.id, h.note])).to.deep.equal([
      [null, 'DRAFT', 'create', a.requester.userId, null],
      ['DRAFT', 'SUBMITTED', 'submit', a.requester.userId, null],
      ['SUBMITTED', 'DRAFT', 'withdraw', a.requester.userId, 'Forgot the content designer'],
      ['DRAFT', 'SUBMITTED', 'submit', a.requester.userId, null],
      ['SUBMITTED', 'DRAFT', 'return-to-draft', a.lead.userId, 'Say what the outcome is for residents'],
      ['DRAFT', 'SUBMITTED', 'submit', a.requester.userId, null],
      ['SUBMITTED', 'APPROVED', 'approve', a.lead.userId, 'Good fit for the pool'],
      ['APPROVED', 'STAFFING', 'start-staffing', a.lead.userId, null],
      ['STAFFING', 'STAFFED', 'mark-staffed', a.lead.userId, null],
      ['STAFFED', 'STAFFING', 'reopen-staffing', a.lead.userId, 'Researcher recalled by Gateshead'],
      ['STAFFING', 'STAFFED', 'mark-staffed', a.lead.userId, null],
      ['STAFFED', 'ACTIVE', 'activate', a.lead.userId, null],
      ['ACTIVE', 'CLOSED', 'close', a.requester.userId, 'Service live in both councils'],
    ]);
    const times = p.statusHistory.map((h: { at: string }) => Date.parse(h.at));
    expect(times).to.deep.equal([...times].sort((x: number, y: number) => x - y));

    const audit = await AuditEvent.find({ entityType: 'Project', entityId: id }).sort({ at: 1, _id: 1 }).lean();
    expect(audit.map((e) => e.action)).to.deep.equal(['project.create', ...p.statusHistory.slice(1).map((h: { action: string }) => `project.${h.action}`)]);
    expect(audit.every((e) => e.poolId === 'north-east-ca')).to.equal(true);
  });

  it('never loses a change to a racing one: every success is in the history, each move from where the last one left it', async () => {
    // FerretDB applies a conditional update's filter and write separately, so
    // racing writers could otherwise all be told they succeeded while one
    // overwrote the others.
    for (let round = 0; round < 3; round++) {
      const id = await seedProject(a, 'SUBMITTED');
      const results = await Promise.all([
        ...[1, 2, 3, 4].map(() => move(a.lead, id, 'APPROVED', null)),
        ...[1, 2, 3, 4].map(() => move(a.requester, id, 'CANCELLED', 'No longer needed')),
        ...[1, 2].map(() => move(a.requester, id, 'DRAFT', null)),
      ]);
      const codes = results.map((r) => (r.errors ? onlyError(r).extensions?.code : 'OK'));
      expect(codes.every((c) => c === 'OK' || c === 'CONFLICT'), codes.join()).to.equal(true);
      const p = (await Project.findById(id).lean<ProjectDoc>())!;
      const moves = p.statusHistory.slice(1);
      expect(moves.length, codes.join()).to.equal(codes.filter((c) => c === 'OK').length);
      expect(moves.length).to.be.greaterThan(0);
      expect(p.revision).to.equal(moves.length);
      let at: ProjectStatus = 'SUBMITTED';
      for (const m of moves) {
        expect(m.from).to.equal(at);
        at = m.to;
      }
      expect(p.status).to.equal(at);
    }
  });

  it('never loses a slot added alongside another', async () => {
    const id = await seedProject(a, 'DRAFT');
    const add = `mutation($p: ID!) { addProjectSlot(projectId: $p, input: { roleLevelId: "delivery-manager", daysPerWeek: 1 }) { id } }`;
    const results = await Promise.all(Array.from({ length: 8 }, () => server.gql(add, { p: id }, a.requester.token)));
    const ok = results.filter((r) => !r.errors).length;
    expect(results.every((r) => !r.errors || onlyError(r).extensions?.code === 'CONFLICT')).to.equal(true);
    const p = (await Project.findById(id).lean<ProjectDoc>())!;
    expect(p.slots).to.have.length(1 + ok);
    expect(p.revision).to.equal(ok);
    expect(await AuditEvent.countDocuments({ entityId: id, action: 'project.slot.add' })).to.equal(ok);
  });

  it('shows each viewer the moves open to them', async () => {
    const id = await seedProject(a, 'SUBMITTED');
    const q = `query($id: ID!) { project(id: $id) { nextStatuses editable } }`;
    const view = async (actor: Actor) => (await server.gql(q, { id }, actor.token)).data!.project;
    expect(await view(a.requester)).to.deep.equal({ nextStatuses: ['DRAFT', 'CANCELLED'], editable: false });
    expect(await view(a.lead)).to.deep.equal({ nextStatuses: ['DRAFT', 'APPROVED', 'CANCELLED'], editable: true });
    expect(await view(a.admin)).to.deep.equal({ nextStatuses: ['DRAFT', 'APPROVED', 'CANCELLED'], editable: true });
    expect(await view(a.consortiumRequester)).to.deep.equal({ nextStatuses: [], editable: false });
  });
});
