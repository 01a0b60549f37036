// Importing practitioners from a spreadsheet over HTTP (POST /imports/practitioners)
// and GraphQL (importPractitioners), against a real database: a good file
// creates people with their skills, the same file again writes nothing, a
// bad file reports every bad cell and writes nothing, XLSX works like CSV,
// and only those who may create a practitioner import, for their councils.
import { expect } from 'chai';
import writeExcelFile from 'write-excel-file/node';
import { readSheet } from 'read-excel-file/node';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedPools, userToken } from '../support/fixtures.ts';
import { seedPractitioner } from '../support/practitioners.ts';
import { Practitioner } from '../../models/practitioner.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { readCsv } from '../../server/practitioners/spreadsheet.ts';

const NEWCASTLE = 'E08000021'; // in north-east-ca's footprint
const HARTLEPOOL = 'E06000001'; // in tees-valley's
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const LIMIT = 16_384;

const HEADER = 'First name,Last name,Work email,Council,Role level,Skills,Working days,Work preference';
const GOOD = [
  HEADER,
  'Grace,Hopper,grace.hopper@newcastle.example,Newcastle upon Tyne,Senior user researcher,"User research methods: Expert; Inclusive research: Working",Mon; Tue; Wed; Thu half,Remote',
  'Alan,Turing,alan.turing@newcastle.example,E08000021,User researcher,Analysis and synthesis: Practitioner,,',
].join('\r\n');

const SNAPSHOT = `query { practitioners(filter: { homeCouncilIds: ["${NEWCASTLE}"] }, first: 100) { nodes {
  name email roleLevel { id } workPreference workingPattern { total } skills { proficiency skill { id } } } } }`;

