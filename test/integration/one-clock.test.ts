// One clock: with FIXED_NOW set, every moment the service records reads the
// pinned clock: projects, central contracts, their status histories and audit
// events, practitioners, plans (created and committed), bookings and their
// agreements. Before, projects, contracts, audit events and createdAt/updatedAt
// used the wall clock, so a plan was committed before it was created.
import { expect } from 'chai';
import { Project } from '../../models/project.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { seedActors, type Actors } from '../support/projects.ts';
import { seedPractitioner } from '../support/practitioners.ts';

const FIXED = '2026-11-25T12:00:00.000Z';
const POOL = 'north-east-ca';

const CREATE = `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`;
const MOVE_PROJECT = `mutation($id: ID!, $to: ProjectStatus!) { transitionProject(id: $id, to: $to) { id status createdAt updatedAt statusHistory { action at } slots { id } } }`;
const PROPOSE = `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) { id } }`;
const MOVE_CONTRACT = `mutation($id: ID!, $to: CentralContractStatus!) { transitionCentralContract(id: $id, to: $to) { id status createdAt updatedAt statusHistory { action at } } }`;
const SQUAD = `mutation($p: ID!) { proposeSquad(projectId: $p, save: { name: "One clock" }) { id assignments { practitioner { id } } unfilled { missing reasons { code } } } }`;
const COMMIT = `mutation($id: ID!) { commitPlan(id: $id) { id status createdAt committedAt assignments { booking { id } } } }`;
const AGREEMENTS = `query($p: ID!) { agreements(filter: { projectId: $p }) { nodes { createdAt updatedAt versions { createdAt } booking { statusHistory { at } } } } }`;
const PRACTITIONER = `query($id: ID!) { practitioner(id: $id) { createdAt updatedAt } }`;
const LOG = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { nodes { action at } } }`;

describe('one clock: FIXED_NOW pins every recorded moment', function () {
  this.timeout(120_000);
  let server: TestServer;
  let actors: Actors;

  before(async () => {
    server = await startTestServer({ label: 'one-clock', env: { FIXED_NOW: FIXED } });
    actors = await seedActors(server);
  });
  after(() => server?.stop());

  const ok = async <T>(query: string, variables: Record<string, unknown>, token?: string) => {
    const r = await server.gql<T>(query, variables, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!;
  };

  it('records projects, contracts, plans, bookings, agreements and their audit events at the pinned time', async () => {
    const person = await seedPractitioner({ name: 'Clock Keeper', roleLevelId: 'senior-user-researcher', homeCouncilId: 'E08000024', skills: [{ skillId: 'user-research-methods', proficiency: 'Expert' }] });
    const proposed = await ok<{ proposeCentralContract: { id: string } }>(PROPOSE, { i: { practitionerId: person.id, poolId: POOL, daysPerWeek: 2, start: '2027-01-04', end: '2027-06-30' } }, actors.lead.token);
    const contractId = proposed.proposeCentralContract.id;
    const contract = (await ok<{ transitionCentralContract: { createdAt: string; updatedAt: string; statusHistory: { action: string; at: string }[] } }>(MOVE_CONTRACT, { id: contractId, to: 'APPROVED' }, actors.admin.token)).transitionCentralContract;
    expect(contract.statusHistory.map((h) => h.action)).to.deep.equal(['propose', 'approve']);
    expect([contract.createdAt, contract.updatedAt, ...contract.statusHistory.map((h) => h.at)]).to.deep.equal(Array(4).fill(FIXED));

    const created = await ok<{ createProject: { id: string } }>(CREATE, {
      i: { title: 'Clock tower repairs', outcome: 'Residents report a stopped clock online', serviceArea: 'PLANNING', phase: 'DISCOVERY', start: '2027-01-04', end: '2027-03-26', priority: 'HIGH', onSiteExpectation: 'HYBRID', poolId: POOL, councilIds: [], slots: [{ roleLevelId: 'senior-user-researcher', daysPerWeek: 2, required: [{ skillId: 'user-research-methods', proficiency: 'WORKING' }] }] },
    }, actors.requester.token);
    const projectId = created.createProject.id;
    await ok(MOVE_PROJECT, { id: projectId, to: 'SUBMITTED' }, actors.requester.token);
    const project = (await ok<{ transitionProject: { createdAt: string; updatedAt: string; statusHistory: { action: string; at: string }[] } }>(MOVE_PROJECT, { id: projectId, to: 'APPROVED' }, actors.lead.token)).transitionProject;
    expect(project.statusHistory.map((h) => h.action)).to.deep.equal(['create', 'submit', 'approve']);
    expect([project.createdAt, project.updatedAt, ...project.statusHistory.map((h) => h.at)]).to.deep.equal(Array(5).fill(FIXED));
    // The stored documents agree with what the API answers.
    const stored = (await Project.findById(projectId).lean())!;
    expect(stored.createdAt.toISOString()).to.equal(FIXED);

    const squad = (await ok<{ proposeSquad: { id: string; assignments: { practitioner: { id: string } }[] } }>(SQUAD, { p: projectId }, actors.lead.token)).proposeSquad;
    expect(squad.assignments.map((a) => a.practitioner.id), JSON.stringify(squad)).to.deep.equal([person.id]);
    const plan = (await ok<{ commitPlan: { status: string; createdAt: string; committedAt: string; assignments: { booking: { id: string } | null }[] } }>(COMMIT, { id: squad.id }, actors.lead.token)).commitPlan;
    expect(plan).to.deep.include({ status: 'COMMITTED', createdAt: FIXED, committedAt: FIXED });
    expect(plan.assignments[0]!.booking).to.not.equal(null);

    const agreements = (await ok<{ agreements: { nodes: { createdAt: string; updatedAt: string; versions: { createdAt: string }[]; booking: { statusHistory: { at: string }[] } }[] } }>(AGREEMENTS, { p: projectId }, actors.lead.token)).agreements.nodes;
    expect(agreements).to.have.length(1);
    const a = agreements[0]!;
    expect([a.createdAt, a.updatedAt, ...a.versions.map((v) => v.createdAt), ...a.booking.statusHistory.map((h) => h.at)].every((t) => t === FIXED)).to.equal(true);

    const profile = (await ok<{ practitioner: { createdAt: string; updatedAt: string } }>(PRACTITIONER, { id: person.id }, actors.admin.token)).practitioner;
    expect(profile).to.deep.equal({ createdAt: FIXED, updatedAt: FIXED });

    for (const f of [{ entityType: 'Project', entityId: projectId }, { entityType: 'CentralContract', entityId: contractId }, { entityType: 'Plan', entityId: squad.id }]) {
      const events = (await ok<{ auditEvents: { nodes: { action: string; at: string }[] } }>(LOG, { f }, actors.admin.token)).auditEvents.nodes;
      expect(events.length, JSON.stringify(f)).to.be.above(0);
      expect(events.map((e) => e.at)).to.deep.equal(events.map(() => FIXED));
    }
  });
});
