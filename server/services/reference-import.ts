// Use-case: load the reference data files into the database. Every file is
// read and parsed before anything is written, so a bad or missing file writes
// nothing; each collection is then synced by diff, so running it twice
// changes nothing (and reports zero writes).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDdat } from '../reference/ddat.ts';
import { parseCouncils } from '../reference/councils.ts';
import { parseBankHolidays } from '../reference/bank-holidays.ts';
import { ReferenceDataError } from '../reference/reference-data-error.ts';
import { syncCouncils } from '../store/councils.ts';
import { syncRoleFamilies, syncRoleLevels, syncRoles, syncSkills } from '../store/ddat.ts';
import { syncBankHolidays } from '../store/bank-holidays.ts';
import type { Plain, SyncCounts } from '../store/sync.ts';

export const DEFAULT_REFERENCE_DIR = path.resolve(import.meta.dirname, '../../scripts/reference-data');

export const REFERENCE_FILES = {
  roles: 'ddat-roles.csv',
  skills: 'ddat-skills.csv',
  councils: 'uk-local-authorities.csv',
  bankHolidays: 'bank-holidays.json',
} as const;

export type { SyncCounts };
export type ImportSummary = Record<'councils' | 'skills' | 'roleFamilies' | 'roles' | 'roleLevels' | 'bankHolidays', SyncCounts>;

async function readReference(dir: string, file: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReferenceDataError(file, code === 'ENOENT' ? `not found in ${dir}` : `cannot be read (${code})`);
  }
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
    skills: await syncSkills(ddat.skills.map(({ id, ...s }) => ({ _id: id, ...s }) as Plain)),
    roleFamilies: await syncRoleFamilies(ddat.families.map(({ id, ...f }) => ({ _id: id, ...f }) as Plain)),
    roles: await syncRoles(ddat.roles.map(({ id, ...r }) => ({ _id: id, ...r }) as Plain)),
    roleLevels: await syncRoleLevels(ddat.roleLevels.map(({ id, ...l }) => ({ _id: id, ...l }) as Plain)),
    councils: await syncCouncils(councils.map(({ gssCode, ...c }) => ({ _id: gssCode, ...c }) as Plain)),
    bankHolidays: await syncBankHolidays(holidays.map(({ date, ...h }) => ({ _id: date, ...h }) as Plain)),
  };
}
