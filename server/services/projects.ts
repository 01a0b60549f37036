// Use-cases for projects and their slots: create, edit, move through the
// status life cycle, read within the viewer's scope. Each one checks the
// whole request (server/projects/project-input.ts) and loads what it refers
// to (one query per kind) before it writes anything, so a refused request
// leaves no trace; then it writes once and records the change in the audit log.
import { now } from '../clock.ts';
import { anyOf } from '../store/queries.ts';
import { Types } from 'mongoose';
import type { StatusChangeDoc } from '../../models/project.ts';
import { findProject, insertProject, projectsPage, updateProjectIfUnchanged, type ProjectDoc, type SlotDoc } from '../store/projects.ts';
import { councilsByIds } from '../store/councils.ts';
import { poolsByIds } from '../store/pools.ts';
import { roleLevelRefs, existingSkillIds } from '../store/ddat.ts';
import { bookingStatusesOnSlot, type BookingStatus } from '../store/bookings.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, conflict, DomainError, notFound, withArticle, type FieldPath } from '../errors.ts';
import type { PageArgs } from '../pagination.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { requireById } from './batch.ts';
import { recordAudit } from './audit.ts';
import {
  assertPoolCoversLead,
  assertReferencesExist,
  checkNewProject,
  checkNote,
  checkProjectPatch,
  checkSlot,
  completeSlot,
  idsByKind,
  LIMITS,
  mergeSlotPatch,
  pickFields,
  type ProjectInput,
  type ProjectPatch,
  type ReferenceData,
  type ReferenceUse,
  type SlotData,
  type SlotInput,
  type SlotPatch,
} from '../projects/project-input.ts';
import { PRACTITIONER_VISIBLE_STATUSES, projectRole } from '../projects/project-access.ts';
import { editableStatuses, mayChangePool, mayEdit, planTransition, PROJECT_STATUSES, type ProjectStatus } from '../projects/project-status.ts';
import { OBJECT_ID } from '../ids.ts';
import { reopenSeatsUpTo, retireSeatsAbove } from '../store/slot-seats.ts';
import { weeksBetween } from '../calendar/iso-week.ts';

export interface ProjectFilter {
  statuses?: ProjectStatus[] | null;
  councilId?: string | null;
  serviceAreas?: string[] | null;
  poolId?: string | null;
  phase?: string | null;
}

// ---- reads ------------------------------------------------------------


export async function getProject(
  id: string,
  field: FieldPath = ['id'],
  find: (id: string) => Promise<ProjectDoc | null> = findProject,
): Promise<ProjectDoc> {
  return requireById(id, field, 'Project', 'project', find);
}

export { projectsByIds } from '../store/projects.ts';

/** What the viewer may see, as a query: the same policy as project-access.ts's canReadProject. */
function readableBy(viewer: Viewer): Record<string, unknown> {
  switch (viewer.role) {
    case 'ADMIN':
      return {};
    case 'PROGRAMME_LEAD':
      return { poolId: viewer.poolId };
    case 'COUNCIL_REQUESTER':
      return { councilIds: viewer.councilId };
    case 'PRACTITIONER':
      return anyOf('status', PRACTITIONER_VISIBLE_STATUSES);
    default:
      return { _id: null };
  }
}

export async function listProjects(viewer: Viewer, filter: ProjectFilter = {}, page: PageArgs = {}) {
  const conditions: Record<string, unknown>[] = [readableBy(viewer)];
  if (filter.statuses?.length) conditions.push(anyOf('status', filter.statuses));
  if (filter.councilId) {
    if (!GSS_CODE.test(filter.councilId)) throw badInput(['filter', 'councilId'], `"${filter.councilId}" is not an English GSS code (E followed by 8 digits)`);
    conditions.push({ councilIds: filter.councilId });
  }
  if (filter.serviceAreas?.length) conditions.push(anyOf('serviceArea', filter.serviceAreas));
  if (filter.poolId) conditions.push({ poolId: filter.poolId });
  if (filter.phase) conditions.push({ phase: filter.phase });
  return projectsPage(conditions, page);
}

// ---- references -------------------------------------------------------

