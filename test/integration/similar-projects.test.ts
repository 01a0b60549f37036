// "Who else is building this" over real GraphQL: similar projects for a
// described project and on a project, what each viewer sees of them, the
// per-service-area activity for a lead, bad input and permissions.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { createProject } from '../../server/services/projects.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { GATESHEAD, HARTLEPOOL, NEWCASTLE, projectInput, seedActors, seedProject, viewerOf, type Actor, type Actors } from '../support/projects.ts';

// Words only in the outcomes of projects, never in the queries: they must never come back.
const SECRET_DRAFT_WORD = 'zebracorn';
const SECRET_OUTCOME_WORD = 'quokka';

const DESCRIBED = {
  serviceArea: 'HOUSING_REPAIRS',
  phase: 'ALPHA',
  title: 'Report damp and mould online',
  outcome: 'Tenants report damp and mould in their homes online, with photos, and get a repair booked',
};

const FIELDS = `projectId title serviceArea phase status score wordsInCommon leadCouncil { gssCode } councils { gssCode } pool { id name }`;

describe('similar projects (who else is building this)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let a: Actors;
  const ids: Record<string, string> = {};
  before(async () => {
    server = await startTestServer({ label: 'similar-projects' });
    a = await seedActors(server);
    // Newcastle (with Gateshead) in the North East pool.
    ids.neDamp = await seedProject(a, 'APPROVED', {
      serviceArea: 'HOUSING_REPAIRS',
      phase: 'ALPHA',
      title: 'Damp and mould reporting',
      outcome: 'Tenants report damp and mould with photos and a repair is booked quickly',
    });
    ids.nePlanning = await seedProject(a, 'ACTIVE', { serviceArea: 'PLANNING', phase: 'ALPHA', title: 'Damp and mould reporting', outcome: 'Report damp and mould' });
    ids.neCancelled = await seedProject(a, 'CANCELLED', { serviceArea: 'HOUSING_REPAIRS', phase: 'ALPHA', title: 'Damp and mould reporting online', outcome: 'Report damp' });
    // Hartlepool in Tees Valley.
    const hartlepool = viewerOf(a.otherRequester, 'COUNCIL_REQUESTER', { councilId: HARTLEPOOL });
    const tv = async (status: string, over: Parameters<typeof projectInput>[0]) => {
      const p = await createProject(hartlepool, projectInput({ poolId: 'tees-valley', councilIds: [], ...over }));
      await Project.updateOne({ _id: p._id }, { $set: { status } });
      return String(p._id);
    };
    ids.tvActive = await tv('ACTIVE', {
      serviceArea: 'HOUSING_REPAIRS',
      phase: 'BETA',
      title: 'Damp and mould repairs',
      outcome: `Tenants report damp online and the ${SECRET_OUTCOME_WORD} scheduler books a repair`,
    });
    ids.tvDraft = await tv('DRAFT', {
      serviceArea: 'HOUSING_REPAIRS',
      phase: 'ALPHA',
      title: 'Report damp and mould online',
      outcome: `Tenants report damp and mould online with ${SECRET_DRAFT_WORD} photos`,
    });
  });
  after(() => server?.stop());

  const similar = (actor: Actor, input: Record<string, unknown> = DESCRIBED, first?: number) =>
    server.gql(`query($i: SimilarProjectsInput!, $n: Int) { similarProjects(input: $i, first: $n) { ${FIELDS} } }`, { i: input, ...(first === undefined ? {} : { n: first }) }, actor.token);

  const named = (list: { title: string; pool: { id: string } }[]) => list.map((s) => `${s.pool.id}: ${s.title}`);

  it("shows a requester similar projects in other councils and pools, never another council's draft, a cancelled project or another service area", async () => {
    const r = await similar(a.requester);
    expect(r.errors).to.equal(undefined);
    const list = r.data!.similarProjects;
    expect(named(list)).to.have.members(['north-east-ca: Damp and mould reporting', 'tees-valley: Damp and mould repairs']);
    // Same phase (ALPHA) and closer text first.
    expect(list[0].title).to.equal('Damp and mould reporting');
    const tv = list.find((s: { pool: { id: string } }) => s.pool.id === 'tees-valley');
    expect(tv).to.deep.include({ projectId: null, serviceArea: 'HOUSING_REPAIRS', phase: 'BETA', status: 'ACTIVE', leadCouncil: { gssCode: HARTLEPOOL }, councils: [{ gssCode: HARTLEPOOL }] });
    expect(tv.pool.name).to.be.a('string').and.not.equal('');
    expect(tv.wordsInCommon).to.include('damp');
    // The requester's own council's project: whole, so with its id.
    expect(list[0]).to.deep.include({ projectId: ids.neDamp, leadCouncil: { gssCode: NEWCASTLE }, councils: [{ gssCode: NEWCASTLE }, { gssCode: GATESHEAD }] });
  });

  it('never puts text the caller may not read into the answer', async () => {
    for (const actor of [a.requester, a.consortiumRequester, a.practitioner, a.lead]) {
      const body = JSON.stringify((await similar(actor)).data);
      expect(body, actor.label).to.not.include(SECRET_OUTCOME_WORD).and.not.include(SECRET_DRAFT_WORD).and.not.include('photos and a repair');
    }
  });

  it('gives the id only to those who may read the whole project, and shows a council its own draft', async () => {
    const idsFor = async (actor: Actor) => Object.fromEntries((await similar(actor)).data!.similarProjects.map((s: { title: string; pool: { id: string }; projectId: string | null }) => [`${s.pool.id}: ${s.title}`, s.projectId]));
    expect(await idsFor(a.otherRequester)).to.deep.equal({
      'tees-valley: Report damp and mould online': ids.tvDraft,
      'tees-valley: Damp and mould repairs': ids.tvActive,
      'north-east-ca: Damp and mould reporting': null,
    });
    expect(await idsFor(a.practitioner)).to.deep.equal({ 'north-east-ca: Damp and mould reporting': ids.neDamp, 'tees-valley: Damp and mould repairs': ids.tvActive });
    expect(await idsFor(a.lead)).to.deep.equal({ 'north-east-ca: Damp and mould reporting': ids.neDamp, 'tees-valley: Damp and mould repairs': null });
    const all = await idsFor(a.admin);
    expect(Object.values(all)).to.have.members([ids.neDamp, ids.tvActive, ids.tvDraft]);
  });

  it('leaves out the project being edited (excludeProjectId), and on a project never lists itself', async () => {
    const r = await similar(a.requester, { ...DESCRIBED, excludeProjectId: ids.neDamp });
    expect(named(r.data!.similarProjects)).to.deep.equal(['tees-valley: Damp and mould repairs']);
    const p = await server.gql(`query($id: ID!) { project(id: $id) { similarProjects { ${FIELDS} } } }`, { id: ids.neDamp }, a.requester.token);
    expect(p.errors).to.equal(undefined);
    expect(named(p.data!.project.similarProjects)).to.deep.equal(['tees-valley: Damp and mould repairs']);
    expect(JSON.stringify(p.data)).to.not.include(SECRET_OUTCOME_WORD);
  });

  it("counts per service area the councils working on it, in every pool and in the lead's own", async () => {
    const q = `query($p: ID!) { serviceAreaActivity(poolId: $p) { pool { id } statuses areas { serviceArea councilCount councils { gssCode } projectCount poolCouncilCount poolProjectCount } } }`;
    const r = await server.gql(q, { p: 'north-east-ca' }, a.lead.token);
    expect(r.errors).to.equal(undefined);
    const report = r.data!.serviceAreaActivity;
    expect(report.pool.id).to.equal('north-east-ca');
    expect(report.statuses).to.deep.equal(['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED']);
    // Drafts and cancelled projects do not count; Newcastle's and Hartlepool's approved-or-later ones do.
    expect(report.areas).to.deep.equal([
      {
        serviceArea: 'HOUSING_REPAIRS',
        councilCount: 3,
        councils: [{ gssCode: 'E06000001' }, { gssCode: NEWCASTLE }, { gssCode: GATESHEAD }],
        projectCount: 2,
        poolCouncilCount: 2,
        poolProjectCount: 1,
      },
      { serviceArea: 'PLANNING', councilCount: 2, councils: [{ gssCode: NEWCASTLE }, { gssCode: GATESHEAD }], projectCount: 1, poolCouncilCount: 2, poolProjectCount: 1 },
    ]);
  });

  it('refuses bad input with a coded error and its field path, before reading anything', async () => {
    const cases: [Record<string, unknown>, number | undefined, (string | number)[]][] = [
      [{ ...DESCRIBED, serviceArea: 'NOT_AN_AREA' }, undefined, ['input', 'serviceArea']],
      [{ ...DESCRIBED, phase: 'LATER' }, undefined, ['input', 'phase']],
      [{ ...DESCRIBED, title: '   ' }, undefined, ['input', 'title']],
      [{ ...DESCRIBED, outcome: 'x'.repeat(4001) }, undefined, ['input', 'outcome']],
      [{ ...DESCRIBED, excludeProjectId: 'nope' }, undefined, ['input', 'excludeProjectId']],
      [DESCRIBED, 0, ['first']],
      [DESCRIBED, 21, ['first']],
    ];
    for (const [input, first, field] of cases) {
      const e = onlyError(await similar(a.requester, input, first));
      expect(e.extensions?.code, JSON.stringify(field)).to.equal('BAD_USER_INPUT');
      expect(e.extensions?.field, JSON.stringify(field)).to.deep.equal(field);
    }
    // An unknown enum literal in the document fails validation (graphql/errors.ts keeps that code) at the same path.
    const lit = await server.gql(`{ similarProjects(input: { serviceArea: NOWHERE, phase: ALPHA, title: "x" }) { title } }`, {}, a.requester.token);
    expect(onlyError(lit).extensions).to.deep.include({ code: 'GRAPHQL_VALIDATION_FAILED', field: ['input', 'serviceArea'] });
    const onProject = await server.gql(`query($id: ID!) { project(id: $id) { similarProjects(first: 50) { title } } }`, { id: ids.neDamp }, a.requester.token);
    expect(onlyError(onProject).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['first'] });
    const noPool = await server.gql(`{ serviceAreaActivity(poolId: "no-such-pool") { areas { serviceArea } } }`, {}, a.admin.token);
    expect(onlyError(noPool).extensions).to.deep.include({ code: 'NOT_FOUND', field: ['poolId'] });
  });

  it('refuses the anonymous, and gives activity only to the pool’s leads and admins', async () => {
    expect(onlyError(await similar(a.anonymous)).extensions?.code).to.equal('UNAUTHENTICATED');
    const q = `query($p: ID!) { serviceAreaActivity(poolId: $p) { areas { serviceArea } } }`;
    const code = async (actor: Actor) => (await server.gql(q, { p: 'north-east-ca' }, actor.token)).errors?.[0]?.extensions?.code ?? 'OK';
    expect(await code(a.anonymous)).to.equal('UNAUTHENTICATED');
    expect(await code(a.otherLead)).to.equal('FORBIDDEN');
    expect(await code(a.requester)).to.equal('FORBIDDEN');
    expect(await code(a.practitioner)).to.equal('FORBIDDEN');
    expect(await code(a.lead)).to.equal('OK');
    expect(await code(a.admin)).to.equal('OK');
  });
});
