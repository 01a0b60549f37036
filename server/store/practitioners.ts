// The practitioners collection and its search entries (models/practitioner-search.ts):
// profiles, found by _id or by email (unique); entries, found by an equality
// on a search field (home council, role, role level, skill key, region,
// contract pool). Profile writes go through the guarded write, so a
// concurrent addLeave and removeLeave can never lose an entry; each is
// followed by the entry's.
import { Types, type UpdateQuery } from 'mongoose';
import { Practitioner, type LeaveDoc, type PractitionerDoc } from '../../models/practitioner.ts';
import { PractitionerSearch, type PractitionerSearchDoc } from '../../models/practitioner-search.ts';
import { findByIds, findIn, orderByIds } from './queries.ts';
import { insertUnlessTaken, isDuplicateKey } from './duplicate-key.ts';
import { writeIfUnchanged } from './guarded-write.ts';
import { coalesce } from './coalesce.ts';
import { changed } from './changes.ts';
import { retryWhenBusy } from './busy.ts';

export type { LeaveDoc, PractitionerDoc, PractitionerSearchDoc };

const entryOf = (p: PractitionerDoc): PractitionerSearchDoc => ({
  _id: p._id,
  name: p.name,
  homeCouncilId: p.homeCouncilId,
  roleId: p.roleId,
  roleLevelId: p.roleLevelId,
  levelRank: p.levelRank,
  region: p.region,
  skillKeys: p.skillKeys ?? [],
  contractPoolIds: p.contractPoolIds ?? [],
  revision: p.revision ?? 0,
});

/**
 * The profile's entry as written, over an older one (or the same revision's,
 * which it equals, or lacks the name of) only: when the filter misses because
 * a newer entry is there, the upsert's insert meets the _id and is dropped.
 */
