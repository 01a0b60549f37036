// Use-case: a pool's demand against its supply, by DDaT role family, role
// level and ISO week (the pool dashboard). Supply is the pool's view of capacity
// (practitioner-capacity.ts) of everyone holding a bookable contract with the
// pool in the period, by their role level (and its family): capacity, booked
// and free days. Demand is the slots of the pool's approved-and-later
// projects, by the slot's role level: a slot asks for daysPerWeek × headcount in every
// ISO week its period touches; what its live bookings do not cover in that
// week is unfilled.
//
// Supply and bookings come from the pool's matching data (matching-snapshot.ts:
// the roster of contracted people, their claims in both scopes and the live
// bookings, kept fresh by every write), not from a read per practitioner:
// the same figures, computed by the same capacity function, without a
// round trip per person on every view of the dashboard.
import { allRoleFamilies, allRoleLevels, rolesOf } from '../store/ddat.ts';
import { projectsOfPool } from '../store/projects.ts';
import { isoWeekKey, weekStart, weeksBetween } from '../calendar/iso-week.ts';
import { capacityFrom, checkCapacityRange, loadsOfWeeklyUnits, type CapacityData } from './practitioner-capacity.ts';
import { matchingData } from './matching-snapshot.ts';
import { getPool } from './pools.ts';

/** Projects whose slots count as demand: approved by the pool and not yet closed. */
export const DEMAND_STATUSES = ['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE'] as const;

export interface DemandWeek {
  week: string;
  weekStart: string;
  capacityDays: number;
  bookedDays: number;
  freeDays: number;
  demandDays: number;
  filledDays: number;
  unfilledDays: number;
}

export interface DemandTotals {
  capacityDays: number;
  bookedDays: number;
  freeDays: number;
  demandDays: number;
  filledDays: number;
  unfilledDays: number;
  /** bookedDays / capacityDays, or null with no capacity. */
  utilisation: number | null;
}

export interface RoleLevelDemand extends DemandTotals {
  roleLevelId: string;
  practitionerCount: number;
  weeks: DemandWeek[];
}

export interface FamilyDemand extends DemandTotals {
  familyId: string;
  practitionerCount: number;
  weeks: DemandWeek[];
  /** The family's role levels that anyone contracted holds or any slot asks for, by role and rank. */
  levels: RoleLevelDemand[];
}

