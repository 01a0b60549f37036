// Use-case: load the reference data files into the database. Every file is
// read and parsed before anything is written, so a bad or missing file writes
// nothing; each collection is then synced by diff, so running it twice
// changes nothing (and reports zero writes).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Model } from 'mongoose';
import { parseDdat } from '../reference/ddat.ts';
import { parseCouncils } from '../reference/councils.ts';
import { parseBankHolidays } from '../reference/bank-holidays.ts';
import { ReferenceDataError } from '../reference/reference-data-error.ts';
import { Council } from '../../models/council.ts';
import { Skill } from '../../models/skill.ts';
import { RoleFamily, Role, RoleLevel } from '../../models/role-level.ts';
import { BankHoliday } from '../../models/bank-holiday.ts';

export const DEFAULT_REFERENCE_DIR = path.resolve(import.meta.dirname, '../../scripts/reference-data');

export const REFERENCE_FILES = {
  roles: 'ddat-roles.csv',
  skills: 'ddat-skills.csv',
  councils: 'uk-local-authorities.csv',
  bankHolidays: 'bank-holidays.json',
} as const;

export interface SyncCounts {
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
}
export type ImportSummary = Record<'councils' | 'skills' | 'roleFamilies' | 'roles' | 'roleLevels' | 'bankHolidays', SyncCounts>;

async function readReference(dir: string, file: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReferenceDataError(file, code === 'ENOENT' ? `not found in ${dir}` : `cannot be read (${code})`);
  }
}

type Plain = { _id: string } & Record<string, unknown>;

/** Make the collection hold exactly `docs`: insert new, replace changed, delete gone. */
async function sync(model: Model<any>, docs: Plain[]): Promise<SyncCounts> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const existing = new Map<string, unknown>(
    ((await model.find().lean()) as Plain[]).map((d) => [d._id, d]),
  );
  const ops: object[] = [];
  const counts: SyncCounts = { inserted: 0, updated: 0, removed: 0, unchanged: 0 };
  const wanted = new Set<string>();
  for (const doc of docs) {
    wanted.add(doc._id);
    const before = existing.get(doc._id);
    if (before === undefined) counts.inserted++;
    else if (isDeepStrictEqual(normalise(before), normalise(doc))) {
      counts.unchanged++;
      continue;
    } else counts.updated++;
    ops.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
  }
  const gone = [...existing.keys()].filter((id) => !wanted.has(id));
  counts.removed = gone.length;
  if (ops.length) await model.bulkWrite(ops as never, { ordered: false });
  if (gone.length) await model.deleteMany({ _id: { $in: gone } });
  return counts;
}

// Compare as JSON so key order and undefined-vs-missing do not count as changes.
function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b))) : val)));
}

export async function importReferenceData(dir = DEFAULT_REFERENCE_DIR): Promise<ImportSummary> {
  const [rolesCsv, skillsCsv, councilsCsv, holidaysJson] = await Promise.all([
    readReference(dir, REFERENCE_FILES.roles),
    readReference(dir, REFERENCE_FILES.skills),
    readReference(dir, REFERENCE_FILES.councils),
    readReference(dir, REFERENCE_FILES.bankHolidays),
  ]);
  const ddat = parseDdat(rolesCsv, skillsCsv, { roles: REFERENCE_FILES.roles, skills: REFERENCE_FILES.skills });
  const councils = parseCouncils(councilsCsv, REFERENCE_FILES.councils);
  const holidays = parseBankHolidays(holidaysJson, REFERENCE_FILES.bankHolidays);

  // Everything parsed: only now touch the database.
  return {
    skills: await sync(Skill, ddat.skills.map(({ id, ...s }) => ({ _id: id, ...s }))),
    roleFamilies: await sync(RoleFamily, ddat.families.map(({ id, ...f }) => ({ _id: id, ...f }))),
    roles: await sync(Role, ddat.roles.map(({ id, ...r }) => ({ _id: id, ...r }))),
    roleLevels: await sync(RoleLevel, ddat.roleLevels.map(({ id, ...l }) => ({ _id: id, ...l }))),
    councils: await sync(Council, councils.map(({ gssCode, ...c }) => ({ _id: gssCode, ...c }))),
    bankHolidays: await sync(BankHoliday, holidays.map(({ date, ...h }) => ({ _id: date, ...h }))),
  };
}
