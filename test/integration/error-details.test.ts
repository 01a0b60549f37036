// Every error has a code, and every input error its field path:
// - values graphql-js cannot coerce (a LocalDate "2027-02-30", an Int out of
//   range), given as variables or literals, answer BAD_USER_INPUT with the
//   argument's path in extensions.field;
// - a taken email answers CONFLICT with its path in extensions.field;
// - councilLedger for a well-formed code that is no council answers NOT_FOUND;
// - the home council declines a proposed central contract with a reason,
//   recorded as a decline;
// - status messages read "An ACTIVE project", not "A ACTIVE".
import { expect } from 'chai';
import { AuditEvent } from '../../models/audit-event.ts';
import { Project } from '../../models/project.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { seedActors, seedProject, NEWCASTLE, type Actors } from '../support/projects.ts';

const LEDGER = `query($c: ID!, $from: LocalDate!, $to: LocalDate!) { councilLedger(councilId: $c, from: $from, to: $to) { balance { daysGiven } } }`;
const DECLINE = `mutation($id: ID!, $r: String!) { declineCentralContract(id: $id, reason: $r) { status statusHistory { status action note } } }`;
const MOVE = `mutation($id: ID!, $to: CentralContractStatus!, $note: String) { transitionCentralContract(id: $id, to: $to, note: $note) { status statusHistory { action note } } }`;

