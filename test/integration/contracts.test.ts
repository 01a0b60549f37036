// Central contracts over real GraphQL against a real database: proposing,
// the status machine and who may move it, reads by scope, and bookability.
import { expect } from 'chai';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';
import { CentralContract } from '../../models/central-contract.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { createPool } from '../../server/services/pools.ts';
import { bookableContract, bookableContracts } from '../../server/services/central-contracts.ts';

const NEWCASTLE = 'E08000021';
const GATESHEAD = 'E08000037';
const HARTLEPOOL = 'E06000001';

const PROPOSE = `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) {
  id status bookable daysPerWeek start end recallNoticeWeeks guaranteedReleaseDays
  practitioner { id } homeCouncil { gssCode } pool { id } statusHistory { status action byUserId } } }`;
const MOVE = `mutation($id: ID!, $to: CentralContractStatus!, $note: String) { transitionCentralContract(id: $id, to: $to, note: $note) {
  id status bookable nextStatuses statusHistory { status action note } } }`;
const READ = `query($id: ID!) { centralContract(id: $id) { id status nextStatuses } }`;

describe('central contracts', function () {
  this.timeout(120_000);
  let server: TestServer;
  const t: Record<string, string | undefined> = {};
  let person: Awaited<ReturnType<typeof seedPractitioner>>;
  let partTime: Awaited<ReturnType<typeof seedPractitioner>>;
  let teesPerson: Awaited<ReturnType<typeof seedPractitioner>>;
  let userIds: Record<string, string>;
  // Each proposal gets its own year, so contracts made by different tests never overlap.
  let year = 2030;
  const term = () => {
    year += 1;
    return { start: `${year}-04-01`, end: `${year + 1}-03-31` };
  };

  before(async () => {
    server = await startTestServer({ label: 'contracts' });
    await seedPools();
    person = await seedPractitioner({ homeCouncilId: NEWCASTLE });
    partTime = await seedPractitioner({ homeCouncilId: NEWCASTLE, workingPattern: { monday: 1, tuesday: 1, wednesday: 1, thursday: 0, friday: 0 } });
    teesPerson = await seedPractitioner({ homeCouncilId: HARTLEPOOL });
    const users = {
      admin: await userToken(server, 'ADMIN'),
      leadNE: await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' }),
      leadTV: await userToken(server, 'PROGRAMME_LEAD', { poolId: 'tees-valley' }),
      reqHome: await userToken(server, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE }),
      reqOther: await userToken(server, 'COUNCIL_REQUESTER', { councilId: GATESHEAD }),
      practitioner: await userToken(server, 'PRACTITIONER', { practitionerId: person.id }),
    };
    for (const [k, v] of Object.entries(users)) t[k] = v.token;
    t.anonymous = undefined;
    userIds = Object.fromEntries(Object.entries(users).map(([k, v]) => [k, v.userId]));
  });
  after(() => server?.stop());

  const proposal = (over: Record<string, unknown> = {}) => ({ practitionerId: person.id, poolId: 'north-east-ca', daysPerWeek: 2, ...term(), ...over });
  const refusedCode = (who: string) => (who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const snapshot = () => CentralContract.find().sort({ _id: 1 }).lean();

  describe('proposeCentralContract', () => {
    it('lets a lead of the pool and an admin propose; it starts PROPOSED, recorded in its history and the audit log', async () => {
      for (const who of ['leadNE', 'admin']) {
        const r = await server.gql(PROPOSE, { i: proposal({ recallNoticeWeeks: 8, guaranteedReleaseDays: 1 }) }, t[who]);
        expect(r.errors, who).to.equal(undefined);
        const c = r.data!.proposeCentralContract;
        expect(c).to.deep.include({ status: 'PROPOSED', bookable: false, daysPerWeek: 2, recallNoticeWeeks: 8, guaranteedReleaseDays: 1 });
        expect(c).to.deep.include({ practitioner: { id: person.id }, homeCouncil: { gssCode: NEWCASTLE }, pool: { id: 'north-east-ca' } });
        expect(c.statusHistory).to.deep.equal([{ status: 'PROPOSED', action: 'propose', byUserId: userIds[who] }]);
        const audit = await AuditEvent.findOne({ entityType: 'CentralContract', entityId: c.id }).lean();
        expect(audit).to.deep.include({ action: 'contract.propose', poolId: 'north-east-ca', actorId: userIds[who] });
      }
    });

    it('refuses another pool’s lead, the home council’s requester, other requesters, practitioners and anonymous callers', async () => {
      const before = await snapshot();
      for (const who of ['leadTV', 'reqHome', 'reqOther', 'practitioner', 'anonymous']) {
        expect(onlyError(await server.gql(PROPOSE, { i: proposal() }, t[who])).extensions?.code, who).to.equal(refusedCode(who));
      }
      expect(await snapshot()).to.deep.equal(before);
    });

    it('answers bad input with BAD_USER_INPUT and its path, unknown references with NOT_FOUND, and writes nothing', async () => {
      const before = await snapshot();
      const cases: [Record<string, unknown>, string, (string | number)[]][] = [
        [{ daysPerWeek: 0 }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
        [{ daysPerWeek: 1.25 }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
        [{ practitionerId: partTime.id, daysPerWeek: 3.5 }, 'BAD_USER_INPUT', ['input', 'daysPerWeek']],
        [{ practitionerId: partTime.id, daysPerWeek: 2, guaranteedReleaseDays: 1.5 }, 'BAD_USER_INPUT', ['input', 'guaranteedReleaseDays']],
        [{ start: '2031-04-01', end: '2031-03-31' }, 'BAD_USER_INPUT', ['input', 'end']],
        [{ recallNoticeWeeks: -1 }, 'BAD_USER_INPUT', ['input', 'recallNoticeWeeks']],
        [{ practitionerId: 'nope' }, 'BAD_USER_INPUT', ['input', 'practitionerId']],
        [{ practitionerId: teesPerson.id }, 'BAD_USER_INPUT', ['input', 'poolId']],
        [{ practitionerId: '0123456789abcdef01234567' }, 'NOT_FOUND', ['input', 'practitionerId']],
        [{ poolId: 'atlantis' }, 'NOT_FOUND', ['input', 'poolId']],
      ];
      for (const [over, code, field] of cases) {
        const err = onlyError(await server.gql(PROPOSE, { i: proposal(over) }, t.admin));
        expect(err.extensions, JSON.stringify(over)).to.deep.include({ code, field });
      }
      expect(await snapshot()).to.deep.equal(before);
    });

    it('refuses a contract overlapping a proposed, approved or active one with the same pool, but not an ended one', async () => {
      const dates = term();
      const first = await seedContract({ practitionerId: person.id, poolId: 'north-east-ca', ...dates }, 'APPROVED');
      const before = await snapshot();
      const overlap = onlyError(await server.gql(PROPOSE, { i: proposal({ start: dates.end, end: `${year + 2}-12-31` }) }, t.leadNE));
      expect(overlap.extensions).to.deep.include({ code: 'CONFLICT' });
      expect(overlap.extensions?.details).to.deep.include({ contractId: first.id, status: 'APPROVED' });
      // The same proposal again (same start): refused too.
      expect(onlyError(await server.gql(PROPOSE, { i: proposal(dates) }, t.leadNE)).extensions?.code).to.equal('CONFLICT');
      expect(await snapshot()).to.deep.equal(before);
      // Another pool covering the same council may hold its own contract over the same dates.
      await createPool({ id: 'tyne-pool', name: 'Tyne pool', footprint: [NEWCASTLE] });
      expect((await server.gql(PROPOSE, { i: proposal({ ...dates, poolId: 'tyne-pool' }) }, t.admin)).data!.proposeCentralContract.status).to.equal('PROPOSED');
      // Once ended, the same dates may be proposed again.
      await server.gql(MOVE, { id: first.id, to: 'ENDED' }, t.admin);
      expect((await server.gql(PROPOSE, { i: proposal(dates) }, t.leadNE)).data!.proposeCentralContract.status).to.equal('PROPOSED');
    });
  });

  describe('transitionCentralContract', () => {
    const fresh = async (status: 'PROPOSED' | 'APPROVED' | 'ACTIVE' = 'PROPOSED') =>
      (await seedContract({ practitionerId: person.id, poolId: 'north-east-ca', ...term() }, status)).id;

    // For each move: who may make it, and who may not (with the code they get).
    const table: { from: 'PROPOSED' | 'APPROVED' | 'ACTIVE'; to: string; may: string[]; mayNot: string[] }[] = [
      { from: 'PROPOSED', to: 'APPROVED', may: ['reqHome', 'admin'], mayNot: ['leadNE', 'leadTV', 'reqOther', 'practitioner', 'anonymous'] },
      { from: 'APPROVED', to: 'ACTIVE', may: ['leadNE', 'admin'], mayNot: ['reqHome', 'leadTV', 'reqOther', 'practitioner', 'anonymous'] },
      { from: 'PROPOSED', to: 'ENDED', may: ['leadNE', 'reqHome', 'admin'], mayNot: ['leadTV', 'reqOther', 'practitioner', 'anonymous'] },
      { from: 'APPROVED', to: 'ENDED', may: ['leadNE', 'reqHome', 'admin'], mayNot: ['leadTV', 'reqOther', 'practitioner', 'anonymous'] },
      { from: 'ACTIVE', to: 'ENDED', may: ['leadNE', 'reqHome', 'admin'], mayNot: ['leadTV', 'reqOther', 'practitioner', 'anonymous'] },
    ];
    for (const row of table) {
      it(`${row.from} -> ${row.to}: ${row.may.join(', ')} may; ${row.mayNot.join(', ')} may not`, async () => {
        const id = await fresh(row.from);
        for (const who of row.mayNot) {
          const before = await CentralContract.findById(id).lean();
          const err = onlyError(await server.gql(MOVE, { id, to: row.to }, t[who]));
          expect(err.extensions?.code, who).to.equal(refusedCode(who));
          expect(await CentralContract.findById(id).lean(), who).to.deep.equal(before);
        }
        for (const who of row.may) {
          const each = await fresh(row.from);
          const r = await server.gql(MOVE, { id: each, to: row.to, note: `by ${who}` }, t[who]);
          expect(r.errors, who).to.equal(undefined);
          const moved = r.data!.transitionCentralContract;
          expect(moved.status).to.equal(row.to);
          expect(moved.statusHistory[moved.statusHistory.length - 1]).to.deep.equal({ status: row.to, action: row.to === 'ENDED' ? (row.from === 'PROPOSED' ? (who === 'reqHome' ? 'decline' : 'withdraw') : 'end') : row.to === 'APPROVED' ? 'approve' : 'activate', note: `by ${who}` });
          const audit = await AuditEvent.find({ entityType: 'CentralContract', entityId: each }).sort({ at: 1, _id: 1 }).lean();
          expect(audit[audit.length - 1]).to.deep.include({ poolId: 'north-east-ca', actorId: userIds[who], before: { status: row.from }, after: { status: row.to, note: `by ${who}` } });
        }
      });
    }

    it('tells a party which moves are theirs to make', async () => {
      const id = await fresh('APPROVED');
      const next = async (who: string) => (await server.gql(READ, { id }, t[who])).data!.centralContract.nextStatuses;
      expect(await next('leadNE')).to.deep.equal(['ACTIVE', 'ENDED']);
      expect(await next('reqHome')).to.deep.equal(['ENDED']);
      expect(await next('practitioner')).to.deep.equal([]);
      const err = onlyError(await server.gql(MOVE, { id, to: 'ACTIVE' }, t.reqHome));
      expect(err.extensions).to.deep.include({ code: 'FORBIDDEN' });
      expect(err.extensions?.details).to.deep.include({ allowedForYou: ['ENDED'] });
    });

    it('answers an illegal move with CONFLICT and the allowed moves, changing nothing', async () => {
      const id = await fresh('PROPOSED');
      const before = await CentralContract.findById(id).lean();
      const skip = onlyError(await server.gql(MOVE, { id, to: 'ACTIVE' }, t.admin));
      expect(skip.extensions).to.deep.include({ code: 'CONFLICT' });
      expect(skip.extensions?.details).to.deep.include({ status: 'PROPOSED', to: 'ACTIVE', allowed: ['APPROVED', 'ENDED'] });
      expect(onlyError(await server.gql(MOVE, { id, to: 'PROPOSED' }, t.admin)).extensions?.code).to.equal('CONFLICT');
      expect(await CentralContract.findById(id).lean()).to.deep.equal(before);
      await server.gql(MOVE, { id, to: 'ENDED' }, t.admin);
      const final = onlyError(await server.gql(MOVE, { id, to: 'APPROVED' }, t.admin));
      expect(final.extensions).to.deep.include({ code: 'CONFLICT' });
      expect(final.extensions?.details).to.deep.include({ status: 'ENDED', allowed: [] });
      expect(onlyError(await server.gql(MOVE, { id: '0123456789abcdef01234567', to: 'ENDED' }, t.admin)).extensions?.code).to.equal('NOT_FOUND');
      expect(onlyError(await server.gql(MOVE, { id: 'x', to: 'ENDED' }, t.admin)).extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['id'] });
    });

    it('walks the whole life cycle, keeping every change in the history', async () => {
      const id = await fresh('PROPOSED');
      await server.gql(MOVE, { id, to: 'APPROVED' }, t.reqHome);
      await server.gql(MOVE, { id, to: 'ACTIVE' }, t.leadNE);
      const ended = (await server.gql(MOVE, { id, to: 'ENDED', note: 'Project finished' }, t.reqHome)).data!.transitionCentralContract;
      expect(ended.statusHistory.map((h: { status: string; action: string }) => `${h.action}:${h.status}`)).to.deep.equal([
        'propose:PROPOSED',
        'approve:APPROVED',
        'activate:ACTIVE',
        'end:ENDED',
      ]);
      expect(ended.bookable).to.equal(false);
      expect((await AuditEvent.find({ entityType: 'CentralContract', entityId: id }).lean()).map((a) => a.action).sort()).to.deep.equal(
        ['contract.activate', 'contract.approve', 'contract.end', 'contract.propose'].sort(),
      );
    });
  });

  describe('reads', () => {
    let ne: string;
    let tyne: string;
    let tees: string;
    before(async () => {
      await createPool({ id: 'tyne-reads', name: 'Tyne reads pool', footprint: [NEWCASTLE] });
      ne = (await seedContract({ practitionerId: person.id, poolId: 'north-east-ca', ...term() }, 'PROPOSED')).id;
      tyne = (await seedContract({ practitionerId: person.id, poolId: 'tyne-reads', ...term() }, 'APPROVED')).id;
      tees = (await seedContract({ practitionerId: teesPerson.id, poolId: 'tees-valley', ...term() }, 'APPROVED')).id;
    });

    it('centralContract answers its parties and admins, and refuses everyone else', async () => {
      for (const who of ['leadNE', 'reqHome', 'practitioner', 'admin']) expect((await server.gql(READ, { id: ne }, t[who])).data?.centralContract?.id, who).to.equal(ne);
      for (const who of ['leadTV', 'reqOther', 'anonymous']) expect(onlyError(await server.gql(READ, { id: ne }, t[who])).extensions?.code, who).to.equal(refusedCode(who));
    });

    it('centralContracts lists what each viewer may see', async () => {
      const ids = async (who: string, filter: Record<string, unknown> = {}) =>
        (await server.gql(`query($f: CentralContractFilter) { centralContracts(filter: $f, first: 200) { nodes { id } } }`, { f: filter }, t[who])).data!.centralContracts.nodes.map(
          (n: { id: string }) => n.id,
        );
      expect(await ids('admin')).to.include.members([ne, tyne, tees]);
      const lead = await ids('leadNE');
      expect(lead).to.include(ne);
      expect(lead).not.to.include.any.members([tyne, tees]);
      expect(await ids('leadTV')).to.include(tees).and.not.to.include.any.members([ne, tyne]);
      expect(await ids('reqHome')).to.include.members([ne, tyne]).and.not.to.include(tees);
      expect(await ids('practitioner')).to.include.members([ne, tyne]).and.not.to.include(tees);
      expect(await ids('reqOther')).to.deep.equal([]);
      expect(await ids('admin', { statuses: ['APPROVED'], poolId: 'tees-valley' })).to.include(tees).and.not.to.include.any.members([ne, tyne]);
      expect(onlyError(await server.gql(`{ centralContracts { totalCount } }`)).extensions?.code).to.equal('UNAUTHENTICATED');
    });

    it('Practitioner.contracts shows a lead only their own pool’s contracts', async () => {
      const q = `query($id: ID!, $s: [CentralContractStatus!]) { practitioner(id: $id) { contracts(statuses: $s) { id } } }`;
      const ids = async (who: string, s?: string[]) => (await server.gql(q, { id: person.id, s }, t[who])).data!.practitioner.contracts.map((c: { id: string }) => c.id);
      expect(await ids('admin')).to.include.members([ne, tyne]);
      expect(await ids('reqHome')).to.include.members([ne, tyne]);
      expect(await ids('leadNE')).to.include(ne).and.not.to.include(tyne);
      expect(await ids('admin', ['APPROVED'])).to.include(tyne).and.not.to.include(ne);
    });
  });

  describe('bookability', () => {
    it('makes someone bookable only under an APPROVED or ACTIVE contract covering the whole range', async () => {
      const p = await seedPractitioner({ homeCouncilId: GATESHEAD });
      const proposed = await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', start: '2026-01-01', end: '2026-06-30' }, 'PROPOSED');
      expect(await bookableContract(p.id, 'north-east-ca', '2026-02-02', '2026-03-01')).to.equal(null);
      await server.gql(MOVE, { id: proposed.id, to: 'APPROVED' }, t.admin);
      expect(String((await bookableContract(p.id, 'north-east-ca', '2026-02-02', '2026-03-01'))?._id)).to.equal(proposed.id);
      // Not in date, or only partly.
      expect(await bookableContract(p.id, 'north-east-ca', '2026-06-01', '2026-07-31')).to.equal(null);
      expect(await bookableContract(p.id, 'tees-valley', '2026-02-02', '2026-03-01')).to.equal(null);
      await server.gql(MOVE, { id: proposed.id, to: 'ACTIVE' }, t.admin);
      const batch = await bookableContracts([p.id, person.id, teesPerson.id], 'north-east-ca', '2026-01-01', '2026-06-30');
      expect([...batch.keys()]).to.deep.equal([p.id]);
      await server.gql(MOVE, { id: proposed.id, to: 'ENDED' }, t.admin);
      expect(await bookableContract(p.id, 'north-east-ca', '2026-02-02', '2026-03-01')).to.equal(null);
    });
  });
});
