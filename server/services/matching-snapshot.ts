// The matching data of one pool, kept in memory: the people the pool can
// book (profile, contracts with every pool, leave, working pattern), bank
// holidays and council regions (the "roster"), and the capacity claims and
// live bookings that touch them (the "bookings").
//
// Why a cache: ranking one slot must answer in well under 100 ms over
// thousands of practitioners, and reading their profiles, contracts and
// claims costs seconds on FerretDB.
//
// Why it is safe: it only feeds advisory answers (candidates, whyNot, plans).
// Nothing is booked from it: bookPractitioner re-checks everything and holds
// capacity under unique keys, so a stale answer can at worst offer someone
// whose booking is then refused.
//
// Why it stays fresh, cheaply: every store write reports which collection
// and, where it knows, which practitioners it touched (server/store/changes.ts).
// A write about some practitioners makes the next request reload just those
// people's data (one booking: one person's claims and bookings, a few
// milliseconds), not the pool's; a write about nobody in particular (a
// council, a bank holiday) reloads the layer. Writes by other processes
// running this service arrive the same way: each process publishes its recent
// changes (with their practitioner ids) in a small document of its own in
// matching_revisions, which every process reads per request. A layer older
// than CACHE_TTL_MS is reloaded in the background anyway, for writes made by
// tools that do not run this code.
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { CouncilDoc } from '../../models/council.ts';
import { BOOKABLE_STATUSES } from '../contracts/contract-status.ts';
import type { Logger } from '../logger.ts';
import { skillLevels, type BookingFacts, type RosterPerson, type WeeklyCapacity } from '../planning/engine-input.ts';
import { onChange } from '../store/changes.ts';
import { contractsOverlapping } from '../store/central-contracts.ts';
import { practitionersWithIds, type PractitionerDoc } from '../store/practitioners.ts';
import { allCouncils } from '../store/councils.ts';
import { allBankHolidayDates } from '../store/bank-holidays.ts';
import { ALL_POOLS, unitsByPractitioner } from '../store/capacity-claims.ts';
import { liveBookingsOf, liveBookingsOfPool, type BookingDoc } from '../store/bookings.ts';
import { announceChanges, deleteOldRevisions, deleteRevisionsOf, readRevisions, type RevisionChange } from '../store/matching-revisions.ts';

export type Layer = 'roster' | 'bookings';

/** Which layer a write to each collection changes. */
const LAYER_OF: Readonly<Record<string, Layer>> = {
  practitioners: 'roster',
  central_contracts: 'roster',
  bank_holidays: 'roster',
  councils: 'roster',
  capacity_claims: 'bookings',
  bookings: 'bookings',
};

/** Backstop for writes by tools that do not run this code. */
export const CACHE_TTL_MS = 5 * 60_000;
const MAX_POOLS = 8;
/** Changes remembered per layer; an entry older than that reloads whole. */
const LOG_LENGTH = 500;

export interface Roster {
  poolId: string;
  people: Map<string, RosterPerson>;
  byRole: Map<string, RosterPerson[]>;
  holidays: string[];
  regionOf: (gss: string) => string | undefined;
  /** Reference data the answers show (home councils), so showing it costs no query. */
  councils: ReadonlyMap<string, CouncilDoc>;
  /** Capacity per person over the weeks asked so far (it depends on roster data only). */
  capacityMemo: Map<string, WeeklyCapacity>;
}

export interface BookingsLayer {
  /** Units claimed per person and ISO week: in the pool's scope and across pools. */
  claims: Map<string, { pool: Map<string, number>; all: Map<string, number> }>;
  /** Live bookings of the roster's people (any pool) and of the pool (anyone). */
  bookings: BookingFacts[];
  /** Derived values worth keeping while the layer lives (e.g. lending per period). */
  memo: Map<string, unknown>;
}

export interface MatchingData {
  roster: Roster;
  bookings: BookingsLayer;
}

// ---- the change log ----------------------------------------------------------

/** null: "anything may have changed" (reload whole). */
type Touched = ReadonlySet<string> | null;