describe('error codes and field paths', function () {
  this.timeout(120_000);
  let server: TestServer;
  let a: Actors;

  before(async () => {
    server = await startTestServer({ label: 'error-details', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    a = await seedActors(server);
  });
  after(() => server?.stop());

  describe('values that do not coerce', () => {
    it('a LocalDate variable that is no date: BAD_USER_INPUT at the input field', async () => {
      const err = onlyError(await server.gql(
        `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id } }`,
        { i: { practitionerId: '0'.repeat(24), projectId: '0'.repeat(24), slotId: '0'.repeat(24), start: '2027-02-30', end: '2027-03-28', daysPerWeek: 2 } },
        a.lead.token,
      ));
      expect(err.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'start'] });
    });

    it('a LocalDate argument, as a variable or a literal, and inside a nested field', async () => {
      const variable = onlyError(await server.gql(LEDGER, { c: NEWCASTLE, from: '2027-02-30', to: '2027-03-31' }, a.admin.token));
      expect(variable.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['from'] });
      const literal = onlyError(await server.gql(`{ councilLedger(councilId: "${NEWCASTLE}", from: "2027-03-01", to: "2027-02-30") { balance { daysGiven } } }`, {}, a.admin.token));
      expect(literal.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['to'] });
      const nested = onlyError(await server.gql(`{ bankHolidays(from: "2027-13-01", to: "2027-12-31") { date } }`));
      expect(nested.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['from'] });
    });

    it('an Int out of range, as a variable or a literal, and inside an input object', async () => {
      const variable = onlyError(await server.gql(`query($n: Int) { councils(first: $n) { totalCount } }`, { n: 2 ** 40 }));
      expect(variable.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['first'] });
      const literal = onlyError(await server.gql(`{ councils(first: 99999999999) { totalCount } }`));
      expect(literal.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['first'] });
      const inInput = onlyError(await server.gql(
        `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) { id } }`,
        { i: { practitionerId: '0'.repeat(24), poolId: 'north-east-ca', daysPerWeek: 1, start: '2027-01-01', end: '2027-06-30', recallNoticeWeeks: 2 ** 40 } },
        a.lead.token,
      ));
      expect(inInput.extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['input', 'recallNoticeWeeks'] });
    });
  });

  it('a taken email: CONFLICT with the path in extensions.field (users and practitioners)', async () => {
    const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
    const input = { email: 'taken@example.test', name: 'Sam', password: 'at least ten', role: 'COUNCIL_REQUESTER', councilId: NEWCASTLE };
    expect((await server.gql(CREATE_USER, { i: input }, a.admin.token)).errors).to.equal(undefined);
    const user = onlyError(await server.gql(CREATE_USER, { i: { ...input, name: 'Sam again' } }, a.admin.token));
    expect(user.extensions).to.deep.include({ code: 'CONFLICT', field: ['input', 'email'] });
    expect(user.extensions?.details?.field).to.equal(undefined);

    const first = await seedPractitioner();
    const practitioner = onlyError(await server.gql(
      `mutation($i: CreatePractitionerInput!) { createPractitioner(input: $i) { id } }`,
      { i: { name: 'Another', email: first.email, homeCouncilId: NEWCASTLE, roleLevelId: 'user-researcher' } },
      a.admin.token,
    ));
    expect(practitioner.extensions).to.deep.include({ code: 'CONFLICT', field: ['input', 'email'] });
    expect(practitioner.extensions?.details?.field).to.equal(undefined);
  });

  it('councilLedger: NOT_FOUND for a well-formed code that is no council, whoever asks; FORBIDDEN for a real council not theirs', async () => {
    const period = { from: '2027-03-01', to: '2027-03-31' };
    for (const who of [a.lead, a.requester, a.otherLead, a.practitioner, a.admin]) {
      const unknown = onlyError(await server.gql(LEDGER, { c: 'E08999999', ...period }, who.token));
      expect(unknown.extensions, who.label).to.deep.include({ code: 'NOT_FOUND', field: ['councilId'] });
      const malformed = onlyError(await server.gql(LEDGER, { c: 'X1', ...period }, who.token));
      expect(malformed.extensions, who.label).to.deep.include({ code: 'BAD_USER_INPUT', field: ['councilId'] });
    }
    expect(onlyError(await server.gql(LEDGER, { c: 'E06000001', ...period }, a.lead.token)).extensions?.code).to.equal('FORBIDDEN'); // Hartlepool: Tees Valley's
    expect(onlyError(await server.gql(LEDGER, { c: 'E08999999', ...period })).extensions?.code).to.equal('UNAUTHENTICATED');
  });

  describe('declining a proposed central contract', () => {
    let homeRequester: { token: string };
    const proposed = async () => {
      const p = await seedPractitioner({ homeCouncilId: NEWCASTLE });
      return (await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', start: '2027-01-01', end: '2027-12-31' }, 'PROPOSED')).id;
    };
    before(async () => {
      homeRequester = a.requester as { token: string }; // Newcastle's requester: the home council
    });

    it('the home council declines with a reason: ENDED, recorded and audited as a decline', async () => {
      const id = await proposed();
      const r = await server.gql(DECLINE, { id, r: 'We cannot spare them this year' }, homeRequester.token);
      expect(r.errors).to.equal(undefined);
      expect(r.data!.declineCentralContract.status).to.equal('ENDED');
      expect(r.data!.declineCentralContract.statusHistory.at(-1)).to.deep.equal({ status: 'ENDED', action: 'decline', note: 'We cannot spare them this year' });
      const audit = await AuditEvent.find({ entityType: 'CentralContract', entityId: id }).sort({ at: 1, _id: 1 }).lean();
      expect(audit.at(-1)).to.deep.include({ action: 'contract.decline', after: { status: 'ENDED', note: 'We cannot spare them this year' } });
    });

    it('needs a reason, from the home council (or an admin), while the contract is proposed', async () => {
      const id = await proposed();
      expect(onlyError(await server.gql(DECLINE, { id, r: '  ' }, homeRequester.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['reason'] });
      expect(onlyError(await server.gql(DECLINE, { id, r: 'Not ours to decline' }, a.lead.token)).extensions?.code).to.equal('FORBIDDEN');
      // Ending it by transition is a decline too for the home council, so it needs the note.
      expect(onlyError(await server.gql(MOVE, { id, to: 'ENDED' }, homeRequester.token)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['note'] });
      // The pool withdrawing its own proposal needs no reason.
      const withdrawn = await server.gql(MOVE, { id, to: 'ENDED' }, a.lead.token);
      expect(withdrawn.data!.transitionCentralContract.statusHistory.at(-1)).to.deep.equal({ action: 'withdraw', note: null });
      const approved = await seedContract({ practitionerId: (await seedPractitioner({ homeCouncilId: NEWCASTLE })).id, poolId: 'north-east-ca', start: '2027-01-01', end: '2027-12-31' }, 'APPROVED');
      const late = onlyError(await server.gql(DECLINE, { id: approved.id, r: 'Too late' }, homeRequester.token));
      expect(late.extensions?.code).to.equal('CONFLICT');
      expect(late.message).to.equal('Only a PROPOSED contract can be declined; this one is APPROVED');
      // An admin declines for the home council.
      const other = await proposed();
      const byAdmin = await server.gql(DECLINE, { id: other, r: 'On behalf of Newcastle' }, a.admin.token);
      expect(byAdmin.data!.declineCentralContract.statusHistory.at(-1)).to.deep.include({ action: 'decline' });
    });
  });

  it('reads "An ACTIVE project", "an APPROVED contract"', async () => {
    const id = await seedProject(a, 'ACTIVE');
    const err = onlyError(await server.gql(`mutation($id: ID!) { transitionProject(id: $id, to: DRAFT) { status } }`, { id }, a.lead.token));
    expect(err.message).to.equal('An ACTIVE project cannot become DRAFT');
    const edit = onlyError(await server.gql(`mutation($id: ID!) { updateProject(id: $id, input: { priority: LOW }) { id } }`, { id }, a.lead.token));
    expect(edit.message).to.match(/^An ACTIVE project cannot be edited by you/);
    await Project.updateOne({ _id: id }, { $set: { status: 'APPROVED' } });
    const p = await seedPractitioner({ homeCouncilId: NEWCASTLE });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', start: '2027-01-01', end: '2027-12-31' }, 'APPROVED');
    const clash = onlyError(await server.gql(
      `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) { id } }`,
      { i: { practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 1, start: '2027-06-01', end: '2027-12-31' } },
      a.lead.token,
    ));
    expect(clash.message).to.match(/^This practitioner already has an APPROVED contract/);
  });
});
