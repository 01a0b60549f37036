// The engine's inputs for one request: the slots being matched (as engine
// slots over a horizon of ISO weeks), the pool's bookable practitioners who
// could fill them (with free units per week), and the context. Read from the
// pool's cached matching data (matching-snapshot.ts); the meaning of each
// number is decided by the pure mapping in server/planning/engine-input.ts.
import { Types } from 'mongoose';
import type { ProjectDoc, SlotDoc } from '../../models/project.ts';
import { findPractitioner } from '../store/practitioners.ts';
import { contractsOverlapping } from '../store/central-contracts.ts';
import { ALL_POOLS, unitsByPractitioner } from '../store/capacity-claims.ts';
import { BOOKABLE_STATUSES } from '../contracts/contract-status.ts';
import { MAX_LEVEL_STEP } from '../matching/index.ts';
import type { ExistingAssignment, MatchContext, Practitioner, Slot, Weights } from '../matching/index.ts';
import { addDays, isoWeekKey, londonDateOf, weekEnd, weekStart } from '../calendar/iso-week.ts';
import { now } from '../clock.ts';
import {
  contractWeeks,
  engineFreeUnits,
  lentUnitsByCouncil,
  pastWorkOf,
  skillLevels,
  toEnginePractitioner,
  toEngineSlot,
  weeklyCapacityOf,
  type BookingFacts,
  type Horizon,
  type PastWork,
  type RosterPerson,
  type WeeklyCapacity,
} from '../planning/engine-input.ts';
import { matchingData, type BookingsLayer, type MatchingData, type Roster } from './matching-snapshot.ts';

/** One slot to match: the project, the slot, and the part of its period being planned. */
export interface PlanningSlot {
  project: ProjectDoc;
  slot: SlotDoc;
  start: string;
  end: string;
}

export interface EngineInputs {
  data: MatchingData;
  horizon: Horizon;
  /** Engine slots, in the order asked; slots already full of bookings are left out. */
  slots: Slot[];
  planning: Map<string, PlanningSlot>;
  /** The engine's practitioners (those who could fill a slot, and those already on one). */
  practitioners: Practitioner[];
  people: Map<string, RosterPerson>;
  ctx: MatchContext;
  /** Live bookings on the slots being matched, by "<slotId>:<practitionerId>". */
  existing: Map<string, BookingFacts>;
}

export const slotKey = (slotId: string, practitionerId: string) => `${slotId}:${practitionerId}`;

/** Capacity of one person over the horizon, computed once per week range and kept while the roster lives. */
function capacityOver(roster: Roster, p: RosterPerson, h: Horizon): WeeklyCapacity {
  const slice = (c: WeeklyCapacity): WeeklyCapacity | null => {
    const i = c.weeks.indexOf(h.weeks[0]!);
    if (i < 0 || c.weeks[i + h.weeks.length - 1] !== h.weeks[h.weeks.length - 1]) return null;
    const j = i + h.weeks.length;
    return { weeks: c.weeks.slice(i, j), poolContract: c.poolContract.slice(i, j), poolCapacity: c.poolCapacity.slice(i, j), totalCapacity: c.totalCapacity.slice(i, j) };
  };
  const memo = roster.capacityMemo.get(p.id);
  const hit = memo && slice(memo);
  if (hit) return hit;
  // Widen to cover both what was asked before and now, so requests that move around reuse it.
  const from = memo && weekStart(memo.weeks[0]!) < h.from ? weekStart(memo.weeks[0]!) : h.from;
  const to = memo && weekEnd(memo.weeks[memo.weeks.length - 1]!) > h.to ? weekEnd(memo.weeks[memo.weeks.length - 1]!) : h.to;
  const cap = weeklyCapacityOf(p, roster.poolId, roster.holidays, { from, to });
  roster.capacityMemo.set(p.id, cap);
  return slice(cap)!;
}

function claimedIn(layer: BookingsLayer, id: string, h: Horizon): { pool: number[]; all: number[] } {
  const e = layer.claims.get(id);
  return { pool: h.weeks.map((w) => e?.pool.get(w) ?? 0), all: h.weeks.map((w) => e?.all.get(w) ?? 0) };
}

