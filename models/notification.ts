// Notifications and the mail outbox. A notification is one event's news for
// one user, under the key "<auditEventId>:<userId>" as its _id, so it exists
// once however many times (or processes) the event is fanned out. A mail is
// what goes to the SMTP server: one per notification ("n:<key>") or one daily
// digest per user ("digest:<userId>:<date>"), again keyed by _id, so it is
// queued once. Sending is claimed by inserting "<mailId>#<attempt>" into
// mail_claims: FerretDB checks an update's filter and then writes, so a
// conditional update cannot give one sender the mail; a unique key can.
import mongoose, { Schema } from 'mongoose';
import { NOTIFICATION_KINDS, DELIVERIES, type NotificationKind } from '../server/notifications/notification-rules.ts';

export const MAIL_STATUSES = ['HELD', 'PENDING', 'SENDING', 'SENT', 'FAILED'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export { DELIVERIES };

export interface NotificationDoc {
  _id: string;
  userId: string;
  eventId: string;
  eventSeq: number;
  kind: NotificationKind;
  title: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
  /** The mail that carries it: its own, or the digest it went out in; null while it waits for a digest. */
  mailId: string | null;
  /** London date of a notification waiting for its user's daily digest ("" once queued or when mailed at once). */
  digestDate: string;
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventSeq: { type: Number, required: true },
    kind: { type: String, required: true, enum: NOTIFICATION_KINDS },
    title: { type: String, required: true },
    link: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
    mailId: { type: String, default: null },
    digestDate: { type: String, default: '' },
  },
  { versionKey: false, collection: 'notifications' },
);
// A user's list and the digest sweep read by equality.
notificationSchema.index({ userId: 1 });
notificationSchema.index({ digestDate: 1 });
export const Notification = mongoose.model<NotificationDoc>('Notification', notificationSchema);

export interface MailDoc {
  _id: string;
  userId: string;
  to: string;
  subject: string;
  text: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** While SENDING: when the claim is taken to be abandoned (the sender died) and the mail due again. */
  claimedUntil: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

const mailSchema = new Schema<MailDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, required: true, enum: MAIL_STATUSES },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    claimedUntil: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'mail_outbox' },
);
mailSchema.index({ status: 1 });
export const Mail = mongoose.model<MailDoc>('Mail', mailSchema);

/** "<mailId>#<attempt>": whoever inserts it makes that attempt. */
const mailClaimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: 'mail_claims' });
export const MailClaim = mongoose.model('MailClaim', mailClaimSchema);

/** How far the notifier has followed the audit log ("audit"). */
const notifierCursorSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false, collection: 'notifier_cursor' });
export const NotifierCursor = mongoose.model('NotifierCursor', notifierCursorSchema);

