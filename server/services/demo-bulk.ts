// The two parts of the demo data written in bulk rather than through their
// services, because through the services they would take most of a minute
// on FerretDB: practitioners with their leave (createPractitioner looks the
// reference data up with $in, which FerretDB answers by scanning whole
// collections; addLeave's revision-guarded update scans the practitioners),
// and central contracts with their status moves (each move's
// status-guarded update scans the contracts).
//
// Each writes what the services would: the same pure checks
// (practitioner-input.ts, contract-input.ts, contract-status.ts), the same
// stored fields, revision and status history, and the same audit entries
// through recordAudit. Only timestamps and ids differ. The test in
// test/integration/demo-data.test.ts makes one of each through the services
// and holds the two equal, so a change to what a service writes shows up there.
import { now } from '../clock.ts';
import { Types } from 'mongoose';
import { insertPractitionersBulk, type PractitionerDoc } from '../store/practitioners.ts';
import { insertContractsBulk, type CentralContractDoc, type ContractStatusChangeDoc } from '../store/central-contracts.ts';
import { councilsByIds } from '../store/councils.ts';
import { existingSkillIds, roleLevelRefs } from '../store/ddat.ts';
import { allPools } from '../store/pools.ts';
import type { Viewer } from '../auth/viewer.ts';
import { notFound } from '../errors.ts';
import type { RegionName } from '../reference/regions.ts';
import { checkLeave, checkNewPractitioner, patternDays, skillKeysOf, type ReferenceUse } from '../practitioners/practitioner-input.ts';
import { checkProposal, checkProposalFits } from '../contracts/contract-input.ts';
import { planContractTransition, type ContractStatus } from '../contracts/contract-status.ts';
import type { DemoPlan } from '../demo/demo-plan.ts';
import { recordAudits, type AuditEntry } from './audit.ts';
import { profileSnapshot } from './practitioners.ts';
import { contractSnapshot } from './central-contracts.ts';

/** fn over every item, at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// Audit entries in batches, in order: one write each.
const recordAll = async (entries: readonly AuditEntry[]) => {
  for (let i = 0; i < entries.length; i += 500) await recordAudits(entries.slice(i, i + 500));
};


export type InsertedPractitioner = Pick<PractitionerDoc, '_id' | 'homeCouncilId' | 'workingPattern'>;

/** As createPractitioner, then addLeave once per entry, for every practitioner of the plan; in plan order. */
export async function insertPractitioners(as: Viewer, plan: DemoPlan): Promise<InsertedPractitioner[]> {
  const checked = plan.practitioners.map((p) => ({ ...checkNewPractitioner(p.profile), leave: p.leave.map((l) => checkLeave(l)) }));
  const ids = (kind: ReferenceUse['kind']) => [...new Set(checked.flatMap((c) => c.uses.filter((u) => u.kind === kind).map((u) => u.id)))];
  const [found0, levels, skills] = await Promise.all([councilsByIds(ids('Council')), roleLevelRefs(ids('Role level')), existingSkillIds(ids('Skill'))]);
  const councils = found0.flatMap((c) => (c ? [{ _id: c._id, region: c.region as RegionName }] : []));
  const found = new Set([...councils.map((c) => c._id), ...levels.map((l) => l._id), ...skills]);
  const missing = checked.flatMap((c) => c.uses).find((u) => !found.has(u.id));
  if (missing) throw notFound(missing.kind, missing.id, missing.field);
  const regionOf = new Map(councils.map((c) => [c._id, c.region]));
  const levelOf = new Map(levels.map((l) => [l._id, l]));

  const docs = checked.map(({ fields, leave }, i) => ({
    _id: new Types.ObjectId(),
    ...fields,
    region: fields.region ?? regionOf.get(fields.homeCouncilId)!,
    roleId: levelOf.get(fields.roleLevelId)!.roleId,
    levelRank: levelOf.get(fields.roleLevelId)!.rank,
    skillKeys: skillKeysOf(fields.skills),
    leave: leave.map((l) => ({ _id: new Types.ObjectId(), ...l })),
    // As proposeContract lists the pool before its contract (insertContracts below).
    contractPoolIds: plan.practitioners[i]!.contract ? [plan.practitioners[i]!.poolId] : [],
    revision: leave.length + (plan.practitioners[i]!.contract ? 1 : 0), // addLeave bumps it once per entry, the listing once
    createdBy: as.userId,
  }));
  await insertPractitionersBulk(docs as unknown as Omit<PractitionerDoc, 'createdAt' | 'updatedAt'>[]);
  await recordAll(
    docs.flatMap((d): AuditEntry[] => [
      { actor: as, action: 'practitioner.create', entityType: 'Practitioner', entityId: String(d._id), after: profileSnapshot(d) },
      ...d.leave.map((entry): AuditEntry => ({ actor: as, action: 'practitioner.leave.add', entityType: 'Practitioner', entityId: String(d._id), after: { leave: entry } })),
    ]),
  );
  return docs;
}


/** As proposeContract, then transitionContract for each move, acting as an admin. */
export async function insertContracts(as: Viewer, plan: DemoPlan, practitioners: readonly InsertedPractitioner[]): Promise<void> {
  const footprints = new Map((await allPools()).map((p) => [p._id, p.footprint]));
  const docs: Omit<CentralContractDoc, 'createdAt' | 'updatedAt'>[] = [];
  const audits: AuditEntry[] = [];
  plan.practitioners.forEach((planned, i) => {
    if (!planned.contract) return;
    const person = practitioners[i]!;
    const { moves, ...terms } = planned.contract;
    const p = checkProposal({ ...terms, practitionerId: String(person._id), poolId: planned.poolId });
    const footprint = footprints.get(p.poolId);
    if (!footprint) throw notFound('Pool', p.poolId, ['input', 'poolId']);
    checkProposalFits(p, { homeCouncilId: person.homeCouncilId, patternDays: patternDays(person.workingPattern) }, footprint);

    const _id = new Types.ObjectId();
    const proposedAt = now();
    const history: ContractStatusChangeDoc[] = [{ status: 'PROPOSED', action: 'propose', at: proposedAt, byUserId: as.userId, note: null }];
    const proposed = { _id, ...p, practitionerId: person._id, homeCouncilId: person.homeCouncilId, status: 'PROPOSED' as ContractStatus, liveStart: p.start, statusHistory: history, createdBy: as.userId };
    const entityId = String(_id);
    audits.push({ actor: as, action: 'contract.propose', entityType: 'CentralContract', entityId, poolId: p.poolId, after: contractSnapshot(proposed), at: proposedAt });
    let status: ContractStatus = 'PROPOSED';
    for (const move of moves) {
      const step = planContractTransition(status, move.to, 'ADMIN');
      if (!step.ok) throw new Error(`demo contract ${i}: ${step.error.message}`);
      const at = now();
      const note = move.note?.trim() || null;
      history.push({ status: step.to, action: step.action, at, byUserId: as.userId, note });
      audits.push({ actor: as, action: `contract.${step.action}`, entityType: 'CentralContract', entityId, poolId: p.poolId, before: { status: step.from }, after: { status: step.to, note }, at });
      status = step.to;
    }
    // Ending frees the unique (practitioner, pool, liveStart) key, as transitionContract does.
    // Each move is a guarded write, which bumps the revision (server/store/guarded-write.ts).
    docs.push({ ...proposed, status, liveStart: status === 'ENDED' ? `ended:${entityId}` : p.start, revision: moves.length });
  });
  await insertContractsBulk(docs);
  await recordAll(audits);
}
