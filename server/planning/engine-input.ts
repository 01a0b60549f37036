// From the pool's data to the matching engine's plain shapes (server/matching/types.ts),
// pure: a horizon of ISO weeks, slots, practitioners with their free units per
// week, and the context numbers (lending). Services load the data; this
// decides what it means to the engine, so the rules can be tested alone.
import { isoWeekKey, weekEnd, weekStart, weeksBetween } from '../calendar/iso-week.ts';
import { daysToUnits, type Leave, type WorkingPattern } from '../calendar/capacity.ts';
import { poolCapacity, type CapacityContract } from '../practitioners/practitioner-capacity.ts';
import { proficiencyRank, type Proficiency } from '../reference/ddat.ts';
import { priorityWeight, type ProjectPriority } from '../projects/priority.ts';
import type { Practitioner, SkillLevel, Slot, WeekRange, WorkMode } from '../matching/types.ts';

/** The ISO weeks the engine's week indexes 0..H-1 stand for. */
export interface Horizon {
  /** Inclusive dates: capacity and contract cover are judged inside them. */
  from: string;
  to: string;
  weeks: string[];
  index: ReadonlyMap<string, number>;
  /** Each week's dates inside the horizon (the first and last weeks may be cut short). */
  bounds: readonly { start: string; end: string }[];
}

export function horizonOf(from: string, to: string): Horizon {
  const weeks = weeksBetween(from, to);
  const bounds = weeks.map((w) => ({ start: weekStart(w) < from ? from : weekStart(w), end: weekEnd(w) > to ? to : weekEnd(w) }));
  return { from, to, weeks, index: new Map(weeks.map((w, i) => [w, i])), bounds };
}

/** Index of the week holding `date`; the date must lie inside the horizon. */
export function weekIndexOf(h: Horizon, date: string): number {
  const i = h.index.get(isoWeekKey(date));
  if (i === undefined) throw new RangeError(`${date} is outside the horizon ${h.from}..${h.to}`);
  return i;
}

// ---- slots ----------------------------------------------------------------

export interface SlotSource {
  projectId: string;
  councilIds: readonly string[];
  serviceArea: string;
  onSiteExpectation: 'REMOTE' | 'HYBRID' | 'ONSITE';
  priority: ProjectPriority;
  slot: {
    id: string;
    roleId: string;
    roleLevelId: string;
    levelRank: number;
    required: readonly { skillId: string; proficiency: Proficiency }[];
    desired: readonly { skillId: string; proficiency: Proficiency }[];
    daysPerWeek: number;
    headcount: number;
  };
  /** The part of the slot being planned (a programme plan clips slots to its period). */
  start: string;
  end: string;
}

/** A slot's skill need as the engine reads it. */
export const skillNeed = (n: { skillId: string; proficiency: Proficiency }) => ({ skillId: n.skillId, min: proficiencyRank(n.proficiency) as SkillLevel });

export function toEngineSlot(s: SlotSource, h: Horizon, regionOf: (gss: string) => string | undefined, headcount = s.slot.headcount): Slot {
  return {
    id: s.slot.id,
    projectId: s.projectId,
    projectCouncils: s.councilIds,
    projectRegions: [...new Set(s.councilIds.map(regionOf).filter((r): r is string => r !== undefined))],
    serviceArea: s.serviceArea,
    onsite: s.onSiteExpectation.toLowerCase() as WorkMode,
    roleId: s.slot.roleId,
    roleLevelId: s.slot.roleLevelId,
    levelRank: s.slot.levelRank,
    required: s.slot.required.map(skillNeed),
    desired: s.slot.desired.map(skillNeed),
    unitsPerWeek: daysToUnits(s.slot.daysPerWeek),
    fromWeek: weekIndexOf(h, s.start),
    toWeek: weekIndexOf(h, s.end),
    headcount,
    priority: priorityWeight(s.priority),
  };
}

// ---- practitioners ----------------------------------------------------------

/** A practitioner as the matching data cache holds them: profile, and what capacity is made from. */
export interface RosterPerson {
  id: string;
  name: string;
  homeCouncilId: string;
  region: string;
  roleId: string;
  roleLevelId: string;
  levelRank: number;
  skills: Readonly<Record<string, SkillLevel>>;
  serviceAreas: readonly string[];
  workPreference: 'REMOTE' | 'HYBRID' | 'ONSITE';
  workingPattern: readonly number[];
  leave: readonly Leave[];
  /** Bookable (APPROVED or ACTIVE) contracts with any pool. */
  contracts: readonly (CapacityContract & { id: string })[];
}

export const skillLevels = (skills: readonly { skillId: string; proficiency: Proficiency }[]): Record<string, SkillLevel> =>
  Object.fromEntries(skills.map((s) => [s.skillId, proficiencyRank(s.proficiency) as SkillLevel]));

/** Half-day units per horizon week, before any booking: the pool's call, what it can use, and the person's total. */
export interface WeeklyCapacity {
  weeks: readonly string[];
  poolContract: number[];
  poolCapacity: number[];
  totalCapacity: number[];
}

