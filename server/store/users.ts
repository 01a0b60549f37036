// The users collection: accounts, found by _id, by email (unique), or by the
// hash of their calendar feed's secret.
import { Types } from 'mongoose';
import { User, type UserDoc } from '../../models/user.ts';
import { findByIds, orderByIds } from './queries.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { changed } from './changes.ts';
import { coalesce } from './coalesce.ts';

export type { UserDoc };

export const findUser = (id: string | Types.ObjectId) => (Types.ObjectId.isValid(String(id)) ? User.findById(id).lean<UserDoc>() : Promise.resolve(null));
/** findUser for read-only callers that run on every request (the token check): concurrent calls share a read (coalesce.ts). */
export const findUserShared = coalesce(findUser, String);
export const findUserByEmail = (email: string) => User.findOne({ email }).lean<UserDoc>();
export const findUserByCalendarToken = (hash: string) => User.findOne({ calendarToken: hash }).lean<UserDoc>();

export async function usersByIds(ids: readonly string[]): Promise<(UserDoc | null)[]> {
  return orderByIds(await findByIds<UserDoc>(User, ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id))), ids);
}

export const allUsers = async () => (await User.find().lean<UserDoc[]>()).sort((a, b) => a.email.localeCompare(b.email));

/** A new account; null when the email is taken (the unique key settles races). */
export async function insertUser(u: Omit<UserDoc, '_id' | 'createdAt' | 'updatedAt' | 'calendarToken' | 'tokenVersion' | 'deactivatedAt' | 'notificationDelivery'>): Promise<UserDoc | null> {
  const doc = await insertUnlessTaken<UserDoc>(User, u);
  if (doc) changed('users');
  return doc;
}

/** Change an account and raise its token version in the same write (so every older token stops working); the account after, or null if there is none. */
export async function updateAccount(userId: string, set: Partial<Pick<UserDoc, 'passwordHash' | 'deactivatedAt'>>): Promise<UserDoc | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  const doc = await retryWhenBusy(() => User.findOneAndUpdate({ _id: new Types.ObjectId(userId) }, { $set: set, $inc: { tokenVersion: 1 } }, { returnDocument: 'after' }).lean<UserDoc>().exec());
  changed('users');
  return doc;
}

/** Set (or clear, with null) the calendar feed's hash; true when it changed something. */
export async function setCalendarToken(userId: string, hash: string | null): Promise<boolean> {
  const res = await retryWhenBusy(() => User.updateOne({ _id: new Types.ObjectId(userId), ...(hash === null ? { calendarToken: { $ne: null } } : {}) }, { $set: { calendarToken: hash } }).exec());
  changed('users');
  return res.modifiedCount === 1;
}

/** The active users who stand for an audience: a pool's leads, a council's requesters, a practitioner's login (equality reads). */
export async function usersOfAudience(a: { role: 'PROGRAMME_LEAD'; poolId: string } | { role: 'COUNCIL_REQUESTER'; councilId: string } | { role: 'PRACTITIONER'; practitionerId: string }): Promise<UserDoc[]> {
  const filter =
    a.role === 'PROGRAMME_LEAD' ? { role: a.role, poolId: a.poolId }
    : a.role === 'COUNCIL_REQUESTER' ? { role: a.role, councilId: a.councilId }
    : Types.ObjectId.isValid(a.practitionerId) ? { role: a.role, practitionerId: new Types.ObjectId(a.practitionerId) }
    : null;
  if (!filter) return [];
  return (await User.find(filter).lean<UserDoc[]>()).filter((u) => !u.deactivatedAt);
}

/** A user's choice of a mail per notification or a daily digest. */
export async function setNotificationDelivery(userId: string, delivery: 'IMMEDIATE' | 'DAILY_DIGEST'): Promise<UserDoc | null> {
  if (!Types.ObjectId.isValid(userId)) return null;
  const after = await retryWhenBusy(() => User.findByIdAndUpdate(userId, { $set: { notificationDelivery: delivery } }, { returnDocument: 'after' }).lean<UserDoc>().exec());
  changed('users');
  return after;
}
