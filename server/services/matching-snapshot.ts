// The matching data of one pool, loaded in a few batched queries and kept in
// memory: the people the pool can book (profile, contracts with every pool,
// leave, working pattern), bank holidays and council regions (the "roster"),
// and the capacity claims and live bookings that touch them (the "bookings").
//
// Why a cache: ranking one slot must answer in well under 100 ms over 10,000
// practitioners. Reading their contracts, claims and bookings costs a few
// hundred milliseconds on MongoDB and seconds on FerretDB v1.24, whose SQLite
// backend scans a whole collection for every query (indexes are not used).
//
// Why it is safe: it only feeds advisory answers (candidates, whyNot, plans).
// Nothing is booked from it: bookPractitioner re-checks everything and holds
// capacity under unique keys, so a stale answer can at worst offer someone
// whose booking is then refused. And it is rarely stale:
// - every write this process sends to a collection a layer is built from
//   (seen through the driver's command monitoring, so no write path can
//   forget to report it) drops that layer once the write has completed;
// - the process then replaces its own token in matching_revisions, which
//   every process reads per request (two tiny documents), so writes made by
//   any other process running this service drop the layer there too;
// - a layer older than CACHE_TTL_MS is reloaded anyway, for writes made by
//   tools that do not run this code.
import { randomUUID } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { Practitioner, type PractitionerDoc } from '../../models/practitioner.ts';
import { CentralContract } from '../../models/central-contract.ts';
import { BankHoliday } from '../../models/bank-holiday.ts';
import { Council, type CouncilDoc } from '../../models/council.ts';
import { CapacityClaim, ALL_POOLS } from '../../models/capacity-claim.ts';
import { Booking, LIVE_BOOKING_STATUSES } from '../../models/booking.ts';
import { MatchingRevision } from '../../models/matching-revision.ts';
import { BOOKABLE_STATUSES } from '../contracts/contract-status.ts';
import type { Logger } from '../logger.ts';
import { skillLevels, type BookingFacts, type RosterPerson, type WeeklyCapacity } from '../planning/engine-input.ts';

export type Layer = 'roster' | 'bookings';

/** Which layer a write to each collection invalidates. */
const LAYER_OF: Readonly<Record<string, Layer>> = {
  practitioners: 'roster',
  central_contracts: 'roster',
  bank_holidays: 'roster',
  councils: 'roster',
  capacity_claims: 'bookings',
  bookings: 'bookings',
};
const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'drop']);

/** Backstop for writes by tools that do not run this code. */
export const CACHE_TTL_MS = 5 * 60_000;
const MAX_POOLS = 8;

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

interface Entry<T> {
  value: Promise<T>;
  generation: number;
  signature: string;
  startedAt: number;
}

const processId = randomUUID();
const generation: Record<Layer, number> = { roster: 0, bookings: 0 };
const rosters = new Map<string, Entry<Roster>>();
const bookingLayers = new Map<string, Entry<BookingsLayer> & { roster: Roster }>();
let stats = { hits: 0, rosterLoads: 0, bookingsLoads: 0 };
/** Without a watcher (a script that never started one) nothing is cached. */
let watching = false;

// ---- loading ------------------------------------------------------------------

/**
 * A filter on `field` in `ids`, or none when the list is long: FerretDB v1.24
 * compares every document with every id of an $in (a pool of 2,000 took
 * minutes), while one scan filtered here costs the same on FerretDB and little
 * more on MongoDB. Callers always filter in memory too.
 */
const IN_LIMIT = 500;
const within = (field: string, ids: readonly Types.ObjectId[]) => (ids.length <= IN_LIMIT ? { [field]: { $in: [...ids] } } : {});