/** Capacity of one person over the horizon's weeks: the capacity calendar, once for the pool and once across pools. */
export function weeklyCapacityOf(p: Pick<RosterPerson, 'workingPattern' | 'leave' | 'contracts'>, poolId: string, holidays: readonly string[], h: Pick<Horizon, 'from' | 'to'>): WeeklyCapacity {
  const base = { pattern: p.workingPattern as unknown as WorkingPattern, leave: p.leave, bankHolidays: holidays, from: h.from, to: h.to };
  const pool = poolCapacity({ ...base, contracts: p.contracts.filter((c) => c.poolId === poolId) });
  const total = poolCapacity({ ...base, contracts: p.contracts });
  return {
    weeks: pool.map((w) => w.week),
    poolContract: pool.map((w) => w.contractUnits),
    poolCapacity: pool.map((w) => w.capacityUnits),
    totalCapacity: total.map((w) => w.capacityUnits),
  };
}

/**
 * Free units per week as the engine must see them, so that "the slot's units
 * fit in every week" means exactly "bookPractitioner would succeed".
 *
 * A booking asks, in each week, for its units but never more than the pool's
 * capacity that week (a week shortened by leave or a bank holiday asks for
 * less rather than failing: booking-rules.ts weeklyNeeds), and it succeeds
 * when that need fits what is free in both scopes (pool and total). So:
 * - where nothing is booked yet (free = capacity), any units up to the
 *   contract's call fit: the engine sees the contract's full call;
 * - where something is booked (free < capacity), the need is what is free:
 *   the engine sees exactly what is free.
 * Either way one assignment fits in the engine iff its booking would. Two
 * assignments of one person sharing a shortened, unbooked week are checked
 * against the full call, so a programme plan can over-ask there; the commit
 * then fails on that booking and undoes the rest.
 */
export function engineFreeUnits(cap: WeeklyCapacity, claimedPool: readonly number[], claimedAll: readonly number[]): number[] {
  return cap.weeks.map((_, w) => {
    const poolFree = Math.max(0, cap.poolCapacity[w]! - (claimedPool[w] ?? 0));
    const totalFree = Math.max(0, cap.totalCapacity[w]! - (claimedAll[w] ?? 0));
    const free = Math.min(poolFree, totalFree);
    return free < cap.poolCapacity[w]! ? free : cap.poolContract[w]!;
  });
}

/**
 * The weeks a booking could use the pool's contract in: weeks whose dates
 * inside the horizon one bookable contract covers entirely (a booking needs a
 * single contract covering its whole period). With several contracts, the
 * one covering most weeks. Undefined when none covers a whole week.
 */
export function contractWeeks(contracts: readonly CapacityContract[], poolId: string, h: Horizon): WeekRange | undefined {
  let best: WeekRange | undefined;
  for (const c of contracts) {
    if (c.poolId !== poolId || c.end < h.from || c.start > h.to) continue;
    let first = -1;
    let last = -1;
    h.bounds.forEach((b, i) => {
      if (c.start <= b.start && c.end >= b.end) {
        if (first < 0) first = i;
        last = i;
      }
    });
    if (first >= 0 && (!best || last - first > best.toWeek - best.fromWeek)) best = { fromWeek: first, toWeek: last };
  }
  return best;
}

export interface PastWork {
  councils: readonly string[];
  projects: readonly string[];
}

export function toEnginePractitioner(p: RosterPerson, freeUnits: number[], contract: WeekRange | undefined, past: PastWork | undefined): Practitioner {
  return {
    id: p.id,
    homeCouncil: p.homeCouncilId,
    homeRegion: p.region,
    roleId: p.roleId,
    roleLevelId: p.roleLevelId,
    levelRank: p.levelRank,
    skills: p.skills,
    serviceAreas: p.serviceAreas,
    workPreference: p.workPreference.toLowerCase() as WorkMode,
    pastCouncils: past?.councils ?? [],
    pastProjects: past?.projects ?? [],
    freeUnits,
    ...(contract ? { contract } : {}),
  };
}

// ---- bookings ---------------------------------------------------------------

export interface BookingFacts {
  id: string;
  practitionerId: string;
  projectId: string;
  slotId: string;
  poolId: string;
  homeCouncilId: string;
  hostCouncilIds: readonly string[];
  start: string;
  end: string;
  unitsPerWeek: number;
}

/** Councils and projects each person has worked with: bookings that had started by `today`. */
export function pastWorkOf(bookings: readonly BookingFacts[], today: string): Map<string, PastWork> {
  const acc = new Map<string, { councils: Set<string>; projects: Set<string> }>();
  for (const b of bookings) {
    if (b.start > today) continue;
    let e = acc.get(b.practitionerId);
    if (!e) acc.set(b.practitionerId, (e = { councils: new Set(), projects: new Set() }));
    for (const c of b.hostCouncilIds) e.councils.add(c);
    e.projects.add(b.projectId);
  }
  return new Map([...acc].map(([id, e]) => [id, { councils: [...e.councils].sort(), projects: [...e.projects].sort() }]));
}

/** Half-day units each home council lends to the pool in the horizon: units per week × weeks its bookings overlap it. */
export function lentUnitsByCouncil(bookings: readonly BookingFacts[], poolId: string, h: Pick<Horizon, 'from' | 'to'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of bookings) {
    if (b.poolId !== poolId || b.end < h.from || b.start > h.to) continue;
    const weeks = weeksBetween(b.start > h.from ? b.start : h.from, b.end < h.to ? b.end : h.to).length;
    out[b.homeCouncilId] = (out[b.homeCouncilId] ?? 0) + weeks * b.unitsPerWeek;
  }
  return out;
}
