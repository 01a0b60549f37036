// Importing practitioners from a spreadsheet (a council's HR export), pure:
// the rows of cells and the reference data in; either every bad cell (row,
// column, field, message) or one PractitionerInput per row out; then, given
// the profiles already held for the rows' work emails, what each row does
// (create, update, nothing). The rules for each field are the same as for
// createPractitioner (./practitioner-input.ts): this file turns cells into
// that input and maps each refusal back to its cell.
//
// Rows are numbered as a spreadsheet shows them: the header is row 1. A row's
// key is its work email, the practitioner's identity (unique in
// models/practitioner.ts), so importing the same file again finds every row
// unchanged.
import { DomainError, type FieldPath } from '../errors.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { PROFICIENCIES, type Proficiency } from '../reference/ddat.ts';
import { REGIONS } from '../reference/regions.ts';
import { SERVICE_AREAS, type ServiceArea } from '../reference/service-areas.ts';
import {
  checkNewPractitioner,
  checkPractitionerPatch,
  WEEKDAY_NAMES,
  WORK_PREFERENCES,
  type CheckedFields,
  type PractitionerInput,
  type PractitionerPatch,
  type SkillInput,
  type WorkingPatternInput,
} from './practitioner-input.ts';

export type Cell = string | number | boolean | Date | null | undefined;

export interface ImportError {
  /** Spreadsheet row (the header is 1); null for the file as a whole. */
  row: number | null;
  /** The column's header as the file writes it; null for a whole row or file. */
  column: string | null;
  /** The practitioner input field the cell gives (["skills", 2, "proficiency"]); null when none. */
  field: FieldPath | null;
  message: string;
}

/** What names in cells are looked up in: plain lists, loaded by the service. */
export interface ImportReference {
  councils: readonly { id: string; name: string; officialName: string }[];
  roleLevels: readonly { id: string; name: string }[];
  skills: readonly { id: string; name: string }[];
}

export interface ImportRow {
  row: number;
  input: PractitionerInput;
  /** The fields the row gives (a blank optional cell gives none: a new profile takes the default, an existing one keeps its value). */
  given: (keyof PractitionerInput)[];
}

export type CheckedImport = { ok: true; rows: ImportRow[] } | { ok: false; errors: ImportError[] };

type Field = keyof PractitionerInput | 'firstName' | 'lastName';

interface Column {
  header: string;
  field: Field;
  /** Other headers HR systems use for it (compared case-insensitively, spaces and punctuation ignored). */
  aliases: string[];
  example: string;
  help: string;
}

/** The columns, in the template's order. */
export const IMPORT_COLUMNS: readonly Column[] = [
  { header: 'First name', field: 'firstName', aliases: ['Forename', 'Given name'], example: 'Grace', help: 'Required, with Last name (or one Name column instead)' },
  { header: 'Last name', field: 'lastName', aliases: ['Surname', 'Family name'], example: 'Hopper', help: 'Required, with First name' },
  { header: 'Name', field: 'name', aliases: ['Full name', 'Employee name'], example: '', help: 'Instead of First name and Last name' },
  { header: 'Work email', field: 'email', aliases: ['Email', 'Email address', 'Work email address'], example: 'grace.hopper@sunderland.gov.uk', help: 'Required; identifies the person: a row whose email is held already updates that practitioner' },
  { header: 'Council', field: 'homeCouncilId', aliases: ['Home council', 'Employer', 'GSS code', 'ONS code', 'Council code'], example: 'Sunderland', help: 'Required: the home council, by name or GSS (ONS) code, e.g. E08000024' },
  { header: 'Role level', field: 'roleLevelId', aliases: ['DDaT role level', 'DDaT role', 'Job title', 'Role'], example: 'Senior user researcher', help: 'Required: a DDaT role level, by name or id' },
  { header: 'Skills', field: 'skills', aliases: ['DDaT skills'], example: 'User research methods: Expert; Inclusive research: Working', help: 'DDaT skills, each "Skill: Proficiency" (Awareness, Working, Practitioner or Expert), separated by ";"' },
  { header: 'Working days', field: 'workingPattern', aliases: ['Working pattern', 'Work pattern'], example: 'Mon; Tue; Wed; Thu; Fri half', help: 'Days worked, separated by ";", "half" after a half day; blank for Monday to Friday' },
  { header: 'Region', field: 'region', aliases: [], example: '', help: 'An English region; blank for the home council\'s' },
  { header: 'Service areas', field: 'serviceAreas', aliases: ['Service area'], example: 'Housing; Adult social care', help: 'Service areas they prefer, separated by ";"' },
  { header: 'Work preference', field: 'workPreference', aliases: ['Working preference'], example: 'Hybrid', help: 'Remote, Hybrid or Onsite; blank for Hybrid' },
];