const log: Record<Layer, { gen: number; entries: { gen: number; touched: Touched }[] }> = {
  roster: { gen: 0, entries: [] },
  bookings: { gen: 0, entries: [] },
};

function record(layer: Layer, touched: Touched): void {
  const l = log[layer];
  l.gen += 1;
  l.entries.push({ gen: l.gen, touched });
  if (l.entries.length > LOG_LENGTH) l.entries.splice(0, l.entries.length - LOG_LENGTH);
}

/** What changed in a layer after generation `gen`: nothing, some people, or anything. */
function changedSince(layer: Layer, gen: number): { kind: 'NONE' } | { kind: 'SOME'; ids: Set<string> } | { kind: 'ALL' } {
  const l = log[layer];
  if (gen === l.gen) return { kind: 'NONE' };
  const first = l.entries[0];
  if (!first || first.gen > gen + 1) return { kind: 'ALL' };
  const ids = new Set<string>();
  for (const e of l.entries) {
    if (e.gen <= gen) continue;
    if (!e.touched) return { kind: 'ALL' };
    for (const id of e.touched) ids.add(id);
  }
  return { kind: 'SOME', ids };
}

// ---- loading ------------------------------------------------------------------

type PersonRow = Pick<PractitionerDoc, '_id' | 'name' | 'homeCouncilId' | 'region' | 'roleId' | 'roleLevelId' | 'levelRank' | 'skills' | 'serviceAreas' | 'workPreference' | 'workingPattern' | 'leave'>;
const PERSON_FIELDS = { name: 1, homeCouncilId: 1, region: 1, roleId: 1, roleLevelId: 1, levelRank: 1, skills: 1, serviceAreas: 1, workPreference: 1, workingPattern: 1, leave: 1 } as const;

/** The roster entries of these people, for the pool: absent for anyone without a bookable contract with it. */
async function rosterPeople(poolId: string, ids: readonly string[] | null): Promise<Map<string, RosterPerson>> {
  // Whose contracts with the pool make them members; then all their bookable contracts (other pools count towards their total).
  const poolContracts = ids ? null : await contractsOverlapping(null, poolId, BOOKABLE_STATUSES, '0000-01-01', '9999-12-31');
  const candidates = ids ?? [...new Set(poolContracts!.map((c) => String(c.practitionerId)))];
  if (!candidates.length) return new Map();
  const [contracts, people] = await Promise.all([
    contractsOverlapping(candidates, null, BOOKABLE_STATUSES, '0000-01-01', '9999-12-31'),
    practitionersWithIds(candidates, PERSON_FIELDS),
  ]);
  const contractsOf = new Map<string, RosterPerson['contracts'][number][]>();
  for (const c of contracts) {
    const k = String(c.practitionerId);
    let list = contractsOf.get(k);
    if (!list) contractsOf.set(k, (list = []));
    list.push({ id: String(c._id), poolId: c.poolId, daysPerWeek: c.daysPerWeek, start: c.start, end: c.end });
  }
  const out = new Map<string, RosterPerson>();
  for (const p of people as PersonRow[]) {
    const id = String(p._id);
    const own = contractsOf.get(id) ?? [];
    if (!own.some((c) => c.poolId === poolId)) continue;
    out.set(id, {
      id,
      name: p.name,
      homeCouncilId: p.homeCouncilId,
      region: p.region,
      roleId: p.roleId,
      roleLevelId: p.roleLevelId,
      levelRank: p.levelRank,
      skills: skillLevels(p.skills),
      serviceAreas: p.serviceAreas,
      workPreference: p.workPreference,
      workingPattern: p.workingPattern,
      leave: p.leave.map((l) => ({ start: l.start, end: l.end, halfDay: l.halfDay })),
      contracts: own,
    });
  }
  return out;
}

function byRoleOf(people: ReadonlyMap<string, RosterPerson>): Map<string, RosterPerson[]> {
  const byRole = new Map<string, RosterPerson[]>();
  for (const person of people.values()) {
    let list = byRole.get(person.roleId);
    if (!list) byRole.set(person.roleId, (list = []));
    list.push(person);
  }
  return byRole;
}