/** Load everything a request names: one query per kind, in parallel, only the fields needed. */
async function loadReferences(uses: readonly ReferenceUse[]): Promise<ReferenceData> {
  const ids = idsByKind(uses);
  const [councils, pools, levels, skills] = await Promise.all([councilsByIds(ids.Council), poolsByIds(ids.Pool), roleLevelRefs(ids['Role level']), existingSkillIds(ids.Skill)]);
  return {
    councils: new Set(councils.flatMap((c) => (c ? [c._id] : []))),
    pools: new Map(pools.flatMap((p) => (p ? [[p._id, { footprint: p.footprint }] as const] : []))),
    roleLevels: new Map(levels.map((l) => [l._id, { roleId: l.roleId, rank: l.rank, expectedSkills: l.expectedSkills }])),
    skills,
  };
}

// ---- writes -----------------------------------------------------------

/** Who may edit: only those who may act on the project, and only in the statuses their role edits in. */
function assertMayEdit(viewer: Viewer, project: ProjectDoc): void {
  const role = projectRole(viewer, project);
  if (role !== 'ADMIN' && role !== 'POOL_LEAD' && role !== 'LEAD_COUNCIL_REQUESTER') throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
  if (!mayEdit(project.status, role)) {
    const editableIn = editableStatuses(role);
    const hint = role === 'LEAD_COUNCIL_REQUESTER' && project.status === 'SUBMITTED' ? '; withdraw it to DRAFT first' : '';
    throw conflict(`${withArticle(project.status, true)} project cannot be edited by you${hint}`, { status: project.status, editableIn });
  }
}

/** Write a change to a project read moments ago, only if nobody changed it since (server/store/guarded-write.ts), else CONFLICT. */
async function writeIfUnchanged(current: ProjectDoc, update: { $set?: Record<string, unknown>; $push?: Record<string, unknown> }): Promise<void> {
  if (!(await updateProjectIfUnchanged(current, update))) {
    throw conflict('The project was changed by someone else meanwhile; reload it and try again', { reason: 'CONCURRENT_CHANGE' });
  }
}

const auditSnapshot = (p: ProjectDoc) => ({ ...pickFields(p), leadCouncilId: p.leadCouncilId, status: p.status, slots: p.slots });

function settleLeadCouncil(viewer: Viewer, given: string | null | undefined): string {
  if (viewer.role === 'COUNCIL_REQUESTER') {
    if (given && given !== viewer.councilId) throw new DomainError('FORBIDDEN', 'A council requester creates projects for their own council');
    return viewer.councilId!;
  }
  if (viewer.role === 'ADMIN') {
    if (!given) throw badInput(['input', 'leadCouncilId'], 'is required when an admin creates a project');
    return given;
  }
  throw new DomainError('FORBIDDEN', 'Only a council requester (or an admin) creates projects');
}

/** `id`: the demo loader names ids in plan order, so it can create projects side by side and still list them in that order. */
export async function createProject(viewer: Viewer, input: ProjectInput, opts: { id?: Types.ObjectId } = {}): Promise<ProjectDoc> {
  const lead = settleLeadCouncil(viewer, input.leadCouncilId);
  const checked = checkNewProject(input, lead);
  const refs = await loadReferences(checked.uses);
  assertReferencesExist(checked.uses, refs);
  assertPoolCoversLead(checked.fields.poolId, lead, refs, ['input', 'poolId']);
  const slots = checked.slots.map((d, i) => ({ _id: new Types.ObjectId(), ...completeSlot(d, ['input', 'slots', i], refs) }));

  const at = now();
  const creation: StatusChangeDoc = { from: null, to: 'DRAFT', action: 'create', at, byUserId: viewer.userId, note: null };
  const created = await insertProject({
    ...(opts.id ? { _id: opts.id } : {}),
    ...checked.fields,
    leadCouncilId: lead,
    slots,
    status: 'DRAFT',
    statusHistory: [creation],
    revision: 0,
    createdBy: viewer.userId,
  } as Omit<ProjectDoc, '_id' | 'createdAt' | 'updatedAt'>);
  await recordAudit({ actor: viewer, action: 'project.create', entityType: 'Project', entityId: String(created._id), poolId: created.poolId, after: auditSnapshot(created), at });
  return created;
}

export async function updateProject(viewer: Viewer, id: string, patch: ProjectPatch): Promise<ProjectDoc> {
  const project = await getProject(id);
  assertMayEdit(viewer, project);
  const checked = checkProjectPatch(project, patch);
  if (checked.changes.poolId !== undefined && checked.changes.poolId !== project.poolId && !mayChangePool(project.status)) {
    throw conflict(`The pool of ${withArticle(project.status)} project cannot change; only a DRAFT's can`, { status: project.status });
  }
  const refs = await loadReferences(checked.uses);
  assertReferencesExist(checked.uses, refs);
  if (checked.changes.poolId !== undefined) assertPoolCoversLead(checked.changes.poolId, project.leadCouncilId, refs, ['input', 'poolId']);
  if (Object.keys(checked.changes).length === 0) return project;

  await writeIfUnchanged(project, { $set: checked.changes });
  const after = await getProject(id);
  await recordAudit({ actor: viewer, action: 'project.update', entityType: 'Project', entityId: id, poolId: after.poolId, before: auditSnapshot(project), after: auditSnapshot(after) });
  return after;
}