export const MAX_IMPORT_ROWS = 2_000;

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const HEADERS = new Map(IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [norm(h), c] as const)));
const REQUIRED_FIELDS = ['email', 'homeCouncilId', 'roleLevelId'] as const;

/** A cell as text, trimmed; dates as YYYY-MM-DD, numbers as written by JavaScript. */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  return String(c).trim();
}

const list = (text: string) => text.split(/[;\n]/).map((s) => s.trim()).filter(Boolean);

/** Finds names case-insensitively (and by id); "more than one" when a name is shared. */
function lookup<T extends { id: string }>(items: readonly T[], names: (t: T) => string[]): (text: string) => T[] {
  const by = new Map<string, T[]>();
  for (const t of items) {
    for (const n of new Set([t.id, ...names(t)].map(norm))) by.set(n, [...(by.get(n) ?? []), t]);
  }
  return (text) => by.get(norm(text)) ?? [];
}

const DAY_NAMES = new Map(WEEKDAY_NAMES.flatMap((d) => [[d, d], [d.slice(0, 3), d]] as const));
const PROFICIENCY_NAMES = new Map(PROFICIENCIES.map((p) => [p.toLowerCase(), p]));
const REGION_NAMES = new Map(Object.values(REGIONS).map((r) => [norm(r), r]));
const SERVICE_AREA_NAMES = new Map(Object.entries(SERVICE_AREAS).flatMap(([k, label]) => [[norm(k), k as ServiceArea], [norm(label), k as ServiceArea]]));
const WORK_PREFERENCE_NAMES = new Map(WORK_PREFERENCES.map((w) => [norm(w).replace(/ /g, ''), w]));

/** A cell the reader could not turn into input: the field it would give and why not. */
class CellRefusal extends Error {
  constructor(readonly field: FieldPath, message: string) {
    super(message);
  }
}

function refs(reference: ImportReference) {
  return {
    council: lookup(reference.councils, (c) => [c.name, c.officialName]),
    roleLevel: lookup(reference.roleLevels, (l) => [l.name]),
    skill: lookup(reference.skills, (s) => [s.name]),
  };
}
type Refs = ReturnType<typeof refs>;

function one<T>(found: T[], field: FieldPath, text: string, what: string, hint: string): T {
  if (found.length === 0) throw new CellRefusal(field, `"${text}" is not ${what}${hint}`);
  if (found.length > 1) throw new CellRefusal(field, `"${text}" names more than one ${what.replace(/^an? /, '')}${hint}`);
  return found[0]!;
}

function parseSkills(text: string, r: Refs): SkillInput[] {
  return list(text).map((item, i) => {
    const colon = item.lastIndexOf(':');
    if (colon < 0) throw new CellRefusal(['skills', i], `"${item}": write each skill as "Skill: Proficiency"`);
    const name = item.slice(0, colon).trim();
    const level = item.slice(colon + 1).trim();
    const skill = one(r.skill(name), ['skills', i, 'skillId'], name, 'a DDaT skill', '');
    const proficiency = PROFICIENCY_NAMES.get(level.toLowerCase());
    if (!proficiency) throw new CellRefusal(['skills', i, 'proficiency'], `"${level}" is not a proficiency: Awareness, Working, Practitioner or Expert`);
    return { skillId: skill.id, proficiency: proficiency as Proficiency };
  });
}

function parseWorkingDays(text: string): WorkingPatternInput {
  const pattern: WorkingPatternInput = Object.fromEntries(WEEKDAY_NAMES.map((d) => [d, 0]));
  for (const item of list(text.replace(/,/g, ';'))) {
    const m = /^([a-z]+)\.?\s*(\(?\s*(half|am|pm)\s*(day)?\s*\)?)?$/i.exec(item);
    const day = m ? DAY_NAMES.get(m[1]!.toLowerCase()) : undefined;
    if (!day) throw new CellRefusal(['workingPattern'], `"${item}" is not a weekday (Mon to Sun, "half" after a half day)`);
    if (pattern[day]) throw new CellRefusal(['workingPattern', day], `${day} is listed more than once`);
    pattern[day] = m![2] ? 0.5 : 1;
  }
  return pattern;
}