async function loadRoster(poolId: string): Promise<Roster> {
  type ContractRow = { _id: Types.ObjectId; practitionerId: Types.ObjectId; poolId: string; daysPerWeek: number; start: string; end: string };
  type PersonRow = Pick<PractitionerDoc, '_id' | 'name' | 'homeCouncilId' | 'region' | 'roleId' | 'roleLevelId' | 'levelRank' | 'skills' | 'serviceAreas' | 'workPreference' | 'workingPattern' | 'leave'>;
  // Every bookable contract: the pool's say who is in the roster; the others
  // count towards those people's total capacity across pools.
  const [contracts, holidays, councils] = await Promise.all([
    CentralContract.find({ status: { $in: [...BOOKABLE_STATUSES] } }, { practitionerId: 1, poolId: 1, daysPerWeek: 1, start: 1, end: 1 }).lean<ContractRow[]>(),
    BankHoliday.find({}, { _id: 1 }).lean<{ _id: string }[]>(),
    Council.find({}).lean<CouncilDoc[]>(),
  ]);
  const byGss = new Map(councils.map((c) => [c._id, c]));
  const members = new Map(contracts.filter((c) => c.poolId === poolId).map((c) => [String(c.practitionerId), c.practitionerId]));
  const people = members.size
    ? await Practitioner.find(within('_id', [...members.values()]), {
        name: 1, homeCouncilId: 1, region: 1, roleId: 1, roleLevelId: 1, levelRank: 1, skills: 1, serviceAreas: 1, workPreference: 1, workingPattern: 1, leave: 1,
      }).lean<PersonRow[]>()
    : [];
  const contractsOf = new Map<string, RosterPerson['contracts'][number][]>();
  for (const c of contracts) {
    const k = String(c.practitionerId);
    if (!members.has(k)) continue;
    let list = contractsOf.get(k);
    if (!list) contractsOf.set(k, (list = []));
    list.push({ id: String(c._id), poolId: c.poolId, daysPerWeek: c.daysPerWeek, start: c.start, end: c.end });
  }
  const roster: Roster = {
    poolId,
    people: new Map(),
    byRole: new Map(),
    holidays: holidays.map((h) => h._id).sort(),
    regionOf: (gss: string) => byGss.get(gss)?.region,
    councils: byGss,
    capacityMemo: new Map(),
  };
  for (const p of people) {
    const id = String(p._id);
    if (!members.has(id)) continue;
    const person: RosterPerson = {
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
      contracts: contractsOf.get(id) ?? [],
    };
    roster.people.set(id, person);
    let list = roster.byRole.get(person.roleId);
    if (!list) roster.byRole.set(person.roleId, (list = []));
    list.push(person);
  }
  return roster;
}

async function loadBookings(poolId: string, roster: Roster): Promise<BookingsLayer> {
  const ids = [...roster.people.keys()].map((id) => new Types.ObjectId(id));
  type BookingRow = { _id: Types.ObjectId; practitionerId: Types.ObjectId; projectId: Types.ObjectId; slotId: Types.ObjectId; poolId: string; homeCouncilId: string; hostCouncilIds: string[]; start: string; end: string; unitsPerWeek: number };
  // Claims are read one by one and counted here: FerretDB v1.24's $group
  // compares each document with every group so far (24,000 claims took 75 s).
  const [rows, bookings] = await Promise.all([
    ids.length
      ? CapacityClaim.find({ ...within('practitionerId', ids), scope: { $in: [poolId, ALL_POOLS] } }, { _id: 0, practitionerId: 1, scope: 1, week: 1 }).lean<
          { practitionerId: Types.ObjectId; scope: string; week: string }[]
        >()
      : [],
    Booking.find(
      { status: { $in: LIVE_BOOKING_STATUSES }, ...(ids.length <= IN_LIMIT ? { $or: [{ poolId }, ...(ids.length ? [{ practitionerId: { $in: ids } }] : [])] } : {}) },
      { practitionerId: 1, projectId: 1, slotId: 1, poolId: 1, homeCouncilId: 1, hostCouncilIds: 1, start: 1, end: 1, unitsPerWeek: 1 },
    ).lean<BookingRow[]>(),
  ]);
  const claims: BookingsLayer['claims'] = new Map();
  for (const c of rows) {
    const k = String(c.practitionerId);
    if (!roster.people.has(k)) continue;
    let e = claims.get(k);
    if (!e) claims.set(k, (e = { pool: new Map(), all: new Map() }));
    const byWeek = c.scope === ALL_POOLS ? e.all : e.pool;
    byWeek.set(c.week, (byWeek.get(c.week) ?? 0) + 1);
  }
  return {
    claims,
    bookings: bookings
      .filter((b) => b.poolId === poolId || roster.people.has(String(b.practitionerId)))
      .map((b) => ({
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
      })),
    memo: new Map(),
  };
}

// ---- freshness -----------------------------------------------------------------

/** What other processes have announced, per layer: their tokens, ours left out. */
async function signatures(): Promise<Record<Layer, string>> {
  const docs = await MatchingRevision.find({}, { token: 1 }).lean<{ _id: string; token: string }[]>();
  const out: Record<Layer, string[]> = { roster: [], bookings: [] };
  for (const d of docs) {
    const [layer, owner] = d._id.split(':') as [Layer, string];
    if (owner !== processId && out[layer]) out[layer].push(`${owner}=${d.token}`);
  }
  return { roster: out.roster.sort().join(','), bookings: out.bookings.sort().join(',') };
}