// ---- slots ------------------------------------------------------------

// Bookings that hold a slot: any but a cancelled one (ended and recalled ones
// are history that still points at it; one still being made counts too).
// Written as an exclusion so a booking status added later holds the slot by
// default. (Who sits on it now is the seats' business: store/slot-seats.ts.)
const RELEASED: BookingStatus[] = ['CANCELLED'];

async function bookingsOnSlot(projectId: Types.ObjectId, slotId: Types.ObjectId): Promise<{ holding: number }> {
  const statuses = (await bookingStatusesOnSlot(projectId, slotId)).filter((s) => !RELEASED.includes(s));
  return { holding: statuses.length };
}

function findSlot(project: ProjectDoc, slotId: string): { slot: SlotDoc; index: number } {
  if (!OBJECT_ID.test(slotId)) throw badInput(['slotId'], 'is not a slot id');
  const index = project.slots.findIndex((s) => String(s._id) === slotId);
  if (index < 0) throw notFound('Slot', slotId, ['slotId']);
  return { slot: project.slots[index]!, index };
}

export async function addSlot(viewer: Viewer, projectId: string, input: SlotInput): Promise<ProjectDoc> {
  const project = await getProject(projectId, ['projectId']);
  assertMayEdit(viewer, project);
  if (project.slots.length >= LIMITS.slots) throw conflict(`The project already has ${LIMITS.slots} slots, the most it may have`);
  const uses: ReferenceUse[] = [];
  const draft = checkSlot(input, ['input'], project, uses);
  const refs = await loadReferences(uses);
  assertReferencesExist(uses, refs);
  const slot = { _id: new Types.ObjectId(), ...completeSlot(draft, ['input'], refs) };

  await writeIfUnchanged(project, { $push: { slots: slot } });
  const after = await getProject(projectId, ['projectId']);
  await recordAudit({
    actor: viewer,
    action: 'project.slot.add',
    entityType: 'Project',
    entityId: projectId,
    poolId: after.poolId,
    after: { slotId: String(slot._id), slot },
  });
  return after;
}

const slotKey = (s: SlotData) => JSON.stringify([s.roleLevelId, s.daysPerWeek, s.start, s.end]);

export async function updateSlot(viewer: Viewer, projectId: string, slotId: string, patch: SlotPatch): Promise<ProjectDoc> {
  const project = await getProject(projectId, ['projectId']);
  assertMayEdit(viewer, project);
  const { slot, index } = findSlot(project, slotId);
  const uses: ReferenceUse[] = [];
  const draft = checkSlot(mergeSlotPatch(slot, patch, ['input']), ['input'], project, uses, new Set(Object.keys(patch)));
  const [refs, booked] = await Promise.all([loadReferences(uses), bookingsOnSlot(project._id, slot._id)]);
  assertReferencesExist(uses, refs);
  const updated: SlotDoc = { _id: slot._id, ...completeSlot(draft, ['input'], refs) };
  // Bookings (and the agreements behind them) were made for this role, these
  // days and this period; change those through the bookings, not under them.
  if (booked.holding > 0 && slotKey(updated) !== slotKey(slot)) {
    throw conflict('This slot has bookings: its role level, days per week and period cannot change', { slotId, bookings: booked.holding });
  }
  // Seats follow the headcount under their unique keys before it is written:
  // cut, the seats above are retired (refused when bookings sit there); raised,
  // retired ones are reopened. A booking racing the change can never end up
  // above the headcount written.
  if (updated.headcount < slot.headcount) {
    const retired = await retireSeatsAbove(slot._id, updated.headcount, slot.headcount, new Types.ObjectId(), weeksBetween(slot.start, slot.end));
    if (!retired.ok) {
      throw conflict(`This slot has ${retired.seated} people booked; headcount cannot go below that until bookings end or are cancelled`, { slotId, bookings: retired.heldBy.map(String) }, [
        'input',
        'headcount',
      ]);
    }
  } else if (updated.headcount > slot.headcount) {
    await reopenSeatsUpTo(slot._id, updated.headcount);
  }

  const slots = project.slots.map((s, i) => (i === index ? updated : s));
  // The whole array is written: FerretDB has no arrayFilters, and the
  // revision check above (writeIfUnchanged) stops a concurrent slot edit being lost.
  try {
    await writeIfUnchanged(project, { $set: { slots } });
  } catch (err) {
    // Another change won: put the seats back in line with the headcount it wrote.
    if (updated.headcount !== slot.headcount) await alignSeats(projectId, slot._id, Math.max(slot.headcount, updated.headcount));
    throw err;
  }
  const after = await getProject(projectId, ['projectId']);
  await recordAudit({ actor: viewer, action: 'project.slot.update', entityType: 'Project', entityId: projectId, poolId: after.poolId, before: { slotId, slot }, after: { slotId, slot: updated } });
  return after;
}

