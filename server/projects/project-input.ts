// What a valid project request is, pure: field checks with the path of the
// offending field, the references a request makes (councils, pool, role
// levels, skills) so the service can load each kind in one query, and the
// slot as stored, with required skills defaulted from the role level.
// Nothing here reads the database; the service loads and then calls in.
import { badInput, notFound, type FieldPath } from '../errors.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { isProficiency, type Proficiency } from '../reference/ddat.ts';
import { SERVICE_AREA_KEYS, type ServiceArea } from '../reference/service-areas.ts';
import { isValidIsoDate } from '../calendar/iso-week.ts';
import { PROJECT_PRIORITIES, type ProjectPriority } from './priority.ts';

export const PROJECT_PHASES = ['DISCOVERY', 'ALPHA', 'BETA', 'LIVE'] as const;
export type ProjectPhase = (typeof PROJECT_PHASES)[number];

/** Where the work happens; the values of the WorkPreference enum practitioners state. */
export const ON_SITE_EXPECTATIONS = ['REMOTE', 'HYBRID', 'ONSITE'] as const;
export type OnSiteExpectation = (typeof ON_SITE_EXPECTATIONS)[number];

export const LIMITS = {
  title: 200,
  outcome: 4000,
  note: 2000,
  councils: 50,
  slots: 50,
  skillsPerList: 40,
  headcount: 20,
  minDaysPerWeek: 0.5,
  maxDaysPerWeek: 5,
} as const;

export interface SkillNeed {
  skillId: string;
  proficiency: Proficiency;
}

/** A slot as stored (its _id is added by the model). */
export interface SlotData {
  roleLevelId: string;
  /** Denormalised from the role level, for matching without a lookup. */
  roleId: string;
  levelRank: number;
  required: SkillNeed[];
  /** True when `required` was taken from the role level's expected skills. */
  requiredFromRoleLevel: boolean;
  desired: SkillNeed[];
  daysPerWeek: number;
  start: string;
  end: string;
  headcount: number;
}

export interface ProjectFields {
  title: string;
  outcome: string;
  serviceArea: ServiceArea;
  phase: ProjectPhase;
  start: string;
  end: string;
  priority: ProjectPriority;
  onSiteExpectation: OnSiteExpectation;
  poolId: string;
  councilIds: string[];
}

export interface SkillNeedInput {
  skillId: string;
  proficiency: string;
}

export interface SlotInput {
  roleLevelId: string;
  /** Left out or empty: what the role level expects. */
  required?: SkillNeedInput[] | null;
  desired?: SkillNeedInput[] | null;
  daysPerWeek: number;
  /** Left out: the project's start or end. */
  start?: string | null;
  end?: string | null;
  headcount?: number | null;
}

/** A change: the fields given change; null is refused (GraphQL lets a client send it for any optional field). */
type Patch<T> = { [K in keyof T]?: T[K] | null };

export type SlotPatch = Patch<SlotInput>;

export interface ProjectInput {
  title: string;
  outcome: string;
  serviceArea: string;
  phase: string;
  start: string;
  end: string;
  priority: string;
  onSiteExpectation: string;
  poolId: string;
  /** Required for an admin; a requester's own council otherwise. */
  leadCouncilId?: string | null;
  /** The consortium; the lead council is always included. */
  councilIds?: string[] | null;
  slots?: SlotInput[] | null;
}

export type ProjectPatch = Patch<Omit<ProjectInput, 'leadCouncilId' | 'slots'>>;

// ---- references -------------------------------------------------------

export type ReferenceKind = 'Council' | 'Pool' | 'Role level' | 'Skill';

/** One use of an id in a request, with where it was used. */
export interface ReferenceUse {
  kind: ReferenceKind;
  id: string;
  path: FieldPath;
}

export interface RoleLevelRef {
  roleId: string;
  rank: number;
  expectedSkills: readonly SkillNeed[];
}

export interface ReferenceData {
  councils: ReadonlySet<string>;
  pools: ReadonlyMap<string, { footprint: readonly string[] }>;
  roleLevels: ReadonlyMap<string, RoleLevelRef>;
  skills: ReadonlySet<string>;
}

/** The ids of each kind a list of uses names, for one query per kind. */
export function idsByKind(uses: readonly ReferenceUse[]): Record<ReferenceKind, string[]> {
  const out: Record<ReferenceKind, Set<string>> = { Council: new Set(), Pool: new Set(), 'Role level': new Set(), Skill: new Set() };
  for (const u of uses) out[u.kind].add(u.id);
  return { Council: [...out.Council], Pool: [...out.Pool], 'Role level': [...out['Role level']], Skill: [...out.Skill] };
}