/** The input value of one cell (text not blank). */
function valueOf(field: Field, text: string, r: Refs): unknown {
  switch (field) {
    case 'homeCouncilId':
      if (GSS_CODE.test(text.toUpperCase())) return one(r.council(text.toUpperCase()), [field], text, 'a council', ': give its name or GSS code').id;
      return one(r.council(text), [field], text, 'a council', ': give its name or GSS code').id;
    case 'roleLevelId':
      return one(r.roleLevel(text), [field], text, 'a DDaT role level', ' (e.g. "Senior user researcher")').id;
    case 'skills':
      return parseSkills(text, r);
    case 'workingPattern':
      return parseWorkingDays(text);
    case 'region': {
      const region = REGION_NAMES.get(norm(text));
      if (!region) throw new CellRefusal([field], `"${text}" is not an English region: ${Object.values(REGIONS).join(', ')}`);
      return region;
    }
    case 'serviceAreas':
      return list(text).map((a, i) => {
        const area = SERVICE_AREA_NAMES.get(norm(a));
        if (!area) throw new CellRefusal([field, i], `"${a}" is not a service area`);
        return area;
      });
    case 'workPreference': {
      const w = WORK_PREFERENCE_NAMES.get(norm(text).replace(/ /g, ''));
      if (!w) throw new CellRefusal([field], `"${text}" is not a work preference: Remote, Hybrid or Onsite`);
      return w;
    }
    default:
      return text;
  }
}

const isBlank = (row: readonly Cell[] | undefined) => !row || row.every((c) => cellText(c) === '');

/**
 * Every bad cell of the file, or its rows as practitioner inputs. The first
 * row names the columns (IMPORT_COLUMNS, matched case-insensitively, with
 * their aliases); blank rows are skipped.
 */
