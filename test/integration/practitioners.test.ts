// Practitioner profiles and leave over real GraphQL against a real database:
// who may create, read and edit, what bad input answers, and that a refused
// request writes nothing.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { practitionerInput, seedContract, seedPractitioner } from '../support/practitioners.ts';
import { Practitioner } from '../../models/practitioner.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { createPool, setPoolFootprint } from '../../server/services/pools.ts';
import { createUser } from '../../server/services/users.ts';

const NEWCASTLE = 'E08000021'; // in north-east-ca's footprint
const GATESHEAD = 'E08000037'; // in north-east-ca's footprint too
const HARTLEPOOL = 'E06000001'; // in tees-valley's footprint

const CREATE = `mutation($i: CreatePractitionerInput!) { createPractitioner(input: $i) {
  id name email region workPreference serviceAreas homeCouncil { gssCode } roleLevel { id } role { id }
  workingPattern { monday tuesday wednesday thursday friday saturday sunday total }
  skills { proficiency skill { id name } } } }`;
const UPDATE = `mutation($id: ID!, $i: UpdatePractitionerInput!) { updatePractitioner(id: $id, input: $i) {
  id name region roleLevel { id } homeCouncil { gssCode } workingPattern { total } skills { proficiency skill { id } } } }`;
const READ = `query($id: ID!) { practitioner(id: $id) { id name homeCouncil { gssCode } leave { id start end halfDay note } } }`;
const ADD_LEAVE = `mutation($p: ID!, $i: LeaveInput!) { addLeave(practitionerId: $p, input: $i) { leave { id start end halfDay note } practitioner { leave { id } } } }`;
const REMOVE_LEAVE = `mutation($p: ID!, $l: ID!) { removeLeave(practitionerId: $p, leaveId: $l) { leave { id } } }`;

type Tokens = Record<string, string | undefined>;

