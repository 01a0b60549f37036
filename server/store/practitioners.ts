// The practitioners collection: profiles, found by _id, by email (unique),
// or by an equality on a search field (home council, role, role level,
// skill key, region). Writes go through the guarded write, so a concurrent
// addLeave and removeLeave can never lose an entry.
import { Types, type UpdateQuery } from 'mongoose';
import { Practitioner, type LeaveDoc, type PractitionerDoc } from '../../models/practitioner.ts';
import { findByIds, findIn, orderByIds } from './queries.ts';
import { insertUnlessTaken, isDuplicateKey } from './duplicate-key.ts';
import { writeIfUnchanged } from './guarded-write.ts';
import { changed } from './changes.ts';

export type { LeaveDoc, PractitionerDoc };

type Id = string | Types.ObjectId;
const oid = (id: Id) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const valid = (ids: readonly Id[]) => ids.filter((id) => Types.ObjectId.isValid(String(id))).map(oid);

export const findPractitioner = (id: Id) => (Types.ObjectId.isValid(String(id)) ? Practitioner.findById(id).lean<PractitionerDoc>() : Promise.resolve(null));

export async function practitionersByIds(ids: readonly string[]): Promise<(PractitionerDoc | null)[]> {
  return orderByIds(await findByIds<PractitionerDoc>(Practitioner, valid(ids)), ids);
}

/** Many practitioners by id, in no order; with a projection when only some fields are needed. */
export const practitionersWithIds = (ids: readonly Id[], projection?: Record<string, 0 | 1>) => findByIds<PractitionerDoc>(Practitioner, valid(ids), projection);

export const emailInUse = async (email: string) => Boolean(await Practitioner.exists({ email }));

/** A new profile; null when the email is taken (the unique key settles races). */
export async function insertPractitioner(p: Omit<PractitionerDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<PractitionerDoc | null> {
  const doc = await insertUnlessTaken<PractitionerDoc>(Practitioner, p);
  if (doc) changed('practitioners', [doc._id]);
  return doc;
}

export type WriteOutcome = 'WRITTEN' | 'CHANGED_MEANWHILE' | 'EMAIL_TAKEN';

/** Apply `update` to the profile as read; see server/store/guarded-write.ts. */
export async function updatePractitionerIfUnchanged(current: PractitionerDoc, update: UpdateQuery<PractitionerDoc>): Promise<WriteOutcome> {
  try {
    const written = await writeIfUnchanged(Practitioner, current, update);
    return written ? 'WRITTEN' : 'CHANGED_MEANWHILE';
  } catch (err) {
    if (isDuplicateKey(err)) return 'EMAIL_TAKEN';
    throw err;
  } finally {
    changed('practitioners', [current._id]);
  }
}

/**
 * Practitioners whose `field` equals one of `values` (the search's most
 * selective condition) and who match the other conditions, in _id order.
 */
export async function practitionersWhere(field: string, values: readonly unknown[], rest: Record<string, unknown> = {}): Promise<PractitionerDoc[]> {
  const docs = await findIn<PractitionerDoc>(Practitioner, field, values, rest);
  return docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

/** Every practitioner matching the conditions, in _id order (admin's unfiltered views only). */
export const allPractitionersWhere = async (filter: Record<string, unknown>) =>
  (await Practitioner.find(filter).lean<PractitionerDoc[]>()).sort((a, b) => String(a._id).localeCompare(String(b._id)));

/** Whether any practitioner exists (the demo loader refuses a database with data of its own). */
export const anyPractitioner = async () => Boolean(await Practitioner.exists({}));

/** Many new profiles at once (the demo loader, which has checked them as createPractitioner would). */
export async function insertPractitionersBulk(docs: readonly Omit<PractitionerDoc, 'createdAt' | 'updatedAt'>[]): Promise<void> {
  await Practitioner.insertMany(docs);
  changed('practitioners');
}
