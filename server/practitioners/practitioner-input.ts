// Checks a practitioner profile, a profile change or a leave entry, pure:
// input in, clean fields out (or a BAD_USER_INPUT naming the offending field).
// What the input refers to (council, role level, skills) is listed for the
// service to load in one query per kind; existence is its job.
import { badInput, type FieldPath } from '../errors.ts';
import { GSS_CODE } from '../reference/councils.ts';
import { PROFICIENCIES, proficiencyRank, type Proficiency } from '../reference/ddat.ts';
import { REGIONS, type RegionName } from '../reference/regions.ts';
import { SERVICE_AREA_KEYS, type ServiceArea } from '../reference/service-areas.ts';
import { isValidIsoDate, daysBetween } from '../calendar/iso-week.ts';

export const WORK_PREFERENCES = ['REMOTE', 'HYBRID', 'ONSITE'] as const;
export type WorkPreference = (typeof WORK_PREFERENCES)[number];

export const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** Days worked each weekday: 0, 0.5 or 1. */
export type WorkingPatternInput = { [D in WeekdayName]?: number | null };

export interface SkillInput {
  skillId: string;
  proficiency: Proficiency;
}

export interface PractitionerInput {
  name: string;
  email: string;
  homeCouncilId: string;
  roleLevelId: string;
  skills?: SkillInput[] | null;
  /** Defaults to the home council's region. */
  region?: RegionName | null;
  /** Defaults to Monday to Friday, full days. */
  workingPattern?: WorkingPatternInput | null;
  serviceAreas?: ServiceArea[] | null;
  workPreference?: WorkPreference | null;
}

/** A change: absent or null leaves a field as it is. */
export type PractitionerPatch = { [K in keyof PractitionerInput]?: PractitionerInput[K] | null };

export interface LeaveInput {
  start: string;
  end: string;
  halfDay?: boolean | null;
  note?: string | null;
}

export const MAX_SKILLS = 100;
export const MAX_LEAVE_ENTRIES = 500;
const MAX_LEAVE_DAYS = 366;
const MAX_NOTE = 500;
const MAX_NAME = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const FULL_TIME_PATTERN: readonly number[] = [2, 2, 2, 2, 2, 0, 0];

/** A reference the service must find, with where it came from. */
export interface ReferenceUse {
  kind: 'Council' | 'Role level' | 'Skill';
  id: string;
  field: FieldPath;
}

export interface CheckedFields {
  name?: string;
  email?: string;
  homeCouncilId?: string;
  roleLevelId?: string;
  skills?: { skillId: string; proficiency: Proficiency }[];
  region?: RegionName;
  workingPattern?: number[];
  serviceAreas?: ServiceArea[];
  workPreference?: WorkPreference;
}

/** "<skillId>:<n>" for each proficiency step held, so "at least n" is one equality match. */
export function skillKeysOf(skills: readonly { skillId: string; proficiency: Proficiency }[]): string[] {
  return skills.flatMap((s) => Array.from({ length: proficiencyRank(s.proficiency) }, (_, i) => skillKey(s.skillId, i + 1)));
}

export const skillKey = (skillId: string, rank: number) => `${skillId}:${rank}`;

/** Working pattern in days (per weekday name) to the calendar's half-day units, Monday first. */
export function patternToUnits(input: WorkingPatternInput, path: FieldPath): number[] {
  const units = WEEKDAY_NAMES.map((day) => {
    const days = input[day] ?? 0;
    if (days !== 0 && days !== 0.5 && days !== 1) throw badInput([...path, day], 'must be 0, 0.5 or 1 (days)');
    return days * 2;
  });
  if (units.every((u) => u === 0)) throw badInput(path, 'must include at least one working day');
  return units;
}

export function unitsToPattern(units: readonly number[]): Record<WeekdayName, number> {
  return Object.fromEntries(WEEKDAY_NAMES.map((day, i) => [day, (units[i] ?? 0) / 2])) as Record<WeekdayName, number>;
}

/** Days a week the pattern works. */
export const patternDays = (units: readonly number[]) => units.reduce((s, u) => s + u, 0) / 2;

function checkName(name: string, path: FieldPath): string {
  const clean = name.trim();
  if (!clean) throw badInput(path, 'must not be empty');
  if (clean.length > MAX_NAME) throw badInput(path, `must be at most ${MAX_NAME} characters`);
  return clean;
}

function checkEmail(email: string, path: FieldPath): string {
  const clean = email.trim().toLowerCase();
  if (!EMAIL.test(clean) || clean.length > 254) throw badInput(path, 'is not an email address');
  return clean;
}

function checkSkills(skills: readonly SkillInput[], path: FieldPath, uses: ReferenceUse[]) {
  if (skills.length > MAX_SKILLS) throw badInput(path, `must list at most ${MAX_SKILLS} skills`);
  const seen = new Set<string>();
  return skills.map((s, i) => {
    if (!s.skillId) throw badInput([...path, i, 'skillId'], 'must not be empty');
    if (seen.has(s.skillId)) throw badInput([...path, i, 'skillId'], `"${s.skillId}" is listed more than once`);
    seen.add(s.skillId);
    if (!(PROFICIENCIES as readonly string[]).includes(s.proficiency)) throw badInput([...path, i, 'proficiency'], 'is not a proficiency');
    uses.push({ kind: 'Skill', id: s.skillId, field: [...path, i, 'skillId'] });
    return { skillId: s.skillId, proficiency: s.proficiency };
  });
}