describe('practitioners', function () {
  this.timeout(120_000);
  let server: TestServer;
  const t: Tokens = {};
  let self: Awaited<ReturnType<typeof seedPractitioner>>;
  let other: Awaited<ReturnType<typeof seedPractitioner>>;

  before(async () => {
    server = await startTestServer({ label: 'practitioners' });
    await seedPools();
    self = await seedPractitioner({ homeCouncilId: NEWCASTLE });
    other = await seedPractitioner({ homeCouncilId: GATESHEAD });
    t.admin = (await userToken(server, 'ADMIN')).token;
    t.leadNE = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    t.leadTV = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'tees-valley' })).token;
    t.reqHome = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE })).token;
    t.reqOther = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: GATESHEAD })).token;
    t.self = (await userToken(server, 'PRACTITIONER', { practitionerId: self.id })).token;
    t.otherPractitioner = (await userToken(server, 'PRACTITIONER', { practitionerId: other.id })).token;
    t.anonymous = undefined;
  });
  after(() => server?.stop());

  const count = () => Practitioner.countDocuments();
  const stored = async (id: string) => Practitioner.findById(id).lean();

  async function expectRefused(who: string, query: string, variables: Record<string, unknown>, code = who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN') {
    const r = await server.gql(query, variables, t[who]);
    expect(onlyError(r).extensions?.code, who).to.equal(code);
  }

  describe('createPractitioner', () => {
    it('lets an admin, the home council’s requester and a covering pool’s lead create, with the defaults filled in', async () => {
      for (const who of ['admin', 'reqHome', 'leadNE']) {
        const before = await count();
        const input = practitionerInput({ homeCouncilId: NEWCASTLE });
        const r = await server.gql(CREATE, { i: input }, t[who]);
        expect(r.errors, who).to.equal(undefined);
        expect(r.data!.createPractitioner).to.deep.include({
          email: input.email,
          region: 'NORTH_EAST',
          workPreference: 'HYBRID',
          serviceAreas: [],
          homeCouncil: { gssCode: NEWCASTLE },
          roleLevel: { id: 'user-researcher' },
          role: { id: 'user-researcher' },
          workingPattern: { monday: 1, tuesday: 1, wednesday: 1, thursday: 1, friday: 1, saturday: 0, sunday: 0, total: 5 },
        });
        expect(await count()).to.equal(before + 1);
      }
    });

    it('refuses another council’s requester, another pool’s lead, practitioners and anonymous callers, writing nothing', async () => {
      const before = await count();
      for (const who of ['reqOther', 'leadTV', 'self', 'anonymous']) {
        await expectRefused(who, CREATE, { i: practitionerInput({ homeCouncilId: NEWCASTLE }) });
      }
      // A lead may add people only for councils in their pool's footprint.
      await expectRefused('leadNE', CREATE, { i: practitionerInput({ homeCouncilId: HARTLEPOOL }) });
      expect(await count()).to.equal(before);
    });

    it('stores a full profile: skills with proficiencies, region, pattern, service areas, preference', async () => {
      const input = practitionerInput({
        homeCouncilId: HARTLEPOOL,
        roleLevelId: 'senior-user-researcher',
        skills: [
          { skillId: 'user-research-methods', proficiency: 'EXPERT' as never },
          { skillId: 'inclusive-research', proficiency: 'WORKING' as never },
        ],
        region: 'YORKSHIRE_AND_THE_HUMBER' as never,
        workingPattern: { monday: 1, tuesday: 1, wednesday: 0.5, thursday: 0, friday: 1 },
        serviceAreas: ['PLANNING', 'HOUSING_REPAIRS', 'PLANNING'],
        workPreference: 'REMOTE',
      });
      const r = await server.gql(CREATE, { i: input }, t.admin);
      const p = r.data!.createPractitioner;
      expect(p).to.deep.include({ region: 'YORKSHIRE_AND_THE_HUMBER', workPreference: 'REMOTE', serviceAreas: ['PLANNING', 'HOUSING_REPAIRS'] });
      expect(p.workingPattern).to.deep.include({ wednesday: 0.5, thursday: 0, total: 3.5 });
      expect(p.skills).to.deep.equal([
        { proficiency: 'EXPERT', skill: { id: 'user-research-methods', name: 'User research methods' } },
        { proficiency: 'WORKING', skill: { id: 'inclusive-research', name: 'Inclusive research' } },
      ]);
      const doc = (await stored(p.id))!;
      // Denormalised for matching: the role and its ladder step, and skills by every step held.
      expect(doc).to.deep.include({ roleId: 'user-researcher', levelRank: 3, region: 'Yorkshire and The Humber', workingPattern: [2, 2, 1, 0, 2, 0, 0] });
      expect(doc.skillKeys).to.deep.equal(['user-research-methods:1', 'user-research-methods:2', 'user-research-methods:3', 'user-research-methods:4', 'inclusive-research:1', 'inclusive-research:2']);
      expect(await AuditEvent.countDocuments({ entityType: 'Practitioner', entityId: p.id, action: 'practitioner.create' })).to.equal(1);
    });

    it('answers bad input with BAD_USER_INPUT and its path, unknown references with NOT_FOUND, and writes nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string, (string | number)[]][] = [
        [{ email: 'not-an-email' }, 'BAD_USER_INPUT', ['input', 'email']],
        [{ name: '   ' }, 'BAD_USER_INPUT', ['input', 'name']],
        [{ homeCouncilId: 'X1' }, 'BAD_USER_INPUT', ['input', 'homeCouncilId']],
        [{ skills: [{ skillId: 'user-research-methods', proficiency: 'WORKING' }, { skillId: 'inclusive-research', proficiency: 'WORKING' }, { skillId: 'user-research-methods', proficiency: 'EXPERT' }] }, 'BAD_USER_INPUT', ['input', 'skills', 2, 'skillId']],
        [{ workingPattern: { monday: 1, tuesday: 0.3, wednesday: 1, thursday: 1, friday: 1 } }, 'BAD_USER_INPUT', ['input', 'workingPattern', 'tuesday']],
        [{ workingPattern: { monday: 0, tuesday: 0, wednesday: 0, thursday: 0, friday: 0 } }, 'BAD_USER_INPUT', ['input', 'workingPattern']],
        [{ homeCouncilId: 'E08999999' }, 'NOT_FOUND', ['input', 'homeCouncilId']],
        [{ roleLevelId: 'astronaut' }, 'NOT_FOUND', ['input', 'roleLevelId']],
        [{ skills: [{ skillId: 'inclusive-research', proficiency: 'WORKING' }, { skillId: 'juggling', proficiency: 'EXPERT' }] }, 'NOT_FOUND', ['input', 'skills', 1, 'skillId']],
      ];
      for (const [override, code, field] of cases) {
        const err = onlyError(await server.gql(CREATE, { i: { ...practitionerInput(), ...override } }, t.admin));
        expect(err.extensions, JSON.stringify(override)).to.deep.include({ code, field });
      }
      expect(await count()).to.equal(before);
      // The email is a unique key.
      const dup = onlyError(await server.gql(CREATE, { i: practitionerInput({ email: self.email.toUpperCase() }) }, t.admin));
      expect(dup.extensions).to.deep.include({ code: 'CONFLICT' });
      expect(await count()).to.equal(before);
    });
  });

  describe('updatePractitioner', () => {
    it('lets the practitioner, their home council’s requester and an admin edit', async () => {
      for (const [who, name] of [['self', 'Self edited'], ['reqHome', 'Requester edited'], ['admin', 'Admin edited']] as const) {
        const r = await server.gql(UPDATE, { id: self.id, i: { name } }, t[who]);
        expect(r.errors, who).to.equal(undefined);
        expect(r.data!.updatePractitioner.name).to.equal(name);
      }
    });

    it('refuses others, including a lead whose pool covers them, writing nothing', async () => {
      const before = await stored(self.id);
      for (const who of ['otherPractitioner', 'reqOther', 'leadNE', 'leadTV', 'anonymous']) {
        await expectRefused(who, UPDATE, { id: self.id, i: { name: `by ${who}` } });
      }
      expect(await stored(self.id)).to.deep.equal(before);
    });

    it('keeps the role level from the practitioner and the home council from all but admins, naming the field', async () => {
      const before = await stored(self.id);
      const lvl = onlyError(await server.gql(UPDATE, { id: self.id, i: { roleLevelId: 'lead-user-researcher' } }, t.self));
      expect(lvl.extensions).to.deep.include({ code: 'FORBIDDEN', field: ['input', 'roleLevelId'] });
      const home = onlyError(await server.gql(UPDATE, { id: self.id, i: { homeCouncilId: GATESHEAD } }, t.reqHome));
      expect(home.extensions).to.deep.include({ code: 'FORBIDDEN', field: ['input', 'homeCouncilId'] });
      expect(await stored(self.id)).to.deep.equal(before);
      // The practitioner keeps their own skills and working pattern.
      const mine = await server.gql(
        UPDATE,
        { id: self.id, i: { skills: [{ skillId: 'inclusive-research', proficiency: 'PRACTITIONER' }], workingPattern: { monday: 1, tuesday: 1, wednesday: 1, thursday: 1, friday: 0 } } },
        t.self,
      );
      expect(mine.data!.updatePractitioner).to.deep.include({ skills: [{ proficiency: 'PRACTITIONER', skill: { id: 'inclusive-research' } }], workingPattern: { total: 4 } });
      expect((await stored(self.id))!.skillKeys).to.deep.equal(['inclusive-research:1', 'inclusive-research:2', 'inclusive-research:3']);
      // The home council's requester regrades them; the ladder step follows.
      const regrade = await server.gql(UPDATE, { id: self.id, i: { roleLevelId: 'lead-user-researcher' } }, t.reqHome);
      expect(regrade.data!.updatePractitioner.roleLevel).to.deep.equal({ id: 'lead-user-researcher' });
      expect((await stored(self.id))!.levelRank).to.equal(4);
    });

    it('answers bad input and unknown references with the field path, writing nothing', async () => {
      const before = await stored(self.id);
      const cases: [Record<string, unknown>, string, (string | number)[]][] = [
        [{ email: 'nope' }, 'BAD_USER_INPUT', ['input', 'email']],
        [{ skills: [{ skillId: 'a', proficiency: 'WORKING' }, { skillId: 'a', proficiency: 'EXPERT' }] }, 'BAD_USER_INPUT', ['input', 'skills', 1, 'skillId']],
        [{ skills: [{ skillId: 'nonsense-skill', proficiency: 'WORKING' }] }, 'NOT_FOUND', ['input', 'skills', 0, 'skillId']],
        [{ workingPattern: { monday: 2, tuesday: 1, wednesday: 1, thursday: 1, friday: 1 } }, 'BAD_USER_INPUT', ['input', 'workingPattern', 'monday']],
        [{ homeCouncilId: 'E06999999' }, 'NOT_FOUND', ['input', 'homeCouncilId']],
        [{ roleLevelId: 'astronaut' }, 'NOT_FOUND', ['input', 'roleLevelId']],
        [{ email: other.email }, 'CONFLICT', ['input', 'email']],
      ];
      for (const [input, code, field] of cases) {
        const err = onlyError(await server.gql(UPDATE, { id: self.id, i: input }, t.admin));
        expect(err.extensions?.code, JSON.stringify(input)).to.equal(code);
        expect(err.extensions?.field ?? err.extensions?.details?.field, JSON.stringify(input)).to.deep.equal(field);
      }
      expect(await stored(self.id)).to.deep.equal(before);
      expect(onlyError(await server.gql(UPDATE, { id: '0123456789abcdef01234567', i: { name: 'x' } }, t.admin)).extensions?.code).to.equal('NOT_FOUND');
      expect(onlyError(await server.gql(UPDATE, { id: 'nope', i: { name: 'x' } }, t.admin)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['id'] });
    });

    it('moves a practitioner to another council only without live contracts; the region follows', async () => {
      const mover = await seedPractitioner({ homeCouncilId: NEWCASTLE });
      const contract = await seedContract({ practitionerId: mover.id, poolId: 'north-east-ca' }, 'PROPOSED');
      const refused = onlyError(await server.gql(UPDATE, { id: mover.id, i: { homeCouncilId: 'E09000001' } }, t.admin));
      expect(refused.extensions).to.deep.include({ code: 'CONFLICT' });
      expect((await stored(mover.id))!.homeCouncilId).to.equal(NEWCASTLE);
      await server.gql(`mutation { transitionCentralContract(id: "${contract.id}", to: ENDED) { status } }`, {}, t.admin);
      const moved = await server.gql(UPDATE, { id: mover.id, i: { homeCouncilId: 'E09000001' } }, t.admin);
      expect(moved.data!.updatePractitioner).to.deep.include({ homeCouncil: { gssCode: 'E09000001' }, region: 'LONDON' });
      expect(await AuditEvent.countDocuments({ entityType: 'Practitioner', entityId: mover.id, action: 'practitioner.update' })).to.equal(1);
    });
  });

  describe('practitioner(id)', () => {
    it('answers the practitioner, their home council’s requester, covering leads and admins', async () => {
      for (const who of ['self', 'reqHome', 'leadNE', 'admin']) {
        const r = await server.gql(READ, { id: self.id }, t[who]);
        expect(r.data?.practitioner?.id, who).to.equal(self.id);
      }
    });

    it('refuses everyone else', async () => {
      for (const who of ['otherPractitioner', 'reqOther', 'leadTV', 'anonymous']) await expectRefused(who, READ, { id: self.id });
      expect(onlyError(await server.gql(READ, { id: '0123456789abcdef01234567' }, t.leadTV)).extensions?.code).to.equal('NOT_FOUND');
      expect(onlyError(await server.gql(READ, { id: 'x' }, t.admin)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['id'] });
    });

    it('lets a pool that holds a contract with someone keep seeing them after its footprint changes', async () => {
      await createPool({ id: 'durham-digital', name: 'Durham digital', footprint: ['E06000047'] });
      const lead = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'durham-digital' })).token;
      const durham = await seedPractitioner({ homeCouncilId: 'E06000047' });
      const outsider = await seedPractitioner({ homeCouncilId: 'E06000047' });
      await seedContract({ practitionerId: durham.id, poolId: 'durham-digital' }, 'PROPOSED');
      await setPoolFootprint('durham-digital', ['E06000005']);
      expect((await server.gql(READ, { id: durham.id }, lead)).data!.practitioner.id).to.equal(durham.id);
      expect(onlyError(await server.gql(READ, { id: outsider.id }, lead)).extensions?.code).to.equal('FORBIDDEN');
    });

    it('links a practitioner user to their profile', async () => {
      const r = await server.gql(`{ me { practitionerId practitioner { id homeCouncil { name } } } }`, {}, t.self);
      expect(r.data!.me).to.deep.equal({ practitionerId: self.id, practitioner: { id: self.id, homeCouncil: { name: 'Newcastle upon Tyne' } } });
      // createUser checks the practitioner through the practitioner service.
      const missing = createUser({ email: 'ghost@example.test', name: 'Ghost', password: 'long enough pw', role: 'PRACTITIONER', practitionerId: '0123456789abcdef01234567' });
      await missing.then(
        () => expect.fail('created a user for a missing practitioner'),
        (err: { code?: string; field?: unknown }) => expect(err).to.deep.include({ code: 'NOT_FOUND', field: ['input', 'practitionerId'] }),
      );
    });
  });

  describe('leave', () => {
    it('lets the practitioner and an admin add and remove leave', async () => {
      const audited = () => AuditEvent.countDocuments({ entityType: 'Practitioner', entityId: self.id, action: /^practitioner\.leave\./ });
      const auditedBefore = await audited();
      const mine = await server.gql(ADD_LEAVE, { p: self.id, i: { start: '2026-08-03', end: '2026-08-14', note: 'Summer' } }, t.self);
      expect(mine.data!.addLeave.leave).to.deep.include({ start: '2026-08-03', end: '2026-08-14', halfDay: false, note: 'Summer' });
      const byAdmin = await server.gql(ADD_LEAVE, { p: self.id, i: { start: '2026-03-06', end: '2026-03-06', halfDay: true } }, t.admin);
      const halfDayId = byAdmin.data!.addLeave.leave.id;
      // Earliest first.
      const read = await server.gql(`query($id: ID!) { practitioner(id: $id) { leave(from: "2026-03-01", to: "2026-08-31") { id start } } }`, { id: self.id }, t.self);
      expect(read.data!.practitioner.leave.map((l: { start: string }) => l.start)).to.deep.equal(['2026-03-06', '2026-08-03']);
      const ids = async () => (await stored(self.id))!.leave.map((l) => String(l._id));
      await server.gql(REMOVE_LEAVE, { p: self.id, l: halfDayId }, t.self);
      expect(await ids()).not.to.include(halfDayId);
      const summerId = mine.data!.addLeave.leave.id;
      await server.gql(REMOVE_LEAVE, { p: self.id, l: summerId }, t.admin);
      expect(await ids()).not.to.include(summerId);
      expect(await audited()).to.equal(auditedBefore + 4);
    });

    it('refuses everyone else, writing nothing', async () => {
      const seeded = await server.gql(ADD_LEAVE, { p: self.id, i: { start: '2026-10-26', end: '2026-10-30' } }, t.self);
      const leaveId = seeded.data!.addLeave.leave.id;
      const before = await stored(self.id);
      for (const who of ['reqHome', 'reqOther', 'leadNE', 'leadTV', 'otherPractitioner', 'anonymous']) {
        await expectRefused(who, ADD_LEAVE, { p: self.id, i: { start: '2026-12-01', end: '2026-12-01' } });
        await expectRefused(who, REMOVE_LEAVE, { p: self.id, l: leaveId });
      }
      expect(await stored(self.id)).to.deep.equal(before);
    });

    it('checks dates and half days, naming the field, and writes nothing', async () => {
      const before = await stored(self.id);
      const cases: [Record<string, unknown>, (string | number)[]][] = [
        [{ start: '2026-05-05', end: '2026-05-04' }, ['input', 'end']],
        [{ start: '2026-05-04', end: '2026-05-05', halfDay: true }, ['input', 'halfDay']],
        [{ start: '2026-01-01', end: '2027-06-30' }, ['input', 'end']],
      ];
      for (const [input, field] of cases) {
        expect(onlyError(await server.gql(ADD_LEAVE, { p: self.id, i: input }, t.self)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field });
      }
      // Not a calendar date: the LocalDate scalar refuses it before the service runs.
      expect(onlyError(await server.gql(ADD_LEAVE, { p: self.id, i: { start: '2026-02-30', end: '2026-03-01' } }, t.self)).extensions?.code).to.equal('BAD_USER_INPUT');
      expect(onlyError(await server.gql(REMOVE_LEAVE, { p: self.id, l: '0123456789abcdef01234567' }, t.self)).extensions).to.deep.include({ code: 'NOT_FOUND', field: ['leaveId'] });
      expect(await stored(self.id)).to.deep.equal(before);
    });

    it('shows leave to those who may read the practitioner, but its notes only to them, their employer and admins', async () => {
      await server.gql(ADD_LEAVE, { p: self.id, i: { start: '2026-11-02', end: '2026-11-02', note: 'Hospital appointment' } }, t.self);
      const noteSeenBy = async (who: string) =>
        (await server.gql(`query($id: ID!) { practitioner(id: $id) { leave(from: "2026-11-02", to: "2026-11-02") { note } } }`, { id: self.id }, t[who])).data!.practitioner.leave;
      expect(await noteSeenBy('self')).to.deep.equal([{ note: 'Hospital appointment' }]);
      expect(await noteSeenBy('reqHome')).to.deep.equal([{ note: 'Hospital appointment' }]);
      expect(await noteSeenBy('leadNE')).to.deep.equal([{ note: null }]);
    });
  });
});