async function writeEntry(p: PractitionerDoc): Promise<void> {
  const entry = entryOf(p);
  try {
    await retryWhenBusy(() => PractitionerSearch.replaceOne({ _id: entry._id, revision: { $lte: entry.revision } }, entry, { upsert: true }).exec());
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

type Id = string | Types.ObjectId;
const oid = (id: Id) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const valid = (ids: readonly Id[]) => ids.filter((id) => Types.ObjectId.isValid(String(id))).map(oid);

export const findPractitioner = (id: Id) => (Types.ObjectId.isValid(String(id)) ? Practitioner.findById(id).lean<PractitionerDoc>() : Promise.resolve(null));
/** findPractitioner for read-only callers many of which ask at once (bookings in a busy hour): concurrent calls share a read (coalesce.ts). */
export const findPractitionerShared = coalesce(findPractitioner, String);

export async function practitionersByIds(ids: readonly string[]): Promise<(PractitionerDoc | null)[]> {
  return orderByIds(await findByIds<PractitionerDoc>(Practitioner, valid(ids)), ids);
}

/** Many practitioners by id, in no order; with a projection when only some fields are needed. */
export const practitionersWithIds = (ids: readonly Id[], projection?: Record<string, 0 | 1>) => findByIds<PractitionerDoc>(Practitioner, valid(ids), projection);

/** What a list of names shows of a practitioner: the directory fields of their search entry. */
export type DirectoryEntry = Pick<PractitionerDoc, '_id' | 'name' | 'homeCouncilId' | 'roleId' | 'roleLevelId'>;

/**
 * The directory entries of these search entries, in their order. One written
 * before names were kept is answered from its profile, which writes the
 * entry again with the name (so each is read this way once).
 */
export async function withNames(entries: readonly PractitionerSearchDoc[]): Promise<DirectoryEntry[]> {
  const unnamed = entries.filter((e) => e.name === undefined);
  if (!unnamed.length) return entries.map((e) => e as DirectoryEntry);
  const profiles = new Map((await practitionersWithIds(unnamed.map((e) => e._id))).map((p) => [String(p._id), p]));
  await Promise.all([...profiles.values()].map(writeEntry));
  return entries.flatMap((e) => (e.name !== undefined ? [e as DirectoryEntry] : (profiles.get(String(e._id)) ?? [])));
}

/** Directory entries by id (DataLoader batch function): null where there is none. */
export async function directoryEntriesByIds(ids: readonly string[]): Promise<(DirectoryEntry | null)[]> {
  return orderByIds(await withNames(await findByIds<PractitionerSearchDoc>(PractitionerSearch, valid(ids))), ids);
}

export const emailInUse = async (email: string) => Boolean(await Practitioner.exists({ email }));

/**
 * The profiles held under these emails (lower case, as stored), in no order:
 * one read with $in (a scan on FerretDB, but one, where an import's hundreds of
 * equality reads would each be a scan too).
 */
export const practitionersByEmails = async (emails: readonly string[]) =>
  emails.length ? Practitioner.find({ email: { $in: [...new Set(emails)] } }).lean<PractitionerDoc[]>() : [];

/** A new profile; null when the email is taken (the unique key settles races). */
export async function insertPractitioner(p: Omit<PractitionerDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<PractitionerDoc | null> {
  const doc = await insertUnlessTaken<PractitionerDoc>(Practitioner, p);
  if (doc) {
    await writeEntry(doc);
    changed('practitioners', [doc._id]);
  }
  return doc;
}

export type WriteOutcome = { outcome: 'WRITTEN'; doc: PractitionerDoc } | { outcome: 'EMAIL_TAKEN' } | { outcome: 'BUSY' };

/**
 * Apply `build(current)` to the profile as read, under the guarded write
 * (server/store/guarded-write.ts). If someone else wrote meanwhile, read
 * again and rebuild (every caller's change commutes with any other edit), a
 * few times, then say BUSY: nothing is ever silently lost. `build` answers
 * null when there is nothing to write.
 */
export async function rebuildPractitioner(first: PractitionerDoc, build: (current: PractitionerDoc) => UpdateQuery<PractitionerDoc> | null): Promise<WriteOutcome> {
  let current = first;
  for (let attempt = 1; ; attempt++) {
    const update = build(current);
    if (!update) return { outcome: 'WRITTEN', doc: current };
    let written: boolean;
    try {
      written = await writeIfUnchanged(Practitioner, current, update);
    } catch (err) {
      if (isDuplicateKey(err)) return { outcome: 'EMAIL_TAKEN' };
      throw err;
    } finally {
      changed('practitioners', [current._id]);
    }
    const now = await findPractitioner(current._id);
    if (!now) return { outcome: 'BUSY' };
    if (written) {
      await writeEntry(now);
      return { outcome: 'WRITTEN', doc: now };
    }
    if (attempt === 5) return { outcome: 'BUSY' };
    await new Promise((r) => setTimeout(r, attempt * 5 * Math.random()));
    current = now;
  }
}

const byId = <T extends { _id: Types.ObjectId }>(docs: T[]) => docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));

/**
 * Search entries whose `field` equals one of `values` (the search's most
 * selective condition) and that match the other conditions, in _id order.
 */
export const searchEntriesWhere = async (field: string, values: readonly unknown[], rest: Record<string, unknown> = {}) =>
  byId(await findIn<PractitionerSearchDoc>(PractitionerSearch, field, values, rest));

/** Every entry matching the conditions, in _id order (admin's unfiltered views only). */
export const allSearchEntriesWhere = async (filter: Record<string, unknown>) => byId(await PractitionerSearch.find(filter).lean<PractitionerSearchDoc[]>());

/**
 * Entries of profiles that have none (written before entries were kept, or
 * by a crash between a profile and its entry): made at start-up, reading
 * only when the counts differ. A profile from before `contractPoolIds` was
 * kept first gets the pools of its contracts (`contractPools`, by
 * practitioner id), so its entry finds it in those pools' searches.
 */
export async function ensureSearchEntries(contractPools: () => Promise<Map<string, string[]>>): Promise<number> {
  const [profiles, entries] = await Promise.all([Practitioner.estimatedDocumentCount(), PractitionerSearch.estimatedDocumentCount()]);
  if (profiles === entries) return 0;
  const have = new Set((await PractitionerSearch.find({}, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((e) => String(e._id)));
  const missing = (await Practitioner.find({}).lean<PractitionerDoc[]>()).filter((p) => !have.has(String(p._id)));
  const pools = missing.some((p) => !p.contractPoolIds) ? await contractPools() : new Map<string, string[]>();
  for (const p of missing) {
    const listed = pools.get(String(p._id));
    if (p.contractPoolIds || !listed) await writeEntry(p);
    // Listed under the guarded write like proposeContract does; the entry follows from the profile written.
    else if ((await rebuildPractitioner(p, (doc) => ({ $set: { contractPoolIds: [...new Set([...(doc.contractPoolIds ?? []), ...listed])] } }))).outcome !== 'WRITTEN') await writeEntry(p);
  }
  return missing.length;
}

/** Whether any practitioner exists (the demo loader refuses a database with data of its own). */
export const anyPractitioner = async () => Boolean(await Practitioner.exists({}));

/** Many new profiles at once (the demo loader, which has checked them as createPractitioner would). */
export async function insertPractitionersBulk(docs: readonly Omit<PractitionerDoc, 'createdAt' | 'updatedAt'>[]): Promise<void> {
  await Practitioner.insertMany(docs);
  await PractitionerSearch.insertMany(docs.map((d) => entryOf(d as PractitionerDoc)));
  changed('practitioners');
}