describe('practitioner import', function () {
  this.timeout(120_000);
  let server: TestServer;
  const t: Record<string, string> = {};

  before(async () => {
    server = await startTestServer({ label: 'practitioner-import', env: { IMPORT_MAX_BODY_BYTES: String(LIMIT) } });
    await seedPools();
    const self = await seedPractitioner({ homeCouncilId: NEWCASTLE, email: 'held@newcastle.example' });
    t.admin = (await userToken(server, 'ADMIN')).token;
    t.requester = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: NEWCASTLE })).token;
    t.otherRequester = (await userToken(server, 'COUNCIL_REQUESTER', { councilId: HARTLEPOOL })).token;
    t.lead = (await userToken(server, 'PROGRAMME_LEAD', { poolId: 'north-east-ca' })).token;
    t.practitioner = (await userToken(server, 'PRACTITIONER', { practitionerId: self.id })).token;
  });
  after(() => server?.stop());

  const post = async (body: string | Buffer, opts: { token?: string; type?: string; query?: string } = {}) => {
    const res = await fetch(`${server.url}/imports/practitioners${opts.query ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': opts.type ?? CSV, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  /** Everything an import could write: the profiles and the audit log. */
  const state = async () => ({
    practitioners: await Practitioner.find({}).sort({ email: 1 }).lean(),
    audit: await AuditEvent.countDocuments({}),
  });

  it('checks a good file without writing on a dry run, then creates its people with their skills', async () => {
    const before = await state();
    const dry = await post(GOOD, { token: t.requester, query: '?dryRun=true' });
    expect(dry).to.deep.equal({ status: 200, body: { created: 2, updated: 0, unchanged: 0, dryRun: true, errors: [] } });
    expect(await state()).to.deep.equal(before);

    const res = await post(GOOD, { token: t.requester });
    expect(res).to.deep.equal({ status: 200, body: { created: 2, updated: 0, unchanged: 0, dryRun: false, errors: [] } });
    const people = (await server.gql(SNAPSHOT, {}, t.requester)).data!.practitioners.nodes as { email: string }[];
    expect(people.find((p) => p.email === 'grace.hopper@newcastle.example')).to.deep.equal({
      name: 'Grace Hopper',
      email: 'grace.hopper@newcastle.example',
      roleLevel: { id: 'senior-user-researcher' },
      workPreference: 'REMOTE',
      workingPattern: { total: 3.5 },
      skills: [
        { proficiency: 'EXPERT', skill: { id: 'user-research-methods' } },
        { proficiency: 'WORKING', skill: { id: 'inclusive-research' } },
      ],
    });
    expect(people.find((p) => p.email === 'alan.turing@newcastle.example')).to.deep.include({ workPreference: 'HYBRID', workingPattern: { total: 5 } });
    // One event for the import, besides each practitioner.create.
    const events = await AuditEvent.find({ action: { $in: ['practitioner.import', 'practitioner.create'] } }).lean();
    const imported = events.filter((e) => e.action === 'practitioner.import');
    expect(imported).to.have.length(1);
    expect(imported[0]!.after).to.deep.include({ created: 2, updated: 0, unchanged: 0 });
    expect(events.filter((e) => e.action === 'practitioner.create')).to.have.length(3); // the seeded one and these two
  });

  it('changes nothing when the same file is imported again; a changed row updates that person only', async () => {
    const before = await state();
    expect((await post(GOOD, { token: t.requester })).body).to.deep.include({ created: 0, updated: 0, unchanged: 2 });
    expect(await state()).to.deep.equal(before);

    const changed = GOOD.replace('Inclusive research: Working', 'Inclusive research: Practitioner');
    expect((await post(changed, { token: t.requester })).body).to.deep.include({ created: 0, updated: 1, unchanged: 1 });
    const grace = await Practitioner.findOne({ email: 'grace.hopper@newcastle.example' }).lean();
    expect(grace!.skills.find((s) => s.skillId === 'inclusive-research')!.proficiency).to.equal('Practitioner');
    const alan = before.practitioners.find((p) => p.email === 'alan.turing@newcastle.example')!;
    expect(await Practitioner.findById(alan._id).lean()).to.deep.equal(alan);
    expect((await post(changed, { token: t.requester })).body).to.deep.include({ updated: 0, unchanged: 2 });
  });

  it('reports every bad cell with its row and column, and writes nothing', async () => {
    const bad = [
      HEADER,
      'Ada,Lovelace,ada@newcastle.example,Atlantis,User researcher,,,',
      'Ada,Byron,byron@newcastle.example,Newcastle upon Tyne,User researcher,Basket weaving: Expert,,',
      'Mary,Somerville,mary@newcastle.example,Newcastle upon Tyne,User researcher,User research methods: Guru,,',
      'Mae,Jemison,,Newcastle upon Tyne,User researcher,,,',
      'Ada,Lovelace,ADA@newcastle.example,Newcastle upon Tyne,User researcher,,,',
      // Held already, under another council: an import does not move people.
      'Held,Person,held@newcastle.example,Hartlepool,User researcher,,,',
    ].join('\n');
    const before = await state();
    const res = await post(bad, { token: t.admin });
    expect(res.status).to.equal(400);
    expect(res.body).to.include({ created: 0, updated: 0, unchanged: 0 });
    expect(res.body.errors.map((e: { row: number; column: string; field: (string | number)[] }) => [e.row, e.column, e.field.join('.')])).to.deep.equal([
      [2, 'Council', 'homeCouncilId'],
      [3, 'Skills', 'skills.0.skillId'],
      [4, 'Skills', 'skills.0.proficiency'],
      [5, 'Work email', 'email'],
      [6, 'Work email', 'email'],
    ]);
    expect(res.body.errors[0]).to.deep.include({ message: '"Atlantis" is not a council: give its name or GSS code', extensions: { code: 'BAD_USER_INPUT', field: ['file', 'rows', 2, 'homeCouncilId'] } });
    expect(res.body.errors[4].message).to.equal('is also on row 2: each person once per file');
    // The cells fixed, the move is what is left; still nothing written.
    const fixed = [HEADER, 'Held,Person,held@newcastle.example,Hartlepool,User researcher,,,'].join('\n');
    const move = await post(fixed, { token: t.admin });
    expect(move.status).to.equal(400);
    expect(move.body.errors).to.have.length(1);
    expect(move.body.errors[0]).to.deep.include({ row: 2, column: 'Council', field: ['homeCouncilId'] });
    expect(await state()).to.deep.equal(before);
  });

  it('imports an XLSX workbook like a CSV file', async () => {
    const rows = readCsv(GOOD.replace(/newcastle\.example/g, 'xlsx.example')).map((r) => r.map((value) => (value ? { value } : null)));
    const buffer = await writeExcelFile(rows as never).toBuffer();
    expect((await post(buffer, { token: t.requester, type: XLSX })).body).to.deep.include({ created: 2, unchanged: 0 });
    expect((await post(buffer, { token: t.requester, type: XLSX })).body).to.deep.include({ created: 0, unchanged: 2 });
    const grace = await Practitioner.findOne({ email: 'grace.hopper@xlsx.example' }).lean();
    expect(grace).to.deep.include({ homeCouncilId: NEWCASTLE, roleLevelId: 'senior-user-researcher', workingPattern: [2, 2, 2, 1, 0, 0, 0] });
    const notXlsx = await post(Buffer.from(GOOD), { token: t.requester, type: XLSX });
    expect(notXlsx.status).to.equal(400);
    expect(notXlsx.body.errors[0].extensions).to.deep.include({ code: 'BAD_USER_INPUT', field: ['file'] });
  });

  it('lets only those who may create practitioners import, for their councils', async () => {
    const before = await state();
    const file = GOOD.replace(/newcastle\.example/g, 'refused.example');
    const cases: [string | undefined, number, string][] = [
      [undefined, 401, 'UNAUTHENTICATED'],
      [t.practitioner, 403, 'FORBIDDEN'],
      [t.otherRequester, 403, 'FORBIDDEN'],
    ];
    for (const [token, status, code] of cases) {
      const res = await post(file, { token });
      expect(res.status, code).to.equal(status);
      expect(res.body.errors[0].extensions.code).to.equal(code);
    }
    expect((await post(file, { token: t.otherRequester })).body.errors[0].message).to.match(/^You may not add practitioners to Newcastle upon Tyne \(rows 2, 3\)/);
    // A lead of a pool covering the council may add people, but not change those held.
    const changed = GOOD.replace('Remote', 'Onsite');
    expect((await post(changed, { token: t.lead })).status).to.equal(403);
    expect(await state()).to.deep.equal(before);
    expect((await post(file, { token: t.lead, query: '?dryRun=true' })).body).to.deep.include({ created: 2 });
    // Over GraphQL too, by the same rules.
    const gql = `mutation($csv: String!) { importPractitioners(csv: $csv, dryRun: true) { created updated unchanged dryRun } }`;
    expect(onlyError(await server.gql(gql, { csv: file }, t.practitioner)).extensions!.code).to.equal('FORBIDDEN');
    expect((await server.gql(gql, { csv: file }, t.requester)).data!.importPractitioners).to.deep.equal({ created: 2, updated: 0, unchanged: 0, dryRun: true });
    const refused = onlyError(await server.gql(gql, { csv: `${HEADER}\nA,B,,Atlantis,User researcher,,,` }, t.requester));
    expect(refused.extensions!.code).to.equal('BAD_USER_INPUT');
    expect((refused.extensions!.details!.errors as unknown[]).length).to.equal(2);
  });

  it('refuses a file over the size limit (413), of another type (415), and a bad dryRun', async () => {
    const big = `${HEADER}\n${'x'.repeat(LIMIT)}`;
    const res = await post(big, { token: t.requester });
    expect(res.status).to.equal(413);
    expect(res.body.errors[0].extensions).to.deep.include({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: LIMIT } });
    const json = await post(JSON.stringify({ rows: [] }), { token: t.requester, type: 'application/json' });
    expect([json.status, json.body.errors[0].extensions.code]).to.deep.equal([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const dry = await post(GOOD, { token: t.requester, query: '?dryRun=maybe' });
    expect([dry.status, dry.body.errors[0].extensions.field]).to.deep.equal([400, ['dryRun']]);
  });

  it('serves templates whose header reads back as the import’s columns', async () => {
    const csv = await fetch(`${server.url}/imports/practitioners/template.csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const header = (await csv.text()).trimEnd();
    const row = 'Ada,Lovelace,ada.lovelace@newcastle.example,Newcastle upon Tyne,User researcher,Inclusive research: Expert,Mon; Tue,North East,Housing,Hybrid';
    expect((await post(`${header}\r\n${row}`, { token: t.requester, query: '?dryRun=true' })).body).to.deep.include({ created: 1 });

    const xlsx = await fetch(`${server.url}/imports/practitioners/template.xlsx`);
    expect(xlsx.headers.get('content-type')).to.equal(XLSX);
    const sheet = await readSheet(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet[0]!.join(',')).to.equal(header);
    expect((await fetch(`${server.url}/imports/practitioners/template.pdf`)).status).to.equal(404);
  });
});