/** NOT_FOUND for the first use (in request order) of an id that does not exist. */
export function assertReferencesExist(uses: readonly ReferenceUse[], data: ReferenceData): void {
  for (const u of uses) {
    const exists =
      u.kind === 'Council' ? data.councils.has(u.id) : u.kind === 'Pool' ? data.pools.has(u.id) : u.kind === 'Role level' ? data.roleLevels.has(u.id) : data.skills.has(u.id);
    if (!exists) throw notFound(u.kind, u.id, u.path);
  }
}

/** The pool a project asks must cover its lead council. */
export function assertPoolCoversLead(poolId: string, leadCouncilId: string, data: ReferenceData, path: FieldPath): void {
  const pool = data.pools.get(poolId);
  if (pool && !pool.footprint.includes(leadCouncilId)) {
    throw badInput(path, `The pool "${poolId}" does not cover the lead council ${leadCouncilId}`, { poolId, leadCouncilId });
  }
}

// ---- field checks -----------------------------------------------------

function text(v: unknown, path: FieldPath, max: number): string {
  if (typeof v !== 'string' || !v.trim()) throw badInput(path, 'must not be empty');
  if (v.trim().length > max) throw badInput(path, `must be at most ${max} characters`);
  return v.trim();
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: FieldPath): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw badInput(path, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function date(v: unknown, path: FieldPath): string {
  if (!isValidIsoDate(v)) throw badInput(path, 'must be a date, YYYY-MM-DD');
  return v;
}

function id(v: unknown, path: FieldPath): string {
  if (typeof v !== 'string' || !v.trim()) throw badInput(path, 'must not be empty');
  return v.trim();
}

function gssCode(v: unknown, path: FieldPath): string {
  if (typeof v !== 'string' || !GSS_CODE.test(v)) throw badInput(path, `"${String(v)}" is not an English GSS code (E followed by 8 digits)`);
  return v;
}

function noNull(input: object, path: FieldPath): void {
  for (const [k, v] of Object.entries(input)) if (v === null) throw badInput([...path, k], 'must not be null: leave it out to keep it as it is');
}

/**
 * A range checked against another: start ≤ end, and inside `within` if
 * given. The error names the field the caller changed (`given`), so a patch
 * that only moves the start is told about its start.
 */
function checkRange(
  range: { start: string; end: string },
  path: FieldPath,
  given: { start: boolean; end: boolean },
  within?: { start: string; end: string; label: string },
): void {
  const at = (f: 'start' | 'end') => [...path, f];
  if (range.start > range.end) {
    throw given.end || !given.start ? badInput(at('end'), `must not be before the start (${range.start})`) : badInput(at('start'), `must not be after the end (${range.end})`);
  }
  if (within && range.start < within.start) {
    throw badInput(given.start || !given.end ? at('start') : at('end'), `must be within ${within.label} (${within.start} to ${within.end})`);
  }
  if (within && range.end > within.end) {
    throw badInput(given.end || !given.start ? at('end') : at('start'), `must be within ${within.label} (${within.start} to ${within.end})`);
  }
}

function daysPerWeek(v: unknown, path: FieldPath): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v * 2) || v < LIMITS.minDaysPerWeek || v > LIMITS.maxDaysPerWeek) {
    throw badInput(path, `must be in half days from ${LIMITS.minDaysPerWeek} to ${LIMITS.maxDaysPerWeek}`);
  }
  return v;
}

function headcount(v: unknown, path: FieldPath): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > LIMITS.headcount) throw badInput(path, `must be a whole number from 1 to ${LIMITS.headcount}`);
  return v;
}

function skillNeeds(list: readonly SkillNeedInput[], path: FieldPath, uses: ReferenceUse[]): SkillNeed[] {
  if (list.length > LIMITS.skillsPerList) throw badInput(path, `must list at most ${LIMITS.skillsPerList} skills`);
  const seen = new Set<string>();
  return list.map((s, i) => {
    const skillId = id(s.skillId, [...path, i, 'skillId']);
    if (seen.has(skillId)) throw badInput([...path, i, 'skillId'], `"${skillId}" is listed twice`);
    seen.add(skillId);
    if (typeof s.proficiency !== 'string' || !isProficiency(s.proficiency)) throw badInput([...path, i, 'proficiency'], 'is not a proficiency');
    uses.push({ kind: 'Skill', id: skillId, path: [...path, i, 'skillId'] });
    return { skillId, proficiency: s.proficiency };
  });
}

/** A slot whose own fields are checked; its required skills are still to be defaulted (null). */
export interface SlotDraft {
  roleLevelId: string;
  required: SkillNeed[] | null;
  desired: SkillNeed[];
  daysPerWeek: number;
  start: string;
  end: string;
  headcount: number;
}

/**
 * Check a whole slot (a new one, or an existing one with a patch merged in)
 * against the project's period. `given` says which fields the caller sent,
 * so cross-field errors point at one of them.
 */