export function checkImport(table: readonly (readonly Cell[])[], reference: ImportReference): CheckedImport {
  const errors: ImportError[] = [];
  const header = table[0] ?? [];
  const width = table.reduce((w, r) => Math.max(w, r.length), 0);
  // Which column each position is, or null for a blank header over blank cells.
  const columns: (Column | null)[] = [];
  const seen = new Map<Field, string>();
  for (let i = 0; i < width; i++) {
    const text = cellText(header[i]);
    const col = text ? HEADERS.get(norm(text)) : undefined;
    columns.push(col ?? null);
    const at = { row: 1, column: text || `column ${i + 1}`, field: null };
    if (!text) {
      if (table.slice(1).some((r) => cellText(r[i]) !== '')) errors.push({ ...at, message: 'has values but no header' });
    } else if (!col) {
      errors.push({ ...at, message: `is not a column this import knows: use ${IMPORT_COLUMNS.map((c) => c.header).join(', ')}` });
    } else if (seen.has(col.field)) {
      errors.push({ ...at, field: [col.field], message: `gives the same thing as "${seen.get(col.field)}"` });
    } else {
      seen.set(col.field, text);
    }
  }
  if (!isBlank(header)) {
    const needs = (field: Field, message: string) => !seen.has(field) && errors.push({ row: 1, column: null, field: [field], message });
    for (const f of REQUIRED_FIELDS) needs(f, `the file needs a "${IMPORT_COLUMNS.find((c) => c.field === f)!.header}" column`);
    if (seen.has('name') && (seen.has('firstName') || seen.has('lastName'))) {
      errors.push({ row: 1, column: seen.get('name')!, field: ['name'], message: 'give either Name or First name and Last name, not both' });
    } else if (!seen.has('name')) {
      needs('firstName', 'the file needs a "First name" column (or one "Name" column)');
      needs('lastName', 'the file needs a "Last name" column (or one "Name" column)');
    }
  } else {
    errors.push({ row: 1, column: null, field: null, message: 'the first row must name the columns (download the template)' });
  }
  if (errors.length) return { ok: false, errors };

  const r = refs(reference);
  const headerOf = (field: Field) => seen.get(field) ?? null;
  const rows: ImportRow[] = [];
  const emailRow = new Map<string, number>();
  const dataRows = table.slice(1).map((cells, i) => ({ cells, row: i + 2 })).filter((x) => !isBlank(x.cells));
  if (dataRows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ row: null, column: null, field: null, message: `an import takes at most ${MAX_IMPORT_ROWS} rows; this file has ${dataRows.length}: split it` }] };
  if (dataRows.length === 0) return { ok: false, errors: [{ row: null, column: null, field: null, message: 'the file has no rows of practitioners under its header' }] };

  for (const { cells, row } of dataRows) {
    const fail = (field: FieldPath, message: string) => {
      const f = field[0] as Field;
      errors.push({ row, column: headerOf(f) ?? (f === 'name' ? (headerOf('firstName') ?? headerOf('lastName')) : null), field, message });
    };
    const texts = new Map<Field, string>();
    columns.forEach((col, i) => col && texts.set(col.field, cellText(cells[i])));
    const input: Record<string, unknown> = {};
    const name = seen.has('name') ? texts.get('name')! : [texts.get('firstName'), texts.get('lastName')].filter(Boolean).join(' ');
    if (seen.has('name')) {
      if (name) input.name = name;
    } else {
      // Each half is needed, so a missing half is reported at its own cell.
      for (const f of ['firstName', 'lastName'] as const) if (!texts.get(f)) errors.push({ row, column: headerOf(f), field: ['name'], message: 'is required' });
      if (texts.get('firstName') && texts.get('lastName')) input.name = name;
    }
    let rowOk = true;
    for (const [field, text] of texts) {
      if (field === 'name' || field === 'firstName' || field === 'lastName') continue;
      if (!text) {
        if ((REQUIRED_FIELDS as readonly string[]).includes(field)) {
          fail([field], 'is required');
          rowOk = false;
        }
        continue;
      }
      try {
        input[field] = valueOf(field, text, r);
      } catch (err) {
        if (!(err instanceof CellRefusal)) throw err;
        fail(err.field, err.message);
        rowOk = false;
      }
    }
    // Each field by createPractitioner's own rules, one at a time, so that every bad cell is reported.
    for (const [field, value] of Object.entries(input)) {
      try {
        checkPractitionerPatch({ [field]: value } as PractitionerPatch, []);
      } catch (err) {
        if (!(err instanceof DomainError) || !err.field) throw err;
        fail(err.field, err.message);
        delete input[field];
        rowOk = false;
      }
    }
    if (typeof input.email === 'string') {
      const key = input.email.trim().toLowerCase();
      const first = emailRow.get(key);
      if (first !== undefined) {
        fail(['email'], `is also on row ${first}: each person once per file`);
        rowOk = false;
      } else {
        emailRow.set(key, row);
      }
    }
    if (!rowOk || !input.name) continue;
    const checked = input as unknown as PractitionerInput;
    checkNewPractitioner(checked, []);
    rows.push({ row, input: checked, given: Object.keys(input) as (keyof PractitionerInput)[] });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** A profile as held, in the fields an import may give. */
export interface HeldProfile {
  id: string;
  name: string;
  email: string;
  homeCouncilId: string;
  roleLevelId: string;
  skills: readonly { skillId: string; proficiency: Proficiency }[];
  region: string;
  workingPattern: readonly number[];
  serviceAreas: readonly string[];
  workPreference: string;
}

export type RowPlan =
  | { row: number; action: 'CREATE'; input: PractitionerInput }
  | { row: number; action: 'UPDATE'; id: string; homeCouncilId: string; patch: PractitionerPatch }
  | { row: number; action: 'UNCHANGED'; id: string; homeCouncilId: string };

const sortedJson = (xs: readonly unknown[]) => JSON.stringify(xs.map((x) => JSON.stringify(x)).sort());

function same(field: keyof CheckedFields, value: unknown, held: HeldProfile): boolean {
  const was = held[field as keyof HeldProfile];
  if (field === 'skills' || field === 'serviceAreas') return sortedJson(value as unknown[]) === sortedJson(was as unknown[]);
  return JSON.stringify(value) === JSON.stringify(was);
}

/**
 * What each row does, given the profiles held under the rows' emails: a new
 * email creates; a held one updates the fields that differ, or is unchanged.
 * An import never moves a person to another council (that is an admin's
 * updatePractitioner): such a row is an error at its Council cell.
 */
export function planImport(rows: readonly ImportRow[], held: ReadonlyMap<string, HeldProfile>, councilHeader = 'Council'): { plans: RowPlan[]; errors: ImportError[] } {
  const plans: RowPlan[] = [];
  const errors: ImportError[] = [];
  for (const { row, input, given } of rows) {
    const { changes } = checkPractitionerPatch(input, []);
    const current = held.get(changes.email!);
    if (!current) {
      plans.push({ row, action: 'CREATE', input });
      continue;
    }
    if (changes.homeCouncilId !== current.homeCouncilId) {
      errors.push({ row, column: councilHeader, field: ['homeCouncilId'], message: 'this email belongs to a practitioner of another council: an import does not move people between councils' });
      continue;
    }
    const patch: Record<string, unknown> = {};
    for (const f of given) {
      if (!same(f as keyof CheckedFields, changes[f as keyof CheckedFields], current)) patch[f] = input[f];
    }
    plans.push(Object.keys(patch).length ? { row, action: 'UPDATE', id: current.id, homeCouncilId: current.homeCouncilId, patch } : { row, action: 'UNCHANGED', id: current.id, homeCouncilId: current.homeCouncilId });
  }
  return { plans, errors };
}

/** The template's columns (First name and Last name rather than Name): header, an example and how to fill it in. */
export const templateColumns = () => IMPORT_COLUMNS.filter((c) => c.field !== 'name').map(({ header, example, help }) => ({ header, example, help }));
