// Reading projects over real GraphQL: who sees which, filters, pagination,
// and nested fields loaded in batches (one query per kind, not per item).
import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { Project } from '../../models/project.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';
import { GATESHEAD, HARTLEPOOL, NEWCASTLE, PROJECT_FIELDS, everyone, seedActors, seedProject, viewerOf, projectInput, type Actor, type Actors } from '../support/projects.ts';
import { createProject } from '../../server/services/projects.ts';
import { onFerretDB } from '../../server/store/queries.ts';

describe('projects: reads and scope', function () {
  this.timeout(120_000);
  let server: TestServer;
  let a: Actors;
  let darlington: Actor;
  const ids: Record<string, string> = {};
  before(async () => {
    server = await startTestServer({ label: 'projects-reads' });
    a = await seedActors(server);
    darlington = { label: 'requester of a council with no projects', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E06000005' })) };
    // Newcastle (with Gateshead) in the North East pool; Hartlepool in Tees Valley.
    ids.neDraft = await seedProject(a, 'DRAFT', { serviceArea: 'PLANNING', phase: 'DISCOVERY' });
    ids.neApproved = await seedProject(a, 'APPROVED', { serviceArea: 'HOUSING_REPAIRS', phase: 'ALPHA', councilIds: [] });
    ids.neActive = await seedProject(a, 'ACTIVE', { serviceArea: 'PLANNING', phase: 'BETA' });
    const hartlepool = viewerOf(a.otherRequester, 'COUNCIL_REQUESTER', { councilId: HARTLEPOOL });
    const tv = (over: Parameters<typeof projectInput>[0]) => createProject(hartlepool, projectInput({ poolId: 'tees-valley', councilIds: [], ...over }));
    ids.tvStaffing = String((await tv({ serviceArea: 'WASTE_AND_RECYCLING', phase: 'LIVE' }))._id);
    ids.tvCancelled = String((await tv({ serviceArea: 'PLANNING', phase: 'ALPHA' }))._id);
    await Project.updateOne({ _id: ids.tvStaffing }, { $set: { status: 'STAFFING' } });
    await Project.updateOne({ _id: ids.tvCancelled }, { $set: { status: 'CANCELLED' } });
  });
  after(() => server?.stop());

  const list = async (actor: Actor, filter: Record<string, unknown> = {}, first = 50) => {
    const r = await server.gql(`query($f: ProjectFilter, $n: Int) { projects(filter: $f, first: $n) { totalCount nodes { id } } }`, { f: filter, n: first }, actor.token);
    if (r.errors) return r.errors[0]!.extensions?.code;
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    expect(r.data!.projects.totalCount).to.equal(r.data!.projects.nodes.length);
    return r.data!.projects.nodes.map((n: { id: string }) => names[n.id]);
  };

  it('shows each viewer only what they may see', async () => {
    expect(await list(a.admin)).to.deep.equal(['neDraft', 'neApproved', 'neActive', 'tvStaffing', 'tvCancelled']);
    expect(await list(a.lead)).to.deep.equal(['neDraft', 'neApproved', 'neActive']);
    expect(await list(a.otherLead)).to.deep.equal(['tvStaffing', 'tvCancelled']);
    expect(await list(a.requester)).to.deep.equal(['neDraft', 'neApproved', 'neActive']);
    expect(await list(a.consortiumRequester)).to.deep.equal(['neDraft', 'neActive']); // neApproved has no consortium
    expect(await list(a.otherRequester)).to.deep.equal(['tvStaffing', 'tvCancelled']);
    expect(await list(darlington)).to.deep.equal([]);
    expect(await list(a.practitioner)).to.deep.equal(['neApproved', 'neActive', 'tvStaffing']); // APPROVED or later, any pool, not cancelled
    expect(await list(a.anonymous)).to.equal('UNAUTHENTICATED');
  });

  it('answers project(id) to those who may read it, FORBIDDEN to others, NOT_FOUND for no such project', async () => {
    const readers: Record<string, Actor[]> = {
      neDraft: [a.admin, a.lead, a.requester, a.consortiumRequester],
      neApproved: [a.admin, a.lead, a.requester, a.practitioner],
      tvStaffing: [a.admin, a.otherLead, a.otherRequester, a.practitioner],
      tvCancelled: [a.admin, a.otherLead, a.otherRequester],
    };
    for (const [name, allowed] of Object.entries(readers)) {
      for (const actor of [...everyone(a), darlington]) {
        const r = await server.gql(`query($id: ID!) { project(id: $id) { id } }`, { id: ids[name] }, actor.token);
        const label = `${actor.label} reading ${name}`;
        if (allowed.includes(actor)) expect(r.data?.project, label).to.deep.equal({ id: ids[name] });
        else expect(onlyError(r).extensions?.code, label).to.equal(actor === a.anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    }
    const missing = new Types.ObjectId().toHexString();
    for (const actor of [a.admin, a.requester, a.practitioner]) {
      expect(onlyError(await server.gql(`query($id: ID!) { project(id: $id) { id } }`, { id: missing }, actor.token)).extensions).to.deep.include({ code: 'NOT_FOUND', field: ['id'] });
    }
    expect(onlyError(await server.gql(`{ project(id: "42") { id } }`, {}, a.lead.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['id'] });
  });

  it('filters by statuses, council, service areas, pool and phase, within the viewer\'s scope', async () => {
    expect(await list(a.admin, { statuses: ['DRAFT', 'STAFFING'] })).to.deep.equal(['neDraft', 'tvStaffing']);
    expect(await list(a.admin, { councilId: GATESHEAD })).to.deep.equal(['neDraft', 'neActive']);
    expect(await list(a.admin, { councilId: HARTLEPOOL })).to.deep.equal(['tvStaffing', 'tvCancelled']);
    expect(await list(a.admin, { serviceAreas: ['PLANNING', 'HOUSING_REPAIRS'] })).to.deep.equal(['neDraft', 'neApproved', 'neActive', 'tvCancelled']);
    expect(await list(a.admin, { poolId: 'tees-valley' })).to.deep.equal(['tvStaffing', 'tvCancelled']);
    expect(await list(a.admin, { phase: 'ALPHA' })).to.deep.equal(['neApproved', 'tvCancelled']);
    expect(await list(a.admin, { serviceAreas: ['PLANNING'], phase: 'ALPHA', poolId: 'tees-valley', statuses: ['CANCELLED'] })).to.deep.equal(['tvCancelled']);
    // Scope and filter together: never more than the scope.
    expect(await list(a.requester, { councilId: GATESHEAD })).to.deep.equal(['neDraft', 'neActive']);
    expect(await list(a.requester, { poolId: 'tees-valley' })).to.deep.equal([]);
    expect(await list(a.practitioner, { statuses: ['DRAFT', 'ACTIVE', 'CANCELLED'] })).to.deep.equal(['neActive']);
    expect(await list(a.lead, { councilId: HARTLEPOOL })).to.deep.equal([]);
    const bad = onlyError(await server.gql(`{ projects(filter: { councilId: "Newcastle" }) { totalCount } }`, {}, a.admin.token));
    expect(bad.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['filter', 'councilId'] });
  });

  it('pages with cursors', async () => {
    const q = `query($after: String) { projects(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { cursor: string; node: { id: string } }[] };
      const r = await server.gql<{ projects: Page }>(q, { after }, a.admin.token);
      const page: Page = r.data!.projects;
      expect(page.totalCount).to.equal(5);
      seen.push(...page.edges.map((e) => e.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(page.edges[page.edges.length - 1]!.cursor).to.equal(after);
    }
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal([ids.neDraft, ids.neApproved, ids.neActive, ids.tvStaffing, ids.tvCancelled]);
    expect(onlyError(await server.gql(`{ projects(first: 201) { totalCount } }`, {}, a.admin.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['first'] });
    expect(onlyError(await server.gql(`{ projects(after: "garbage!") { totalCount } }`, {}, a.admin.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['after'] });
  });

  it('loads nested fields in batches: one read per kind of thing (per distinct id on FerretDB), however many projects and slots', async () => {
    // Two more slots on every project, so there are many of each nested thing.
    const extra = [
      { roleLevelId: 'delivery-manager', daysPerWeek: 1, desired: [{ skillId: 'accessibility', proficiency: 'Working' }] },
      { roleLevelId: 'content-designer', daysPerWeek: 3 },
    ];
    const lots = await Promise.all(
      [1, 2, 3].map(() => createProject(viewerOf(a.requester, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE }), projectInput({ slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 2 }, ...extra] }))),
    );
    const queries: string[] = [];
    const debug = (collection: string, method: string) => queries.push(`${collection}.${method}`);
    const query = `{ projects(first: 50) { nodes { ${PROJECT_FIELDS} slots { required { skill { name } } roleLevel { role { name } } } } } }`;
    // Reference data (councils, role levels, roles, skills) is read whole once per process, then served from memory.
    await server.gql(query, {}, a.admin.token);
    mongoose.set('debug', debug);
    let r;
    try {
      r = await server.gql(query, {}, a.admin.token);
    } finally {
      mongoose.set('debug', false);
      // Leave the data as the other tests here expect it, whatever order they run in.
      await Project.deleteMany({ _id: { $in: lots.map((p) => p._id) } });
    }
    expect(r.errors).to.equal(undefined);
    expect(r.data!.projects.nodes).to.have.length(5 + lots.length);
    const counts: Record<string, number> = {};
    for (const q of queries) counts[q] = (counts[q] ?? 0) + 1;
    // users: the viewer (auth) + one batch for createdBy and statusHistory.by.
    const kinds = ['users.findOne', 'projects.find', 'pools.find', 'users.find'];
    expect(Object.keys(counts).sort()).to.deep.equal([...kinds].sort());
    if (onFerretDB()) {
      // A batch is one equality read per distinct id (FerretDB would scan for an $in), never one per place it appears:
      // 8 projects name 2 pools and a few users.
      expect(counts, JSON.stringify(counts)).to.deep.include({ 'projects.find': 1, 'users.findOne': 1 });
      for (const k of kinds) expect(counts[k], k).to.be.at.most(30);
    } else {
      expect(counts).to.deep.equal(Object.fromEntries(kinds.map((k) => [k, 1])));
    }
  });
});
