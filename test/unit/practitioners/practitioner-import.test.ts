import { expect } from 'chai';
import { checkImport, planImport, templateColumns, type Cell, type HeldProfile, type ImportReference, type ImportRow } from '../../../server/practitioners/practitioner-import.ts';
import { readCsv } from '../../../server/practitioners/spreadsheet.ts';

const REF: ImportReference = {
  councils: [
    { id: 'E08000024', name: 'Sunderland', officialName: 'Sunderland City Council' },
    { id: 'E08000021', name: 'Newcastle upon Tyne', officialName: 'Newcastle City Council' },
  ],
  roleLevels: [
    { id: 'user-researcher', name: 'User researcher' },
    { id: 'senior-user-researcher', name: 'Senior user researcher' },
  ],
  skills: [
    { id: 'user-research-methods', name: 'User research methods' },
    { id: 'inclusive-research', name: 'Inclusive research' },
  ],
};

const HEADER = ['First name', 'Last name', 'Work email', 'Council', 'Role level', 'Skills', 'Working days'];
const GRACE = ['Grace', 'Hopper', 'Grace.Hopper@Sunderland.example', 'Sunderland', 'Senior user researcher', 'User research methods: Expert; inclusive research: working', 'Mon; Tue; Wed; Thu half'];

const rowsOf = (table: Cell[][]) => {
  const r = checkImport(table, REF);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rows;
};
const errorsOf = (table: Cell[][]) => {
  const r = checkImport(table, REF);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('practitioner import: checking the file', () => {
  it('turns a row into createPractitioner input, by names or codes', () => {
    const [row] = rowsOf([HEADER, GRACE]);
    expect(row).to.deep.equal({
      row: 2,
      input: {
        name: 'Grace Hopper',
        email: 'Grace.Hopper@Sunderland.example',
        homeCouncilId: 'E08000024',
        roleLevelId: 'senior-user-researcher',
        skills: [
          { skillId: 'user-research-methods', proficiency: 'Expert' },
          { skillId: 'inclusive-research', proficiency: 'Working' },
        ],
        workingPattern: { monday: 1, tuesday: 1, wednesday: 1, thursday: 0.5, friday: 0, saturday: 0, sunday: 0 },
      },
      given: ['name', 'email', 'homeCouncilId', 'roleLevelId', 'skills', 'workingPattern'],
    });
    // Headers in any case and order, aliases, a GSS code, ids, blank optional cells and blank rows.
    const rows = rowsOf([
      ['EMAIL', 'full name', 'gss code', 'role level', 'work preference', 'Service areas', 'Region'],
      ['a@b.example', 'Ada Lovelace', 'e08000021', 'user-researcher', 'Remote', 'Housing; adult social care', 'north east'],
      [null, '', '   '],
      ['c@d.example', 'Alan Turing', 'Newcastle City Council', 'User researcher', '', '', ''],
    ]);
    expect(rows.map((r) => r.row)).to.deep.equal([2, 4]);
    expect(rows[0]!.input).to.deep.include({ homeCouncilId: 'E08000021', workPreference: 'REMOTE', serviceAreas: ['HOUSING', 'ADULT_SOCIAL_CARE'], region: 'North East' });
    expect(rows[1]!.given).to.have.members(['email', 'name', 'homeCouncilId', 'roleLevelId']);
  });

  it('reports every bad cell with its row, column and field, and no rows', () => {
    const errors = errorsOf([
      HEADER,
      ['Ada', 'Lovelace', 'ada@example.test', 'Atlantis', 'Senior user researcher', 'User research methods: Guru; Basket weaving: Expert', ''],
      ['', 'Turing', 'not-an-email', 'Sunderland', 'Chief wizard', '', 'Mon; Funday'],
      ['Grace', 'Hopper', '', 'E99999999', 'User researcher', 'User research methods: Expert; User research methods: Working', ''],
      ['Ada', 'Lovelace', 'ADA@example.test', 'Sunderland', 'User researcher', '', 'Sat half'],
    ]);
    expect(errors.map((e) => [e.row, e.column, e.field?.join('.')])).to.deep.equal([
      [2, 'Council', 'homeCouncilId'],
      [2, 'Skills', 'skills.0.proficiency'],
      [3, 'First name', 'name'],
      [3, 'Role level', 'roleLevelId'],
      [3, 'Working days', 'workingPattern'],
      [3, 'Work email', 'email'],
      [4, 'Work email', 'email'],
      [4, 'Council', 'homeCouncilId'],
      [4, 'Skills', 'skills.1.skillId'],
      [5, 'Work email', 'email'],
    ]);
    const byCell = new Map(errors.map((e) => [`${e.row} ${e.column}`, e.message]));
    expect(byCell.get('2 Council')).to.equal('"Atlantis" is not a council: give its name or GSS code');
    expect(byCell.get('3 Work email')).to.equal('is not an email address'); // createPractitioner's own rule and words
    expect(byCell.get('4 Work email')).to.equal('is required');
    expect(byCell.get('4 Skills')).to.equal('"user-research-methods" is listed more than once');
    expect(byCell.get('5 Work email')).to.equal('is also on row 2: each person once per file');
  });

  it('reports an unknown skill once its proficiency is good', () => {
    const errors = errorsOf([HEADER, ['A', 'B', 'a@b.example', 'Sunderland', 'User researcher', 'Basket weaving: Expert', '']]);
    expect(errors).to.deep.equal([{ row: 2, column: 'Skills', field: ['skills', 0, 'skillId'], message: '"Basket weaving" is not a DDaT skill' }]);
  });

  it('refuses unknown, repeated and missing columns at the header', () => {
    const errors = errorsOf([
      ['Work email', 'Email address', 'Employee number', 'Name', 'First name'],
      ['a@b.example', 'a@b.example', '123', 'Ada', 'Ada'],
    ]);
    expect(errors.map((e) => [e.row, e.column, e.message.slice(0, 30)])).to.deep.equal([
      [1, 'Email address', 'gives the same thing as "Work '],
      [1, 'Employee number', 'is not a column this import kn'],
      [1, null, 'the file needs a "Council" col'],
      [1, null, 'the file needs a "Role level" '],
      [1, 'Name', 'give either Name or First name'],
    ]);
    expect(errorsOf([])[0]!.message).to.match(/first row must name the columns/);
    expect(errorsOf([HEADER])[0]!.message).to.match(/no rows/);
  });

  it('reads the template’s header back as every column it knows', () => {
    const header = readCsv(`${templateColumns().map((c) => c.header).join(',')}\r\n`)[0]!;
    const r = checkImport([header, GRACE.concat(['North East', 'Housing', 'Onsite'])], REF);
    expect(r.ok, JSON.stringify(r)).to.equal(true);
    expect(header).to.deep.equal(['First name', 'Last name', 'Work email', 'Council', 'Role level', 'Skills', 'Working days', 'Region', 'Service areas', 'Work preference']);
  });
});

describe('practitioner import: reading CSV', () => {
  it('takes CRLF, LF and CR line ends in one file (a template appended to in a shell), and line breaks inside quotes', () => {
    expect(readCsv('\ufeffa,b\r\n"x\ny",2\n3,4\r5,6')).to.deep.equal([['a', 'b'], ['x\ny', '2'], ['3', '4'], ['5', '6']]);
  });

  it('refuses text that is not CSV at "file"', () => {
    expect(() => readCsv('a,"b\n')).to.throw().with.property('field').that.deep.equals(['file']);
  });
});

describe('practitioner import: what each row does', () => {
  const [grace] = rowsOf([HEADER, GRACE]) as [ImportRow];
  const held: HeldProfile = {
    id: 'p1',
    name: 'Grace Hopper',
    email: 'grace.hopper@sunderland.example',
    homeCouncilId: 'E08000024',
    roleLevelId: 'senior-user-researcher',
    // In another order: the same skills.
    skills: [
      { skillId: 'inclusive-research', proficiency: 'Working' },
      { skillId: 'user-research-methods', proficiency: 'Expert' },
    ],
    region: 'North East',
    workingPattern: [2, 2, 2, 1, 0, 0, 0],
    serviceAreas: ['PLANNING'],
    workPreference: 'REMOTE',
  };

  it('creates a new email, leaves a held profile that matches alone', () => {
    expect(planImport([grace], new Map()).plans).to.deep.equal([{ row: 2, action: 'CREATE', input: grace.input }]);
    // Columns the file does not have (region, service areas, preference) are left as held.
    expect(planImport([grace], new Map([[held.email, held]])).plans).to.deep.equal([{ row: 2, action: 'UNCHANGED', id: 'p1', homeCouncilId: 'E08000024' }]);
  });

  it('updates only the fields that differ', () => {
    const changed = { ...held, roleLevelId: 'user-researcher', workingPattern: [2, 2, 2, 2, 2, 0, 0] };
    expect(planImport([grace], new Map([[held.email, changed]])).plans).to.deep.equal([
      { row: 2, action: 'UPDATE', id: 'p1', homeCouncilId: 'E08000024', patch: { roleLevelId: 'senior-user-researcher', workingPattern: grace.input.workingPattern } },
    ]);
  });

  it('never moves a person to another council', () => {
    const { plans, errors } = planImport([grace], new Map([[held.email, { ...held, homeCouncilId: 'E08000021' }]]));
    expect(plans).to.deep.equal([]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.deep.include({ row: 2, column: 'Council', field: ['homeCouncilId'] });
  });
});
