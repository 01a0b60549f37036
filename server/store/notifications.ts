// The notifications, mail_outbox, mail_claims and notifier_cursor
// collections (models/notification.ts). Every insert is keyed by _id and
// ignores a duplicate: a notification or mail exists once whatever races.
import { Notification, Mail, MailClaim, NotifierCursor, type NotificationDoc, type MailDoc, type MailStatus } from '../../models/notification.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { findByIds } from './queries.ts';
import { changed } from './changes.ts';

export type { NotificationDoc, MailDoc, MailStatus };

/** Insert those not there yet (unordered: a duplicate key is someone else's earlier insert of the same one); the keys inserted now. */
async function insertKeyed(model: typeof Notification | typeof Mail, docs: readonly { _id: string }[], collection: string): Promise<string[]> {
  if (!docs.length) return [];
  let refused = new Set<number>();
  try {
    await retryWhenBusy(() => (model as typeof Notification).insertMany(docs as NotificationDoc[], { ordered: false }));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const writeErrors = (err as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors ?? [];
    refused = new Set(writeErrors.map((w) => (w.index ?? w.err?.index)!));
  }
  changed(collection);
  return docs.filter((_, i) => !refused.has(i)).map((d) => d._id);
}

export const insertNotifications = (docs: readonly NotificationDoc[]) => insertKeyed(Notification, docs, 'notifications');
export const insertMails = (docs: readonly MailDoc[]) => insertKeyed(Mail, docs, 'mail_outbox');

export const notificationsOfUser = (userId: string) => Notification.find({ userId }).lean<NotificationDoc[]>();
export const notificationsWithIds = (ids: readonly string[]) => findByIds<NotificationDoc>(Notification, ids);
export const notificationsAwaitingDigest = () => Notification.find({ digestDate: { $ne: '' } }).lean<NotificationDoc[]>();

export async function markRead(userId: string, ids: readonly string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await retryWhenBusy(() => Notification.updateMany({ _id: { $in: [...ids] }, userId, readAt: null }, { $set: { readAt: at } }).exec());
  changed('notifications');
}

/** Notifications now carried by a mail (their digest). */
export async function setMailOf(ids: readonly string[], mailId: string): Promise<void> {
  if (!ids.length) return;
  await retryWhenBusy(() => Notification.updateMany({ _id: { $in: [...ids] } }, { $set: { mailId, digestDate: '' } }).exec());
  changed('notifications');
}

export const mailsWithIds = (ids: readonly string[]) => findByIds<MailDoc>(Mail, ids);
export const findMail = (id: string) => Mail.findById(id).lean<MailDoc>();
/** Mails in some statuses (one equality read each). */
export async function mailsInStatus(statuses: readonly MailStatus[]): Promise<MailDoc[]> {
  return (await Promise.all(statuses.map((status) => Mail.find({ status }).lean<MailDoc[]>()))).flat();
}

/** Take attempt `attempt` of a mail: true for the one caller whose claim went in. */
export async function claimAttempt(mailId: string, attempt: number, at: Date): Promise<boolean> {
  try {
    await retryWhenBusy(() => MailClaim.create({ _id: `${mailId}#${attempt}`, at }));
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function updateMail(id: string, set: Partial<MailDoc>): Promise<void> {
  await retryWhenBusy(() => Mail.updateOne({ _id: id }, { $set: set }).exec());
  changed('mail_outbox');
}

export const notifierCursor = async () => (await NotifierCursor.findById('audit').lean<{ seq: number }>())?.seq ?? null;
export async function setNotifierCursor(seq: number): Promise<void> {
  // $max: two notifiers (processes) never move it back.
  await retryWhenBusy(() => NotifierCursor.updateOne({ _id: 'audit' }, { $max: { seq } }, { upsert: true }).exec());
}