async function loadRoster(poolId: string): Promise<Roster> {
  const [people, holidays, councils] = await Promise.all([rosterPeople(poolId, null), allBankHolidayDates(), allCouncils()]);
  const byGss = new Map(councils.map((c) => [c._id, c]));
  return { poolId, people, byRole: byRoleOf(people), holidays, regionOf: (gss) => byGss.get(gss)?.region, councils: byGss, capacityMemo: new Map() };
}

/** The roster again, with these people's entries read afresh (copy on write: requests holding the old one keep it). */
async function refreshRoster(old: Roster, ids: ReadonlySet<string>): Promise<Roster> {
  const fresh = await rosterPeople(old.poolId, [...ids]);
  const people = new Map(old.people);
  const capacityMemo = new Map(old.capacityMemo);
  for (const id of ids) {
    people.delete(id);
    capacityMemo.delete(id);
    const p = fresh.get(id);
    if (p) people.set(id, p);
  }
  return { ...old, people, byRole: byRoleOf(people), capacityMemo };
}

const factsOf = (b: BookingDoc): BookingFacts => ({
  id: String(b._id),
  practitionerId: String(b.practitionerId),
  projectId: String(b.projectId),
  slotId: String(b.slotId),
  poolId: b.poolId,
  homeCouncilId: b.homeCouncilId,
  hostCouncilIds: b.hostCouncilIds,
  start: b.start,
  end: b.end,
  unitsPerWeek: b.unitsPerWeek,
});

/** Claims and live bookings of these people (of the whole roster, and the pool's own bookings, when ids is null). */
async function bookingsOf(poolId: string, roster: Roster, ids: readonly string[] | null): Promise<Pick<BookingsLayer, 'claims' | 'bookings'>> {
  const people = ids ?? [...roster.people.keys()];
  const [units, ofPeople, ofPool] = await Promise.all([
    unitsByPractitioner(people.map((id) => new Types.ObjectId(id)), [poolId, ALL_POOLS]),
    liveBookingsOf(people),
    ids ? Promise.resolve([]) : liveBookingsOfPool(poolId),
  ]);
  const claims: BookingsLayer['claims'] = new Map();
  for (const [pid, byScope] of units) {
    if (!roster.people.has(pid)) continue;
    claims.set(pid, { pool: byScope.get(poolId) ?? new Map(), all: byScope.get(ALL_POOLS) ?? new Map() });
  }
  const bookings = new Map<string, BookingDoc>();
  for (const b of [...ofPeople, ...ofPool]) if (b.poolId === poolId || roster.people.has(String(b.practitionerId))) bookings.set(String(b._id), b);
  return { claims, bookings: [...bookings.values()].map(factsOf) };
}

async function loadBookings(poolId: string, roster: Roster): Promise<BookingsLayer> {
  return { ...(await bookingsOf(poolId, roster, null)), memo: new Map() };
}

/** The layer again, with these people's claims and bookings read afresh, for `roster` (which may have gained or lost them). */
async function refreshBookings(poolId: string, old: BookingsLayer, roster: Roster, ids: ReadonlySet<string>): Promise<BookingsLayer> {
  const fresh = await bookingsOf(poolId, roster, [...ids]);
  const claims = new Map(old.claims);
  for (const id of ids) claims.delete(id);
  for (const [id, c] of fresh.claims) claims.set(id, c);
  const bookings = [...old.bookings.filter((b) => !ids.has(b.practitionerId)), ...fresh.bookings];
  // Derived values (lending per period, people per horizon) depend on every booking: start them again.
  return { claims, bookings, memo: new Map() };
}

// ---- the cache -------------------------------------------------------------------

interface Entry<T> {
  value: Promise<T>;
  /** The log generation(s) the value is current to. */
  gen: number;
  rosterGen: number;
  startedAt: number;
}