export function checkSlot(
  input: SlotInput,
  path: FieldPath,
  project: { start: string; end: string },
  uses: ReferenceUse[],
  given: ReadonlySet<string> = new Set(Object.keys(input).filter((k) => input[k as keyof SlotInput] !== undefined && input[k as keyof SlotInput] !== null)),
): SlotDraft {
  const roleLevelId = id(input.roleLevelId, [...path, 'roleLevelId']);
  uses.push({ kind: 'Role level', id: roleLevelId, path: [...path, 'roleLevelId'] });
  const draft: SlotDraft = {
    roleLevelId,
    required: input.required?.length ? skillNeeds(input.required, [...path, 'required'], uses) : null,
    desired: skillNeeds(input.desired ?? [], [...path, 'desired'], uses),
    daysPerWeek: daysPerWeek(input.daysPerWeek, [...path, 'daysPerWeek']),
    start: input.start === undefined || input.start === null ? project.start : date(input.start, [...path, 'start']),
    end: input.end === undefined || input.end === null ? project.end : date(input.end, [...path, 'end']),
    headcount: input.headcount === undefined || input.headcount === null ? 1 : headcount(input.headcount, [...path, 'headcount']),
  };
  checkRange(draft, path, { start: given.has('start'), end: given.has('end') }, { ...project, label: "the project's dates" });
  return draft;
}

/** The stored slot: required skills from the role level when none were given; desired ones must add something. */
export function completeSlot(draft: SlotDraft, path: FieldPath, data: ReferenceData): SlotData {
  const level = data.roleLevels.get(draft.roleLevelId);
  if (!level) throw notFound('Role level', draft.roleLevelId, [...path, 'roleLevelId']);
  const required = draft.required ?? level.expectedSkills.map((s) => ({ skillId: s.skillId, proficiency: s.proficiency }));
  const requiredIds = new Set(required.map((s) => s.skillId));
  const dup = draft.desired.findIndex((s) => requiredIds.has(s.skillId));
  if (dup >= 0) {
    throw badInput([...path, 'desired', dup, 'skillId'], `"${draft.desired[dup]!.skillId}" is already a required skill of this slot`);
  }
  return {
    roleLevelId: draft.roleLevelId,
    roleId: level.roleId,
    levelRank: level.rank,
    required,
    requiredFromRoleLevel: draft.required === null,
    desired: draft.desired,
    daysPerWeek: draft.daysPerWeek,
    start: draft.start,
    end: draft.end,
    headcount: draft.headcount,
  };
}

/**
 * An existing slot with a patch applied, as a whole slot input to check
 * again. Required skills: a given list replaces them (an empty one means
 * "what the role level expects"); left out, they stay, except that skills
 * taken from the role level follow a change of role level.
 */
export function mergeSlotPatch(existing: SlotData, patch: SlotPatch, path: FieldPath): SlotInput {
  noNull(patch, path);
  const keepRequired = !existing.requiredFromRoleLevel;
  return {
    roleLevelId: patch.roleLevelId ?? existing.roleLevelId,
    required: patch.required !== undefined ? patch.required : keepRequired ? existing.required : null,
    desired: patch.desired ?? existing.desired,
    daysPerWeek: patch.daysPerWeek ?? existing.daysPerWeek,
    start: patch.start ?? existing.start,
    end: patch.end ?? existing.end,
    headcount: patch.headcount ?? existing.headcount,
  };
}

// ---- projects ---------------------------------------------------------

export interface CheckedProject {
  fields: ProjectFields;
  leadCouncilId: string;
  slots: SlotDraft[];
  uses: ReferenceUse[];
}

/** Check a new project's fields and slots; `leadCouncilId` is already settled by the caller (the requester's council). */
export function checkNewProject(input: ProjectInput, leadCouncilId: string, path: FieldPath = ['input']): CheckedProject {
  const uses: ReferenceUse[] = [];
  const at = (...p: (string | number)[]) => [...path, ...p];
  const lead = gssCode(leadCouncilId, at('leadCouncilId'));
  uses.push({ kind: 'Council', id: lead, path: at('leadCouncilId') });
  const fields: ProjectFields = {
    title: text(input.title, at('title'), LIMITS.title),
    outcome: text(input.outcome, at('outcome'), LIMITS.outcome),
    serviceArea: oneOf(input.serviceArea, SERVICE_AREA_KEYS, at('serviceArea')),
    phase: oneOf(input.phase, PROJECT_PHASES, at('phase')),
    start: date(input.start, at('start')),
    end: date(input.end, at('end')),
    priority: oneOf(input.priority, PROJECT_PRIORITIES, at('priority')),
    onSiteExpectation: oneOf(input.onSiteExpectation, ON_SITE_EXPECTATIONS, at('onSiteExpectation')),
    poolId: id(input.poolId, at('poolId')),
    councilIds: checkCouncilIds(input.councilIds ?? [], lead, at('councilIds'), uses),
  };
  checkRange(fields, path, { start: true, end: true });
  uses.push({ kind: 'Pool', id: fields.poolId, path: at('poolId') });
  const slotInputs = input.slots ?? [];
  if (slotInputs.length > LIMITS.slots) throw badInput(at('slots'), `must list at most ${LIMITS.slots} slots`);
  const slots = slotInputs.map((s, i) => checkSlot(s, at('slots', i), fields, uses));
  return { fields, leadCouncilId: lead, slots, uses };
}