export interface PoolDemand extends DemandTotals {
  poolId: string;
  from: string;
  to: string;
  weeks: DemandWeek[];
  families: FamilyDemand[];
  practitionerCount: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const FIGURES = ['capacityDays', 'bookedDays', 'freeDays', 'demandDays', 'filledDays', 'unfilledDays'] as const;
const blankWeek = (week: string): DemandWeek => ({ week, weekStart: '', capacityDays: 0, bookedDays: 0, freeDays: 0, demandDays: 0, filledDays: 0, unfilledDays: 0 });

/** Week by week, the sum of rows that each have one entry per week of `weeks`, in that order. */
function sumWeeks(weeks: readonly string[], rows: readonly (readonly DemandWeek[])[]): DemandWeek[] {
  return weeks.map((w, i) => {
    const acc = blankWeek(w);
    for (const row of rows) for (const k of FIGURES) acc[k] += row[i]![k];
    return roundWeek(acc);
  });
}

function totalsOf(weeks: readonly DemandWeek[]): DemandTotals {
  const sum = (k: (typeof FIGURES)[number]) => round(weeks.reduce((n, w) => n + w[k], 0));
  const capacityDays = sum('capacityDays');
  const bookedDays = sum('bookedDays');
  return {
    capacityDays,
    bookedDays,
    freeDays: sum('freeDays'),
    demandDays: sum('demandDays'),
    filledDays: sum('filledDays'),
    unfilledDays: sum('unfilledDays'),
    utilisation: capacityDays > 0 ? round(bookedDays / capacityDays) : null,
  };
}

/** The pool's demand and supply over from..to (at most the capacity calendar's 106 ISO weeks). */
export async function poolDemand(poolId: string, from: string, to: string): Promise<PoolDemand> {
  const range = checkCapacityRange(from, to);
  await getPool(poolId, ['poolId']);
  const [{ roster, bookings: layer }, projects, families, roles, roleLevels] = await Promise.all([
    matchingData(poolId),
    projectsOfPool(poolId, DEMAND_STATUSES),
    allRoleFamilies(),
    rolesOf(null),
    allRoleLevels(),
  ]);
  const familyOfRole = new Map(roles.map((r) => [r._id, r.familyId]));
  const knownFamilies = new Set(families.map((f) => f._id));
  const levelOf = new Map(roleLevels.map((l) => [l._id, l]));
  // A role level's weeks, made the first time someone or some slot of that level counts.
  const cells = new Map<string, { people: number; weeks: Map<string, DemandWeek> }>();
  const cellsOf = (roleLevelId: string) => {
    const level = levelOf.get(roleLevelId);
    if (!level || !knownFamilies.has(familyOfRole.get(level.roleId) ?? '')) return undefined;
    let c = cells.get(roleLevelId);
    if (!c) cells.set(roleLevelId, (c = { people: 0, weeks: new Map(range.weeks.map((w) => [w, blankWeek(w)])) }));
    return c;
  };

  // Supply: the pool's view of the capacity of each person with a bookable contract with the pool in the period.
  const members = [...roster.people.values()].filter((p) => p.contracts.some((c) => c.poolId === poolId && c.start <= range.spanEnd && c.end >= range.spanStart));
  const data: CapacityData = {
    contracts: new Map(members.map((p) => [p.id, p.contracts])),
    allLoads: new Map(members.map((p) => [p.id, loadsOfWeeklyUnits(layer.claims.get(p.id)?.all)])),
    poolLoads: new Map(members.map((p) => [p.id, loadsOfWeeklyUnits(layer.claims.get(p.id)?.pool)])),
    holidays: roster.holidays,
  };
  for (const p of members) {
    const level = cellsOf(p.roleLevelId);
    if (!level) continue;
    level.people++;
    for (const w of capacityFrom({ _id: p.id, workingPattern: p.workingPattern, leave: p.leave }, poolId, data, range)) {
      const cell = level.weeks.get(w.week);
      if (!cell) continue;
      cell.capacityDays += w.capacityUnits / 2;
      cell.bookedDays += w.bookedUnits / 2;
      cell.freeDays += w.freeUnits / 2;
    }
  }

  // Demand: each slot's days in each week it touches, less what its live bookings cover.
  const bookingsBySlot = new Map<string, typeof layer.bookings>();
  for (const b of layer.bookings.filter((b) => b.poolId === poolId)) bookingsBySlot.set(String(b.slotId), [...(bookingsBySlot.get(String(b.slotId)) ?? []), b]);
  const inRange = new Set(range.weeks);
  for (const project of projects) {
    for (const slot of project.slots) {
      const weeks = weeksBetween(slot.start, slot.end).filter((w) => inRange.has(w));
      const byWeek = weeks.length ? cellsOf(slot.roleLevelId)?.weeks : undefined;
      if (!byWeek) continue;
      const asked = slot.daysPerWeek * slot.headcount;
      const onSlot = bookingsBySlot.get(String(slot._id)) ?? [];
      for (const week of weeks) {
        const booked = onSlot.filter((b) => isoWeekKey(b.start) <= week && isoWeekKey(b.end) >= week).reduce((n, b) => n + b.unitsPerWeek / 2, 0);
        const filled = Math.min(asked, booked);
        const cell = byWeek.get(week)!;
        cell.demandDays += asked;
        cell.filledDays += filled;
        cell.unfilledDays += asked - filled;
      }
    }
  }

  const roleOrder = new Map(roles.map((r, i) => [r._id, i]));
  const levelRows: (RoleLevelDemand & { familyId: string; order: [number, number] })[] = [...cells].map(([roleLevelId, c]) => {
    const level = levelOf.get(roleLevelId)!;
    const weeks = range.weeks.map((w) => roundWeek(c.weeks.get(w)!));
    return { roleLevelId, familyId: familyOfRole.get(level.roleId)!, order: [roleOrder.get(level.roleId) ?? 0, level.rank], practitionerCount: c.people, weeks, ...totalsOf(weeks) };
  });
  levelRows.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const familyRows: FamilyDemand[] = families.map((f) => {
    const own = levelRows.filter((l) => l.familyId === f._id);
    const weeks = sumWeeks(range.weeks, own.map((l) => l.weeks));
    const levels = own.map(({ familyId: _f, order: _o, ...l }) => l);
    return { familyId: f._id, practitionerCount: own.reduce((n, l) => n + l.practitionerCount, 0), weeks, levels, ...totalsOf(weeks) };
  });
  const weeks = sumWeeks(range.weeks, familyRows.map((f) => f.weeks));
  return { poolId, from: range.from, to: range.to, weeks, families: familyRows, practitionerCount: members.length, ...totalsOf(weeks) };
}

function roundWeek(w: DemandWeek): DemandWeek {
  return {
    week: w.week,
    weekStart: weekStart(w.week),
    capacityDays: round(w.capacityDays),
    bookedDays: round(w.bookedDays),
    freeDays: round(w.freeDays),
    demandDays: round(w.demandDays),
    filledDays: round(w.filledDays),
    unfilledDays: round(w.unfilledDays),
  };
}