const processId = randomUUID();
const rosters = new Map<string, Entry<Roster>>();
const bookingLayers = new Map<string, Entry<BookingsLayer> & { roster: Promise<Roster> }>();
let stats = { hits: 0, rosterLoads: 0, rosterRefreshes: 0, bookingsLoads: 0, bookingsRefreshes: 0 };
/** Without a watcher (a script that never started one) nothing is cached. */
let watching = false;
/** What other processes last told us, per process and layer: their last change's number. */
const seen = new Map<string, number>();

function remember<T, E extends Entry<T>>(map: Map<string, E>, key: string, entry: E): E {
  map.delete(key);
  map.set(key, entry);
  // Drop on failure, so the next request tries again.
  entry.value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  while (map.size > MAX_POOLS) map.delete(map.keys().next().value!);
  return entry;
}

/** Fold other processes' published changes into the log. */
async function syncOtherProcesses(): Promise<void> {
  for (const doc of await readRevisions()) {
    const [layer, owner] = doc._id.split(':') as [Layer, string];
    if (owner === processId || !log[layer]) continue;
    const last = seen.get(doc._id);
    if (last === doc.seq) continue;
    seen.set(doc._id, doc.seq);
    // A process we have not heard from, or one whose list has moved past what we saw: reload whole.
    const newer = doc.recent.filter((c) => last !== undefined && c.seq > last);
    const covered = last !== undefined && doc.recent.some((c) => c.seq === last + 1);
    if (!covered || newer.some((c) => c.ids === null)) record(layer, null);
    else record(layer, new Set(newer.flatMap((c) => c.ids!)));
  }
}

/** The pool's matching data, from the cache when nothing has changed since it was loaded. */
export async function matchingData(poolId: string): Promise<MatchingData> {
  if (!watching) {
    const roster = await loadRoster(poolId);
    return { roster, bookings: await loadBookings(poolId, roster) };
  }
  await syncOtherProcesses();
  const now = Date.now();

  let r = rosters.get(poolId);
  const rosterChanges = r ? changedSince('roster', r.gen) : { kind: 'ALL' as const };
  if (!r || rosterChanges.kind === 'ALL') {
    stats.rosterLoads++;
    // The generation is taken before loading: a write that lands while the load runs leaves the entry stale, not wrongly fresh.
    r = remember(rosters, poolId, { gen: log.roster.gen, rosterGen: log.roster.gen, startedAt: now, value: loadRoster(poolId) });
  } else if (rosterChanges.kind === 'SOME') {
    stats.rosterRefreshes++;
    const old = r.value;
    r = remember(rosters, poolId, { gen: log.roster.gen, rosterGen: log.roster.gen, startedAt: r.startedAt, value: old.then((o) => refreshRoster(o, rosterChanges.ids)) });
  } else stats.hits++;
  if (now - r.startedAt > CACHE_TTL_MS) {
    // Backstop reload, in the background: this request still answers from what is there.
    const reload = { gen: log.roster.gen, rosterGen: log.roster.gen, startedAt: now, value: loadRoster(poolId) };
    reload.value.then(() => rosters.get(poolId) === r && remember(rosters, poolId, reload)).catch(() => undefined);
    r.startedAt = now;
  }
  const rosterEntry = r;
  const roster = await rosterEntry.value;

  let b = bookingLayers.get(poolId);
  const bookingChanges = b ? changedSince('bookings', b.gen) : { kind: 'ALL' as const };
  // People who joined or left the roster, or changed in it, since the layer was made.
  const rosterMoved = b && b.roster !== rosterEntry.value ? changedSince('roster', b.rosterGen) : { kind: 'NONE' as const };
  if (!b || bookingChanges.kind === 'ALL' || rosterMoved.kind === 'ALL' || now - b.startedAt > CACHE_TTL_MS) {
    stats.bookingsLoads++;
    b = remember(bookingLayers, poolId, { roster: rosterEntry.value, gen: log.bookings.gen, rosterGen: log.roster.gen, startedAt: now, value: loadBookings(poolId, roster) });
  } else if (bookingChanges.kind === 'SOME' || rosterMoved.kind === 'SOME') {
    stats.bookingsRefreshes++;
    const ids = new Set([...(bookingChanges.kind === 'SOME' ? bookingChanges.ids : []), ...(rosterMoved.kind === 'SOME' ? rosterMoved.ids : [])]);
    const old = b.value;
    b = remember(bookingLayers, poolId, { roster: rosterEntry.value, gen: log.bookings.gen, rosterGen: log.roster.gen, startedAt: b.startedAt, value: old.then((o) => refreshBookings(poolId, o, roster, ids)) });
  }
  return { roster, bookings: await b.value };
}

