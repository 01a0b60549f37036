// Use-case: import practitioners from a spreadsheet (rows of cells, read by
// server/practitioners/spreadsheet.ts). Everything is checked before anything
// is written: every cell (server/practitioners/practitioner-import.ts, with
// createPractitioner's rules), who may add people to each row's council, and
// the profiles already held under the rows' emails (which a row updates, or
// leaves alone when nothing differs). A bad file answers BAD_USER_INPUT with
// every error in details.errors and writes nothing.
//
// There are no transactions (FerretDB): the rows are then written one by one
// through createPractitioner and updatePractitioner, whose unique email key
// makes each write safe to repeat. A crash half-way leaves the rows written so
// far; importing the same file again finds them unchanged and writes the rest.
import { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';
import { DomainError, forbidden } from '../errors.ts';
import { allCouncils } from '../store/councils.ts';
import { allRoleLevels, allSkills } from '../store/ddat.ts';
import { findPool } from '../store/pools.ts';
import { practitionersByEmails } from '../store/practitioners.ts';
import { canCreatePractitioner, canEditPractitioner, practitionerRole } from '../practitioners/practitioner-access.ts';
import { checkImport, planImport, type Cell, type HeldProfile, type ImportError } from '../practitioners/practitioner-import.ts';
import { createPractitioner, updatePractitioner } from './practitioners.ts';
import { recordAudit } from './audit.ts';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
  /** Always empty here: a file with errors is refused (refusedImport). */
  errors: ImportError[];
}

const IMPORTERS: Viewer['role'][] = ['ADMIN', 'COUNCIL_REQUESTER', 'PROGRAMME_LEAD'];

/** The refusal of a bad file: every error in details.errors. */
export function refusedImport(errors: ImportError[]): DomainError {
  const n = errors.length;
  return new DomainError('BAD_USER_INPUT', `The file has ${n} error${n === 1 ? '' : 's'}; nothing was imported`, ['file'], { errors });
}

/** The errors of a refused import, or null for any other error. */
export const importErrorsOf = (err: unknown): ImportError[] | null =>
  err instanceof DomainError && err.code === 'BAD_USER_INPUT' && Array.isArray(err.details?.errors) ? (err.details.errors as ImportError[]) : null;

const rowList = (rows: number[]) => (rows.length === 1 ? `row ${rows[0]}` : `rows ${rows.join(', ')}`);

/** Refused unless the viewer may add people to every row's council (createPractitioner's rule). */
async function assertMayImport(viewer: Viewer, rows: readonly { row: number; councilId: string }[], councilName: (id: string) => string): Promise<void> {
  const pool = viewer.role === 'PROGRAMME_LEAD' && viewer.poolId ? await findPool(viewer.poolId) : null;
  const refused = new Map<string, number[]>();
  for (const r of rows) {
    if (!canCreatePractitioner(viewer, r.councilId, pool?.footprint ?? null)) refused.set(r.councilId, [...(refused.get(r.councilId) ?? []), r.row]);
  }
  if (refused.size) {
    const which = [...refused].map(([id, rs]) => `${councilName(id)} (${rowList(rs)})`).join(', ');
    throw forbidden(`You may not add practitioners to ${which}: only an admin, the council's requester or a lead of a pool covering it`);
  }
}

export async function importPractitioners(viewer: Viewer, table: readonly (readonly Cell[])[], options: { dryRun?: boolean | null } = {}): Promise<ImportResult> {
  if (!IMPORTERS.includes(viewer.role)) throw forbidden('Only an admin, a council requester or a programme lead imports practitioners');
  const [councils, levels, skills] = await Promise.all([allCouncils(), allRoleLevels(), allSkills()]);
  const checked = checkImport(table, {
    councils: councils.map((c) => ({ id: c._id, name: c.name, officialName: c.officialName })),
    roleLevels: levels.map((l) => ({ id: l._id, name: l.name })),
    skills: skills.map((s) => ({ id: s._id, name: s.name })),
  });
  if (!checked.ok) throw refusedImport(checked.errors);
  const names = new Map(councils.map((c) => [c._id, c.name]));
  await assertMayImport(viewer, checked.rows.map((r) => ({ row: r.row, councilId: r.input.homeCouncilId })), (id) => names.get(id) ?? id);

  const heldDocs = await practitionersByEmails(checked.rows.map((r) => r.input.email.trim().toLowerCase()));
  const held = new Map<string, HeldProfile>(
    heldDocs.map((p) => [
      p.email,
      {
        id: String(p._id),
        name: p.name,
        email: p.email,
        homeCouncilId: p.homeCouncilId,
        roleLevelId: p.roleLevelId,
        skills: p.skills.map((s) => ({ skillId: s.skillId, proficiency: s.proficiency })),
        region: p.region,
        workingPattern: p.workingPattern,
        serviceAreas: p.serviceAreas,
        workPreference: p.workPreference,
      },
    ]),
  );
  const { plans, errors } = planImport(checked.rows, held);
  if (errors.length) throw refusedImport(errors);
  // Changing someone held is editing their profile: their home council's requester or an admin (updatePractitioner's rule).
  const notEditable = plans.filter((p) => p.action === 'UPDATE' && !canEditPractitioner(practitionerRole(viewer, { id: p.id, homeCouncilId: p.homeCouncilId }))).map((p) => p.row);
  if (notEditable.length) throw forbidden(`You may not change the practitioners on ${rowList(notEditable)}, who are held already: only their home council's requester or an admin edits a profile`);

  const count = (action: string) => plans.filter((p) => p.action === action).length;
  const result: ImportResult = { created: count('CREATE'), updated: count('UPDATE'), unchanged: count('UNCHANGED'), dryRun: Boolean(options.dryRun), errors: [] };
  if (options.dryRun || result.created + result.updated === 0) return result;

  const created: string[] = [];
  const updated: string[] = [];
  for (const plan of plans) {
    if (plan.action === 'CREATE') created.push(String((await createPractitioner(viewer, plan.input))._id));
    else if (plan.action === 'UPDATE') updated.push(String((await updatePractitioner(viewer, plan.id, plan.patch))._id));
  }
  // One event for the import (each profile written has its own practitioner.create or .update event too).
  await recordAudit({
    actor: viewer,
    action: 'practitioner.import',
    entityType: 'Practitioner',
    entityId: String(new Types.ObjectId()),
    poolId: viewer.role === 'PROGRAMME_LEAD' ? viewer.poolId : null,
    after: { created: result.created, updated: result.updated, unchanged: result.unchanged, createdIds: created, updatedIds: updated },
  });
  return result;
}