function fresh(e: Entry<unknown>, layer: Layer, signature: string): boolean {
  return e.generation === generation[layer] && e.signature === signature && Date.now() - e.startedAt < CACHE_TTL_MS;
}

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

/** The pool's matching data, from the cache when nothing has changed since it was loaded. */
export async function matchingData(poolId: string): Promise<MatchingData> {
  if (!watching) {
    const roster = await loadRoster(poolId);
    return { roster, bookings: await loadBookings(poolId, roster) };
  }
  const sig = await signatures();
  let r = rosters.get(poolId);
  if (!r || !fresh(r, 'roster', sig.roster)) {
    stats.rosterLoads++;
    // Generation and signature are taken before loading: a write that lands
    // while the load runs leaves the entry stale, not wrongly fresh.
    r = remember(rosters, poolId, { generation: generation.roster, signature: sig.roster, startedAt: Date.now(), value: loadRoster(poolId) });
  } else stats.hits++;
  const roster = await r.value;
  let b = bookingLayers.get(poolId);
  if (!b || b.roster !== roster || !fresh(b, 'bookings', sig.bookings)) {
    stats.bookingsLoads++;
    b = remember(bookingLayers, poolId, { roster, generation: generation.bookings, signature: sig.bookings, startedAt: Date.now(), value: loadBookings(poolId, roster) });
  }
  return { roster, bookings: await b.value };
}

/** Cache counters, for the benchmark. */
export function matchingCacheStats() {
  return { ...stats, pools: rosters.size };
}

// ---- watching writes ---------------------------------------------------------------

interface CommandStarted {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}

function layersOf(ev: CommandStarted): Layer[] {
  if (ev.commandName === 'dropDatabase') return ['roster', 'bookings'];
  if (!WRITE_COMMANDS.has(ev.commandName)) return [];
  const layer = LAYER_OF[String(ev.command[ev.commandName])];
  return layer ? [layer] : [];
}

export interface MatchingCache {
  stop(): Promise<void>;
}

/**
 * Watch this process's writes (the client must be created with
 * monitorCommands: true, see server/db.ts) and start from an empty cache.
 */
export function startMatchingCache(log: Logger, client: mongoose.mongo.MongoClient = mongoose.connection.getClient()): MatchingCache {
  if (!client.options.monitorCommands) throw new Error('the matching cache needs a MongoClient created with monitorCommands: true');
  watching = true;
  rosters.clear();
  bookingLayers.clear();
  stats = { hits: 0, rosterLoads: 0, bookingsLoads: 0 };
  const inFlight = new Map<number, Layer[]>();
  const pending = new Set<Layer>();
  let flushing: Promise<void> | null = null;

  const announce = () => {
    const layers = [...pending];
    pending.clear();
    flushing = Promise.all(
      layers.map((layer) =>
        MatchingRevision.updateOne({ _id: `${layer}:${processId}` }, { $set: { token: randomUUID(), at: new Date() } }, { upsert: true })
          .exec()
          .catch((err: unknown) => log.warn({ err: (err as Error).message, layer }, 'could not announce a matching data change; other processes rely on the cache TTL')),
      ),
    ).then(() => {
      flushing = null;
    });
  };
  const onStarted = (ev: CommandStarted) => {
    const layers = layersOf(ev);
    if (layers.length) inFlight.set(ev.requestId, layers);
  };
  const onDone = (ev: { requestId: number }) => {
    const layers = inFlight.get(ev.requestId);
    if (!layers) return;
    inFlight.delete(ev.requestId);
    for (const layer of layers) {
      generation[layer]++;
      if (!pending.size) setImmediate(announce);
      pending.add(layer);
    }
  };
  client.on('commandStarted', onStarted);
  client.on('commandSucceeded', onDone);
  client.on('commandFailed', onDone);
  // Markers of processes gone for a week are noise: drop them.
  MatchingRevision.deleteMany({ at: { $lt: new Date(Date.now() - 7 * 86_400_000) } })
    .exec()
    .catch(() => undefined);

  return {
    async stop() {
      client.off('commandStarted', onStarted);
      client.off('commandSucceeded', onDone);
      client.off('commandFailed', onDone);
      watching = false;
      await flushing;
      rosters.clear();
      bookingLayers.clear();
      await MatchingRevision.deleteMany({ _id: { $in: [`roster:${processId}`, `bookings:${processId}`] } })
        .exec()
        .catch(() => undefined);
    },
  };
}