function checkServiceAreas(areas: readonly string[], path: FieldPath): ServiceArea[] {
  areas.forEach((a, i) => {
    if (!(SERVICE_AREA_KEYS as readonly string[]).includes(a)) throw badInput([...path, i], 'is not a service area');
  });
  return [...new Set(areas as ServiceArea[])];
}

function checkOne<T extends string>(value: string, allowed: readonly T[], path: FieldPath, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(path, `is not a ${what}`);
  return value as T;
}

/** Check every field given; `uses` collects what must exist. */
function checkFields(input: PractitionerPatch, path: FieldPath, uses: ReferenceUse[]): CheckedFields {
  const at = (k: string) => [...path, k];
  const out: CheckedFields = {};
  if (input.name != null) out.name = checkName(input.name, at('name'));
  if (input.email != null) out.email = checkEmail(input.email, at('email'));
  if (input.homeCouncilId != null) {
    if (!GSS_CODE.test(input.homeCouncilId)) throw badInput(at('homeCouncilId'), `"${input.homeCouncilId}" is not an English GSS code (E followed by 8 digits)`);
    out.homeCouncilId = input.homeCouncilId;
    uses.push({ kind: 'Council', id: input.homeCouncilId, field: at('homeCouncilId') });
  }
  if (input.roleLevelId != null) {
    if (!input.roleLevelId.trim()) throw badInput(at('roleLevelId'), 'must not be empty');
    out.roleLevelId = input.roleLevelId;
    uses.push({ kind: 'Role level', id: input.roleLevelId, field: at('roleLevelId') });
  }
  if (input.skills != null) out.skills = checkSkills(input.skills, at('skills'), uses);
  if (input.region != null) out.region = checkOne(input.region, Object.values(REGIONS), at('region'), 'region');
  if (input.workingPattern != null) out.workingPattern = patternToUnits(input.workingPattern, at('workingPattern'));
  if (input.serviceAreas != null) out.serviceAreas = checkServiceAreas(input.serviceAreas, at('serviceAreas'));
  if (input.workPreference != null) out.workPreference = checkOne(input.workPreference, WORK_PREFERENCES, at('workPreference'), 'work preference');
  return out;
}

export interface CheckedNewPractitioner {
  fields: Required<Omit<CheckedFields, 'region'>> & { region: RegionName | null };
  uses: ReferenceUse[];
}

export function checkNewPractitioner(input: PractitionerInput, path: FieldPath = ['input']): CheckedNewPractitioner {
  const uses: ReferenceUse[] = [];
  for (const k of ['name', 'email', 'homeCouncilId', 'roleLevelId'] as const) {
    if (typeof input[k] !== 'string') throw badInput([...path, k], 'is required');
  }
  const f = checkFields(input, path, uses);
  return {
    fields: {
      name: f.name!,
      email: f.email!,
      homeCouncilId: f.homeCouncilId!,
      roleLevelId: f.roleLevelId!,
      skills: f.skills ?? [],
      region: f.region ?? null,
      workingPattern: f.workingPattern ?? [...FULL_TIME_PATTERN],
      serviceAreas: f.serviceAreas ?? [],
      workPreference: f.workPreference ?? 'HYBRID',
    },
    uses,
  };
}

export interface CheckedPatch {
  changes: CheckedFields;
  uses: ReferenceUse[];
}

/** A change to a profile: only the fields given are checked and returned. */
export function checkPractitionerPatch(patch: PractitionerPatch, path: FieldPath = ['input']): CheckedPatch {
  const uses: ReferenceUse[] = [];
  return { changes: checkFields(patch, path, uses), uses };
}

/** The first field a patch sets (non-null) that is in `locked`, or null. */
export function lockedFieldIn(patch: PractitionerPatch, locked: readonly (keyof PractitionerInput)[]): keyof PractitionerInput | null {
  return locked.find((k) => patch[k] !== null && patch[k] !== undefined) ?? null;
}

export interface CheckedLeave {
  start: string;
  end: string;
  halfDay: boolean;
  note: string | null;
}

export function checkLeave(input: LeaveInput, path: FieldPath = ['input']): CheckedLeave {
  const at = (k: string) => [...path, k];
  if (!isValidIsoDate(input.start)) throw badInput(at('start'), 'must be a calendar date YYYY-MM-DD');
  if (!isValidIsoDate(input.end)) throw badInput(at('end'), 'must be a calendar date YYYY-MM-DD');
  if (input.end < input.start) throw badInput(at('end'), 'must not be before start');
  if (daysBetween(input.start, input.end) >= MAX_LEAVE_DAYS) throw badInput(at('end'), `leave may span at most ${MAX_LEAVE_DAYS} days; add another entry`);
  const halfDay = input.halfDay ?? false;
  // Which of several days would be the half one is unknowable (calendar/capacity.ts refuses it too).
  if (halfDay && input.start !== input.end) throw badInput(at('halfDay'), 'is only allowed when start and end are the same day');
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) throw badInput(at('note'), `must be at most ${MAX_NOTE} characters`);
  return { start: input.start, end: input.end, halfDay, note };
}
