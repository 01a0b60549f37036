// The reference data the demo plan is drawn from, read from the same files
// the reference import loads (scripts/reference-data/), so every council,
// role level and skill the plan names is one the database holds. Files only,
// no database; parsed once per process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCouncils } from '../reference/councils.ts';
import { parseDdat } from '../reference/ddat.ts';
import { parseBankHolidays } from '../reference/bank-holidays.ts';
import { DEFAULT_REFERENCE_DIR, REFERENCE_FILES } from '../services/reference-import.ts';
import type { DemoReference } from './demo-plan.ts';

const cache = new Map<string, DemoReference>();

export function readDemoReference(dir = DEFAULT_REFERENCE_DIR): DemoReference {
  const cached = cache.get(dir);
  if (cached) return cached;
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const ref: DemoReference = {
    councils: parseCouncils(read(REFERENCE_FILES.councils), REFERENCE_FILES.councils),
    ddat: parseDdat(read(REFERENCE_FILES.roles), read(REFERENCE_FILES.skills), { roles: REFERENCE_FILES.roles, skills: REFERENCE_FILES.skills }),
    bankHolidays: parseBankHolidays(read(REFERENCE_FILES.bankHolidays), REFERENCE_FILES.bankHolidays).map((h) => h.date),
  };
  cache.set(dir, ref);
  return ref;
}
