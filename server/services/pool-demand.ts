// Use-case: a pool's demand against its supply, by DDaT role family and ISO
// week (the pool dashboard). Supply is the pool's view of capacity
// (practitioner-capacity.ts) of everyone holding a bookable contract with the
// pool in the period, by the family of their role: capacity, booked and free
// days. Demand is the slots of the pool's approved-and-later projects, by the
// family of the slot's role: a slot asks for daysPerWeek × headcount in every
// ISO week its period touches; what its live bookings do not cover in that
// week is unfilled.
//
// Supply and bookings come from the pool's matching data (matching-snapshot.ts:
// the roster of contracted people, their claims in both scopes and the live
// bookings, kept fresh by every write), not from a read per practitioner:
// the same figures, computed by the same capacity function, without a
// round trip per person on every view of the dashboard.
import { allRoleFamilies, rolesOf } from '../store/ddat.ts';
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

export interface FamilyDemand extends DemandTotals {
  familyId: string;
  practitionerCount: number;
  weeks: DemandWeek[];
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

function totalsOf(weeks: readonly DemandWeek[]): DemandTotals {
  const sum = (k: keyof Omit<DemandWeek, 'week' | 'weekStart'>) => round(weeks.reduce((n, w) => n + w[k], 0));
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
  const [{ roster, bookings: layer }, projects, families, roles] = await Promise.all([
    matchingData(poolId),
    projectsOfPool(poolId, DEMAND_STATUSES),
    allRoleFamilies(),
    rolesOf(null),
  ]);
  const familyOfRole = new Map(roles.map((r) => [r._id, r.familyId]));
  const cells = new Map<string, Map<string, DemandWeek>>(
    families.map((f) => [
      f._id,
      new Map(range.weeks.map((w) => [w, { week: w, weekStart: '', capacityDays: 0, bookedDays: 0, freeDays: 0, demandDays: 0, filledDays: 0, unfilledDays: 0 }])),
    ]),
  );
  const people = new Map<string, number>();

  // Supply: the pool's view of the capacity of each person with a bookable contract with the pool in the period.
  const members = [...roster.people.values()].filter((p) => p.contracts.some((c) => c.poolId === poolId && c.start <= range.spanEnd && c.end >= range.spanStart));
  const data: CapacityData = {
    contracts: new Map(members.map((p) => [p.id, p.contracts])),
    allLoads: new Map(members.map((p) => [p.id, loadsOfWeeklyUnits(layer.claims.get(p.id)?.all)])),
    poolLoads: new Map(members.map((p) => [p.id, loadsOfWeeklyUnits(layer.claims.get(p.id)?.pool)])),
    holidays: roster.holidays,
  };
  for (const p of members) {
    const family = familyOfRole.get(p.roleId);
    const byWeek = family ? cells.get(family) : undefined;
    if (!byWeek) continue;
    people.set(family!, (people.get(family!) ?? 0) + 1);
    for (const w of capacityFrom({ _id: p.id, workingPattern: p.workingPattern, leave: p.leave }, poolId, data, range)) {
      const cell = byWeek.get(w.week);
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
      const family = familyOfRole.get(slot.roleId);
      const byWeek = family ? cells.get(family) : undefined;
      if (!byWeek) continue;
      const asked = slot.daysPerWeek * slot.headcount;
      const onSlot = bookingsBySlot.get(String(slot._id)) ?? [];
      for (const week of weeksBetween(slot.start, slot.end)) {
        if (!inRange.has(week)) continue;
        const booked = onSlot.filter((b) => isoWeekKey(b.start) <= week && isoWeekKey(b.end) >= week).reduce((n, b) => n + b.unitsPerWeek / 2, 0);
        const filled = Math.min(asked, booked);
        const cell = byWeek.get(week)!;
        cell.demandDays += asked;
        cell.filledDays += filled;
        cell.unfilledDays += asked - filled;
      }
    }
  }

  const familyRows: FamilyDemand[] = families.map((f) => {
    const weeks = range.weeks.map((w) => roundWeek(cells.get(f._id)!.get(w)!));
    return { familyId: f._id, practitionerCount: people.get(f._id) ?? 0, weeks, ...totalsOf(weeks) };
  });
  const weeks = range.weeks.map((w) =>
    roundWeek(
      familyRows.reduce(
        (acc, f) => {
          const c = f.weeks.find((x) => x.week === w)!;
          for (const k of ['capacityDays', 'bookedDays', 'freeDays', 'demandDays', 'filledDays', 'unfilledDays'] as const) acc[k] += c[k];
          return acc;
        },
        { week: w, weekStart: '', capacityDays: 0, bookedDays: 0, freeDays: 0, demandDays: 0, filledDays: 0, unfilledDays: 0 },
      ),
    ),
  );
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