/** Cache counters, for the benchmarks. */
export function matchingCacheStats() {
  return { ...stats, pools: rosters.size };
}

// ---- watching writes ---------------------------------------------------------------

export interface MatchingCache {
  stop(): Promise<void>;
}

/** How many recent changes a process publishes, and how many ids one change may name before it says "anyone". */
const PUBLISHED = 50;
const MAX_IDS = 200;
/** A publication that failed (after the store's own retries) is tried again this much later, or with the next change. */
export const REPUBLISH_MS = 2_000;

/** Watch this process's writes (server/store/changes.ts) and start from an empty cache. */
export function startMatchingCache(log_: Logger): MatchingCache {
  watching = true;
  rosters.clear();
  bookingLayers.clear();
  seen.clear();
  stats = { hits: 0, rosterLoads: 0, rosterRefreshes: 0, bookingsLoads: 0, bookingsRefreshes: 0 };
  const published: Record<Layer, { seq: number; recent: RevisionChange[] }> = { roster: { seq: 0, recent: [] }, bookings: { seq: 0, recent: [] } };
  const pending: Record<Layer, Set<string> | null | undefined> = { roster: undefined, bookings: undefined };
  let flushing: Promise<void> = Promise.resolve();
  // Layers whose latest document did not reach the database: published again (whole: every
  // publication carries the recent list) with the next change or at the next tick, so another
  // process's cache is never left stale until its TTL.
  const unsent = new Set<Layer>();
  let republish: NodeJS.Timeout | undefined;
  let stopped = false;

  const publish = () => {
    const layers = (Object.keys(pending) as Layer[]).filter((l) => pending[l] !== undefined || unsent.has(l));
    if (!layers.length) return;
    const changes = layers.map((layer) => {
      const ids = pending[layer];
      unsent.delete(layer);
      const p = published[layer];
      if (ids !== undefined) {
        pending[layer] = undefined;
        p.seq += 1;
        p.recent = [...p.recent, { seq: p.seq, ids: ids && ids.size <= MAX_IDS ? [...ids] : null }].slice(-PUBLISHED);
      }
      return { id: `${layer}:${processId}`, seq: p.seq, recent: p.recent };
    });
    // One publication at a time, in order: only this process writes its documents.
    flushing = flushing.then(() =>
      announceChanges(changes).catch((err: unknown) => {
        for (const l of layers) unsent.add(l);
        log_.warn({ err: (err as Error).message }, 'could not publish matching data changes; publishing them again shortly');
        if (!republish && !stopped) {
          republish = setTimeout(() => {
            republish = undefined;
            publish();
          }, REPUBLISH_MS);
          republish.unref();
        }
      }),
    );
  };
  const stopListening = onChange((change) => {
    const layer = LAYER_OF[change.collection];
    if (!layer) return;
    const ids = change.practitionerIds ? new Set(change.practitionerIds) : null;
    record(layer, ids);
    if (pending[layer] === undefined) {
      if (pending.roster === undefined && pending.bookings === undefined) setImmediate(publish);
      pending[layer] = ids;
    } else if (pending[layer] !== null) {
      if (ids) for (const id of ids) pending[layer]!.add(id);
      else pending[layer] = null;
    }
  });
  // Documents of processes gone for a week are noise: drop them.
  deleteOldRevisions(new Date(Date.now() - 7 * 86_400_000)).catch(() => undefined);

  return {
    async stop() {
      stopListening();
      stopped = true;
      clearTimeout(republish);
      watching = false;
      await flushing;
      rosters.clear();
      bookingLayers.clear();
      await deleteRevisionsOf([`roster:${processId}`, `bookings:${processId}`]).catch(() => undefined);
    },
  };
}