/** The consortium: checked codes, the lead first, each once. */
function checkCouncilIds(list: readonly string[], lead: string, path: FieldPath, uses: ReferenceUse[]): string[] {
  if (list.length > LIMITS.councils) throw badInput(path, `must list at most ${LIMITS.councils} councils`);
  const out = [lead];
  list.forEach((c, i) => {
    const code = gssCode(c, [...path, i]);
    if (!out.includes(code)) {
      out.push(code);
      uses.push({ kind: 'Council', id: code, path: [...path, i] });
    }
  });
  return out;
}

export interface CheckedPatch {
  /** The fields after the patch (unchanged ones included). */
  fields: ProjectFields;
  /** Only what changed, for the write and the audit. */
  changes: Partial<ProjectFields>;
  uses: ReferenceUse[];
}

/**
 * Check a patch to a project's fields against the project as it is: each
 * given field on its own, then the dates against each other and against
 * every slot (a slot must stay inside the project; move it first).
 */
export function checkProjectPatch(
  current: ProjectFields & { leadCouncilId: string; slots: readonly (SlotData & { _id: unknown })[] },
  patch: ProjectPatch,
  path: FieldPath = ['input'],
): CheckedPatch {
  noNull(patch, path);
  const uses: ReferenceUse[] = [];
  const at = (...p: (string | number)[]) => [...path, ...p];
  const changes: Partial<ProjectFields> = {};
  if (patch.title !== undefined) changes.title = text(patch.title, at('title'), LIMITS.title);
  if (patch.outcome !== undefined) changes.outcome = text(patch.outcome, at('outcome'), LIMITS.outcome);
  if (patch.serviceArea !== undefined) changes.serviceArea = oneOf(patch.serviceArea, SERVICE_AREA_KEYS, at('serviceArea'));
  if (patch.phase !== undefined) changes.phase = oneOf(patch.phase, PROJECT_PHASES, at('phase'));
  if (patch.start !== undefined) changes.start = date(patch.start, at('start'));
  if (patch.end !== undefined) changes.end = date(patch.end, at('end'));
  if (patch.priority !== undefined) changes.priority = oneOf(patch.priority, PROJECT_PRIORITIES, at('priority'));
  if (patch.onSiteExpectation !== undefined) changes.onSiteExpectation = oneOf(patch.onSiteExpectation, ON_SITE_EXPECTATIONS, at('onSiteExpectation'));
  if (patch.poolId !== undefined) {
    changes.poolId = id(patch.poolId, at('poolId'));
    uses.push({ kind: 'Pool', id: changes.poolId, path: at('poolId') });
  }
  if (patch.councilIds) changes.councilIds = checkCouncilIds(patch.councilIds, current.leadCouncilId, at('councilIds'), uses);
  const fields: ProjectFields = { ...pickFields(current), ...changes };
  const given = { start: patch.start !== undefined, end: patch.end !== undefined };
  checkRange(fields, path, given);
  if (given.start || given.end) {
    for (const [i, s] of current.slots.entries()) {
      if (s.start < fields.start || s.end > fields.end) {
        throw badInput(
          at(given.start && s.start < fields.start ? 'start' : 'end'),
          `slot ${i + 1} (${s.roleLevelId}, ${s.start} to ${s.end}) would fall outside the project; change the slot first`,
          { slotId: String(s._id) },
        );
      }
    }
  }
  return { fields, changes, uses };
}

export function pickFields(p: ProjectFields): ProjectFields {
  return {
    title: p.title,
    outcome: p.outcome,
    serviceArea: p.serviceArea,
    phase: p.phase,
    start: p.start,
    end: p.end,
    priority: p.priority,
    onSiteExpectation: p.onSiteExpectation,
    poolId: p.poolId,
    councilIds: [...p.councilIds],
  };
}

export function checkNote(note: string | null | undefined, path: FieldPath = ['note']): string | null {
  if (note === undefined || note === null || !note.trim()) return null;
  if (note.trim().length > LIMITS.note) throw badInput(path, `must be at most ${LIMITS.note} characters`);
  return note.trim();
}