function memoised<T>(layer: BookingsLayer, key: string, make: () => T): T {
  if (!layer.memo.has(key)) layer.memo.set(key, make());
  return layer.memo.get(key) as T;
}

function pastWork(layer: BookingsLayer): Map<string, PastWork> {
  const today = londonDateOf(now());
  return memoised(layer, `past:${today}`, () => pastWorkOf(layer.bookings, today));
}

/** A person as the engine sees them over the horizon. */
export function enginePerson(data: MatchingData, p: RosterPerson, h: Horizon, claims = claimedIn(data.bookings, p.id, h), cap = capacityOver(data.roster, p, h)): Practitioner {
  const free = engineFreeUnits(cap, claims.pool, claims.all);
  return toEnginePractitioner(p, free, contractWeeks(p.contracts, data.roster.poolId, h), pastWork(data.bookings).get(p.id));
}

const MAX_HORIZONS = 64;

/**
 * People as the engine saw them over one horizon, kept while the bookings
 * layer lives (it is rebuilt whenever claims, bookings or the roster change):
 * ranking the same slot again, or another slot of the same period, then costs
 * no capacity arithmetic. The engine never changes the objects it is given.
 */
function enginePeople(layer: BookingsLayer, h: Horizon): Map<string, Practitioner> {
  const byHorizon = memoised(layer, 'engine-people', () => new Map<string, Map<string, Practitioner>>());
  const key = `${h.from}:${h.to}:${londonDateOf(now())}`;
  let people = byHorizon.get(key);
  if (!people) {
    if (byHorizon.size >= MAX_HORIZONS) byHorizon.delete(byHorizon.keys().next().value!);
    byHorizon.set(key, (people = new Map()));
  }
  return people;
}

const contractOverlaps = (p: RosterPerson, poolId: string, h: Horizon) => p.contracts.some((c) => c.poolId === poolId && c.start <= h.to && c.end >= h.from);

/**
 * Inputs for matching `slots` over `horizon`: people of each slot's role
 * within a step of its level whose contract with the pool overlaps the
 * horizon (the only ones the engine could place), plus anyone already
 * booked on one of the slots.
 */
/**
 * Seats are held per week (store/slot-seats.ts), but the engine fills a slot
 * over one period. A full slot where some bookings end before the period
 * does (ended early, recalled, or shorter) has seats free after the last of
 * them: plan it from the Monday after, with only the bookings still there
 * then holding seats, so a replacement is proposed for the weeks freed and
 * never over a week still held.
 */
function freedWeeks(planned: PlanningSlot, here: BookingFacts[]): { s: PlanningSlot; here: BookingFacts[] } {
  if (here.length < planned.slot.headcount) return { s: planned, here };
  const leaving = here.filter((b) => b.end < planned.end);
  if (!leaving.length) return { s: planned, here };
  const freeFrom = addDays(weekStart(isoWeekKey(leaving.reduce((m, b) => (b.end > m ? b.end : m), leaving[0]!.end))), 7);
  if (freeFrom > planned.end) return { s: planned, here };
  return { s: { ...planned, start: freeFrom > planned.start ? freeFrom : planned.start }, here: here.filter((b) => !leaving.includes(b)) };
}

