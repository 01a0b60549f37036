// No error message shows what the caller may not read. The North East lead
// may not read a London practitioner; whatever they send with that
// practitioner's id (a booking, whyNot, a contract proposal), the refusal
// names nobody and no other council. Nor does a plan over another pool's
// project say which pool it is, nor an amendment refused for a lapsed
// contract name the person.
import { expect } from 'chai';
import { CentralContract } from '../../models/central-contract.ts';
import { createPool } from '../../server/services/pools.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { bookActive, seedScene, type Scene } from '../support/agreements.ts';

const BARKING = 'E09000002'; // Barking and Dagenham, in the London pool only

describe('refusals name nobody the caller may not read', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;
  let londoner: { id: string; name: string; email: string };
  /** Everything about the Londoner the North East lead may not learn. */
  let secrets: string[];

  before(async () => {
    server = await startTestServer({ label: 'refusals-name-nobody', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    await createPool({ id: 'london', name: 'London digital pool', footprint: ['E09000001', BARKING] });
    const p = await seedPractitioner({ name: 'Tariq Green', email: 'tariq.green@barking-dagenham.example', homeCouncilId: BARKING });
    londoner = { id: p.id, name: p.name, email: p.email };
    await seedContract({ practitionerId: p.id, poolId: 'london', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    secrets = ['Tariq', 'Green', 'tariq.green', 'barking', 'Barking', 'Dagenham', BARKING, 'London', 'london'];
  });
  after(() => server?.stop());

  /** The whole error, message and extensions (details, field) alike, says none of `words`. */
  const saysNoneOf = (err: ReturnType<typeof onlyError>, words: string[], label: string) => {
    const text = JSON.stringify({ message: err.message, extensions: err.extensions });
    for (const w of words) expect(text, `${label}: ${text}`).not.to.include(w);
  };

  it('the lead may not read the practitioner', async () => {
    const err = onlyError(await server.gql(`query($id: ID!) { practitioner(id: $id) { name } }`, { id: londoner.id }, s.lead.token));
    expect(err.extensions?.code).to.equal('FORBIDDEN');
    saysNoneOf(err, secrets, 'practitioner');
  });

  it('bookPractitioner: CONFLICT, naming no one', async () => {
    const r = await server.gql(
      `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id } }`,
      { i: { practitionerId: londoner.id, projectId: s.projectId, slotId: s.slotId, start: '2027-03-01', end: '2027-03-28', daysPerWeek: 2 } },
      s.lead.token,
    );
    const err = onlyError(r);
    expect(err.extensions?.code).to.equal('CONFLICT');
    expect(err.extensions?.field).to.deep.equal(['input', 'practitionerId']);
    saysNoneOf(err, secrets, 'bookPractitioner');
  });

  it('whyNot: FORBIDDEN, naming no one', async () => {
    const err = onlyError(await server.gql(
      `query($p: ID!, $s: ID!, $x: ID!) { whyNot(projectId: $p, slotId: $s, practitionerId: $x) { fits } }`,
      { p: s.projectId, s: s.slotId, x: londoner.id },
      s.lead.token,
    ));
    expect(err.extensions?.code).to.equal('FORBIDDEN');
    saysNoneOf(err, secrets, 'whyNot');
  });

  it("proposeCentralContract: BAD_USER_INPUT at the pool, without the practitioner's home council", async () => {
    const err = onlyError(await server.gql(
      `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) { id } }`,
      { i: { practitionerId: londoner.id, poolId: 'north-east-ca', daysPerWeek: 1, start: '2027-01-01', end: '2027-06-30' } },
      s.lead.token,
    ));
    expect(err.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'poolId'] });
    saysNoneOf(err, secrets, 'proposeCentralContract');
  });

  it("planProgramme over another pool's project: refused without saying whose it is or its status", async () => {
    // A Tees Valley project (Hartlepool's), which the North East lead may not read.
    const id = await seedTeesProject();
    const err = onlyError(await server.gql(
      `mutation($ids: [ID!]!) { planProgramme(poolId: "north-east-ca", projectIds: $ids, from: "2027-01-04", to: "2027-03-28") { id } }`,
      { ids: [id] },
      s.lead.token,
    ));
    expect(err.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['projectIds', 0] });
    saysNoneOf(err, ['tees-valley', 'Tees', 'DRAFT', 'Hartlepool', 'E06000001'], 'planProgramme');
  });

  it('amendAgreement when the contract has lapsed: CONFLICT, naming "the practitioner"', async () => {
    const placement = await bookActive(s);
    const contract = await CentralContract.findOne({ practitionerId: placement.practitionerId }).lean();
    const ended = await server.gql(`mutation($id: ID!) { transitionCentralContract(id: $id, to: ENDED, note: "Left") { status } }`, { id: String(contract!._id) }, s.admin.token);
    expect(ended.errors).to.equal(undefined);
    const name = (await server.gql(`query($id: ID!) { practitioner(id: $id) { name email } }`, { id: placement.practitionerId }, s.admin.token)).data!.practitioner;
    const err = onlyError(await server.gql(
      `mutation($id: ID!) { amendAgreement(id: $id, input: { summary: "Longer", end: "2027-04-25" }) { id } }`,
      { id: placement.agreementId },
      s.lead.token,
    ));
    expect(err.extensions?.code).to.equal('CONFLICT');
    expect(err.message).to.match(/^The practitioner no longer has/);
    saysNoneOf(err, [name.name, name.email], 'amendAgreement');
  });

  /** A project of Hartlepool's in the Tees Valley pool, made by an admin (the fixtures' requester is Newcastle's). */
  async function seedTeesProject(): Promise<string> {
    const r = await server.gql(
      `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
      {
        i: {
          title: 'Tees repairs', outcome: 'Repairs reported online', serviceArea: 'HOUSING_REPAIRS', phase: 'ALPHA', priority: 'LOW', onSiteExpectation: 'REMOTE',
          start: '2027-01-04', end: '2027-06-30', poolId: 'tees-valley', leadCouncilId: 'E06000001', slots: [{ roleLevelId: 'user-researcher', daysPerWeek: 1 }],
        },
      },
      s.admin.token,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.createProject.id as string;
  }
});