/** The retired seats of a slot as its stored headcount says they should be. */
async function alignSeats(projectId: string, slotId: Types.ObjectId, highest: number): Promise<void> {
  const stored = (await getProject(projectId, ['projectId'])).slots.find((s) => String(s._id) === String(slotId));
  if (!stored) return;
  await reopenSeatsUpTo(slotId, stored.headcount);
  await retireSeatsAbove(slotId, stored.headcount, highest, new Types.ObjectId(), weeksBetween(stored.start, stored.end));
}

export async function removeSlot(viewer: Viewer, projectId: string, slotId: string): Promise<ProjectDoc> {
  const project = await getProject(projectId, ['projectId']);
  assertMayEdit(viewer, project);
  const { slot } = findSlot(project, slotId);
  const booked = await bookingsOnSlot(project._id, slot._id);
  if (booked.holding > 0) throw conflict('This slot has bookings and cannot be removed; cancel them first', { slotId, bookings: booked.holding });

  await writeIfUnchanged(project, { $set: { slots: project.slots.filter((s) => String(s._id) !== slotId) } });
  const after = await getProject(projectId, ['projectId']);
  await recordAudit({ actor: viewer, action: 'project.slot.remove', entityType: 'Project', entityId: projectId, poolId: after.poolId, before: { slotId, slot } });
  return after;
}

// ---- status -----------------------------------------------------------

export async function transitionProject(viewer: Viewer, id: string, to: ProjectStatus, note?: string | null): Promise<ProjectDoc> {
  if (!(PROJECT_STATUSES as readonly string[]).includes(to)) throw badInput(['to'], 'is not a project status');
  const cleanNote = checkNote(note);
  const project = await getProject(id);
  const role = projectRole(viewer, project);
  const plan = planTransition({ status: project.status, slotCount: project.slots.length, to, role, note: cleanNote });
  if (!plan.ok) {
    const e = plan.error;
    switch (e.code) {
      case 'ILLEGAL_TRANSITION':
        throw conflict(e.message, { status: project.status, to, allowed: e.allowed, allowedForYou: e.allowedForRole });
      case 'NOT_PERMITTED':
        throw new DomainError('FORBIDDEN', e.message, undefined, { status: project.status, to, allowedForYou: e.allowedForRole });
      case 'NOTE_REQUIRED':
        throw badInput(['note'], e.message);
      case 'NO_SLOTS':
        throw conflict(e.message, { status: project.status, to, reason: 'NO_SLOTS' });
    }
  }

  const at = now();
  const entry: StatusChangeDoc = { from: plan.from, to: plan.to, action: plan.action, at, byUserId: viewer.userId, note: cleanNote };
  try {
    await writeIfUnchanged(project, { $set: { status: plan.to }, $push: { statusHistory: entry } });
  } catch (err) {
    // Tell the loser of a race where the project is now and what it may do from there.
    if (err instanceof DomainError && err.code === 'CONFLICT') {
      const current = await getProject(id);
      throw conflict(`The project is now ${current.status}; it changed meanwhile`, { status: current.status, reason: 'CONCURRENT_CHANGE' });
    }
    throw err;
  }
  // Recorded after the write (no transactions on FerretDB): a failure here
  // leaves the change made, with the entry on the document, but unaudited.
  await recordAudit({
    actor: viewer,
    action: `project.${plan.action}`,
    entityType: 'Project',
    entityId: id,
    poolId: project.poolId,
    before: { status: plan.from },
    after: { status: plan.to, note: cleanNote },
    at,
  });
  return getProject(id);
}