export async function engineInputs(
  poolId: string,
  slots: readonly PlanningSlot[],
  horizon: Horizon,
  weights: Weights,
  opts: {
    /** Ranking: keep a slot whose seats are all held (it still has candidates to show). */
    keepFullSlots?: boolean;
    /** Net days each council has given the pool minus received; only programme plans read it. */
    ledgerBalances?: Readonly<Record<string, number>>;
  } = {},
): Promise<EngineInputs> {
  const data = await matchingData(poolId);
  const { roster, bookings } = data;
  const planning = new Map(slots.map((s) => [String(s.slot._id), s]));

  const existing = new Map<string, BookingFacts>();
  for (const b of bookings.bookings) if (planning.has(b.slotId)) existing.set(slotKey(b.slotId, b.practitionerId), b);

  const chosen = new Map<string, RosterPerson>();
  for (const s of slots) {
    for (const p of roster.byRole.get(s.slot.roleId) ?? []) {
      if (Math.abs(p.levelRank - s.slot.levelRank) <= MAX_LEVEL_STEP && contractOverlaps(p, poolId, horizon)) chosen.set(p.id, p);
    }
  }
  for (const b of existing.values()) {
    const p = roster.people.get(b.practitionerId);
    if (p) chosen.set(p.id, p);
  }
  const seen = enginePeople(bookings, horizon);
  const practitioners = [...chosen.values()].map((p) => {
    let e = seen.get(p.id);
    if (!e) seen.set(p.id, (e = enginePerson(data, p, horizon)));
    return e;
  });

  // Someone booked on a slot who is no longer in the roster (their contract
  // ended) still holds a seat: the slot asks for fewer people instead.
  const existingAssignments: ExistingAssignment[] = [];
  const engineSlots: Slot[] = [];
  for (const planned of slots) {
    const id = String(planned.slot._id);
    const all = [...existing.values()].filter((b) => b.slotId === id);
    const { s, here } = freedWeeks(planned, all);
    if (s !== planned) {
      planning.set(id, s);
      // Gone by the period planned: neither kept nor released by the plan.
      for (const b of all) if (!here.includes(b)) existing.delete(slotKey(b.slotId, b.practitionerId));
    }
    const known = here.filter((b) => chosen.has(b.practitionerId)).slice(0, s.slot.headcount);
    let headcount = s.slot.headcount - (here.length - known.length);
    if (headcount < 1) {
      if (!opts.keepFullSlots) continue;
      headcount = 1;
    }
    existingAssignments.push(...known.slice(0, headcount).map((b) => ({ slotId: id, practitionerId: b.practitionerId })));
    engineSlots.push(
      toEngineSlot(
        {
          projectId: String(s.project._id),
          councilIds: s.project.councilIds,
          serviceArea: s.project.serviceArea,
          onSiteExpectation: s.project.onSiteExpectation,
          priority: s.project.priority,
          slot: { ...s.slot, id },
          start: s.start,
          end: s.end,
        },
        horizon,
        roster.regionOf,
        headcount,
      ),
    );
  }

  const lent = memoised(bookings, `lent:${horizon.from}:${horizon.to}`, () => lentUnitsByCouncil(bookings.bookings, poolId, horizon));
  const ctx: MatchContext = {
    weights,
    lentUnitsByCouncil: lent,
    ledgerBalanceByCouncil: opts.ledgerBalances ?? {},
    existingAssignments,
  };
  return { data, horizon, slots: engineSlots, planning, practitioners, people: chosen, ctx, existing };
}

/**
 * A practitioner the pool cannot book (no bookable contract with it), for
 * "why not?": read straight from the database, since the cache holds only
 * the pool's own people.
 */
export async function outsider(data: MatchingData, practitionerId: string, h: Horizon): Promise<{ person: RosterPerson; engine: Practitioner } | null> {
  const pid = new Types.ObjectId(practitionerId);
  const [doc, contracts, units] = await Promise.all([
    findPractitioner(pid),
    contractsOverlapping([pid], null, BOOKABLE_STATUSES, '0000-01-01', '9999-12-31'),
    unitsByPractitioner([pid], [data.roster.poolId, ALL_POOLS], h.weeks),
  ]);
  if (!doc) return null;
  const person: RosterPerson = {
    id: practitionerId,
    name: doc.name,
    homeCouncilId: doc.homeCouncilId,
    region: doc.region,
    roleId: doc.roleId,
    roleLevelId: doc.roleLevelId,
    levelRank: doc.levelRank,
    skills: skillLevels(doc.skills),
    serviceAreas: doc.serviceAreas,
    workPreference: doc.workPreference,
    workingPattern: doc.workingPattern,
    leave: doc.leave,
    contracts: contracts.map((c) => ({ id: String(c._id), poolId: c.poolId, daysPerWeek: c.daysPerWeek, start: c.start, end: c.end })),
  };
  const claimed = (scope: string) => h.weeks.map((w) => units.get(practitionerId)?.get(scope)?.get(w) ?? 0);
  const cap = weeklyCapacityOf(person, data.roster.poolId, data.roster.holidays, h);
  return { person, engine: enginePerson(data, person, h, { pool: claimed(data.roster.poolId), all: claimed(ALL_POOLS) }, cap) };
}
