// Use-cases of notifications and mail. The notifier follows the audit log
// from a stored cursor (so an event written just before a crash is still
// notified after it), turns each notifying event into notifications for the
// people concerned (server/notifications/notification-rules.ts), and queues
// their mail: one per notification, or a daily digest by the user's choice.
// The dispatcher sends due mail over SMTP, retrying with backoff; with no
// SMTP_URL mail is HELD in the outbox (and logged) instead. Nothing here runs
// inside the action that raised the event, so a failing mail server never
// fails or slows that action.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Viewer } from '../auth/viewer.ts';
import type { Logger } from '../logger.ts';
import { now as clockNow } from '../clock.ts';
import { londonDateOf } from '../calendar/iso-week.ts';
import { badInput, notFound } from '../errors.ts';
import { readLog, logLength, type AuditEventDoc } from '../store/audit-events.ts';
import { findAgreement } from '../store/agreements.ts';
import { findProject } from '../store/projects.ts';
import { findContract } from '../store/central-contracts.ts';
import { liveBookingsOf } from '../store/bookings.ts';
import { usersByIds, usersOfAudience, setNotificationDelivery, findUser, type UserDoc } from '../store/users.ts';
import {
  insertNotifications, insertMails, notificationsOfUser, notificationsWithIds, notificationsAwaitingDigest, markRead, setMailOf,
  mailsWithIds, mailsInStatus, claimAttempt, updateMail, notifierCursor, setNotifierCursor, findMail,
  type NotificationDoc, type MailDoc,
} from '../store/notifications.ts';
import { isDuplicateKey } from '../store/duplicate-key.ts';
import { NOTIFYING_ACTIONS, notificationsFor, retryDelayMs, digestText, type SubjectFacts, type Delivery } from '../notifications/notification-rules.ts';
import { currentTerms } from './agreement-records.ts';
import { daysAtRiskOf } from './booking-risk.ts';

export type { NotificationDoc, MailDoc };

// ---- settings ----------------------------------------------------------

export interface MailSettings {
  smtpUrl: string | null;
  from: string;
  /** Prefix of the links in mail (the service's public address). */
  baseUrl: string;
  retryBaseMs: number;
  maxAttempts: number;
  /** How long a SENDING claim holds before another sender may take the mail. */
  claimMs: number;
}

let settings: MailSettings = { smtpUrl: null, from: 'talent-pool@localhost', baseUrl: '', retryBaseMs: 60_000, maxAttempts: 8, claimMs: 120_000 };
let transport: Transporter | null = null;
let log: Logger | null = null;

export function configureMail(s: MailSettings, logger: Logger | null): void {
  transport?.close();
  settings = s;
  // A send is cut short well within a claim, so a slow server does not leave two senders.
  transport = s.smtpUrl ? nodemailer.createTransport(s.smtpUrl, { from: s.from }) : null;
  if (transport) transport.options = { ...transport.options, connectionTimeout: Math.min(s.claimMs / 2, 30_000), socketTimeout: Math.min(s.claimMs / 2, 30_000) } as never;
  log = logger?.child({ component: 'notifier' }) ?? null;
}

export function closeMail(): void {
  transport?.close();
  transport = null;
}

// ---- following the audit log --------------------------------------------

async function factsOf(e: AuditEventDoc): Promise<SubjectFacts> {
  switch (NOTIFYING_ACTIONS[e.action]) {
    case 'agreement': {
      const a = await findAgreement(e.entityId);
      if (!a) return {};
      const terms = currentTerms(a);
      return { agreement: { id: String(a._id), poolId: a.poolId, homeCouncilId: a.homeCouncilId, hostCouncilIds: a.hostCouncilIds, practitionerId: String(a.practitionerId), roleLevelName: terms.roleLevelName, start: terms.start } };
    }
    case 'project': {
      const p = await findProject(e.entityId);
      return p ? { project: { id: String(p._id), title: p.title, poolId: p.poolId, councilIds: p.councilIds } } : {};
    }
    case 'contract': {
      const c = await findContract(e.entityId);
      return c ? { contract: { id: String(c._id), poolId: c.poolId, homeCouncilId: c.homeCouncilId, practitionerId: String(c.practitionerId), daysPerWeek: c.daysPerWeek, start: c.start } } : {};
    }
    case 'leave': {
      const leave = (e.after as { leave?: { start?: string; end?: string } } | null)?.leave;
      if (!leave?.start || !leave.end) return {};
      const bookings = await liveBookingsOf([e.entityId]);
      const days = await daysAtRiskOf(bookings, { start: leave.start, end: leave.end });
      return {
        bookingsAtRisk: bookings
          .filter((_, i) => days[i]!.length > 0)
          .map((b) => ({ id: String(b._id), poolId: b.poolId, hostCouncilIds: b.hostCouncilIds, practitionerId: String(b.practitionerId), start: b.start })),
      };
    }
    default:
      return {};
  }
}

const notificationKey = (eventId: string, userId: string, subjectId?: string) => [eventId, subjectId, userId].filter(Boolean).join(':');

function mailOf(n: NotificationDoc, user: UserDoc, at: Date): MailDoc {
  return {
    _id: `n:${n._id}`,
    userId: n.userId,
    to: user.email,
    subject: n.title,
    text: `${n.title}\n\n${settings.baseUrl}${n.link}\n\nYou can have these in one mail a day instead (setNotificationPreference(delivery: DAILY_DIGEST)).`,
    status: transport ? 'PENDING' : 'HELD',
    attempts: 0,
    nextAttemptAt: at,
    claimedUntil: null,
    sentAt: null,
    lastError: null,
    createdAt: at,
  };
}

/**
 * The notifications (and their mail) of these events. Safe to run any number
 * of times, at once or again after a crash: every notification and mail is
 * keyed, so each exists once. Returns how many notifications were new.
 */
export async function notifyEvents(events: readonly AuditEventDoc[]): Promise<number> {
  let created = 0;
  for (const e of events) {
    if (!NOTIFYING_ACTIONS[e.action]) continue;
    const planned = notificationsFor(e, await factsOf(e));
    if (!planned.length) continue;
    const at = clockNow();
    const docs: NotificationDoc[] = [];
    const mails: MailDoc[] = [];
    for (const p of planned) {
      const users = new Map<string, UserDoc>();
      for (const a of p.audiences) for (const u of await usersOfAudience(a)) users.set(String(u._id), u);
      // Whoever did it knows.
      if (e.actorId) users.delete(e.actorId);
      for (const [userId, user] of users) {
        const digest = (user.notificationDelivery as Delivery | undefined) === 'DAILY_DIGEST';
        const n: NotificationDoc = {
          _id: notificationKey(String(e._id), userId, p.subjectId),
          userId, eventId: String(e._id), eventSeq: e.seq, kind: p.kind, title: p.title, link: p.link, createdAt: at, readAt: null,
          mailId: digest ? null : `n:${notificationKey(String(e._id), userId, p.subjectId)}`,
          digestDate: digest ? londonDateOf(at) : '',
        };
        docs.push(n);
        if (!digest) mails.push(mailOf(n, user, at));
      }
    }
    // Mail first: a crash between the two leaves mail whose notification the re-run writes, never the reverse.
    const queued = new Set(await insertMails(mails));
    created += (await insertNotifications(docs)).length;
    for (const m of mails) if (queued.has(m._id) && m.status === 'HELD') log?.info({ to: m.to, subject: m.subject, mailId: m._id }, 'mail held in the outbox (no SMTP_URL)');
  }
  return created;
}

/** A gap in the log (a writer between taking a position and writing it) waits this long before it is passed over. */
const GAP_PATIENCE_MS = 60_000;
let gapSeen: { seq: number; since: number } | null = null;

/**
 * Notify the events written since the cursor, a page at a time, then move
 * the cursor past them. The first run on a database starts at the log's end
 * (history is not news). Returns how many notifications were new.
 */
export async function notifyFromLog(pageSize = 200): Promise<number> {
  let cursor = await notifierCursor();
  if (cursor === null) {
    await saveCursor(await logLength(null));
    return 0;
  }
  let created = 0;
  for (;;) {
    const page = await readLog(null, { seq: cursor, id: 'z' }, pageSize, () => true, pageSize);
    // Positions are given out in order but written as writers finish: stop before a missing one.
    const run: AuditEventDoc[] = [];
    for (const e of page.events) {
      const expected = cursor + run.length + 1;
      if (e.seq !== expected && !(gapSeen?.seq === expected && Date.now() - gapSeen.since > GAP_PATIENCE_MS)) {
        if (gapSeen?.seq !== expected) gapSeen = { seq: expected, since: Date.now() };
        break;
      }
      run.push(e);
    }
    if (!run.length) return created;
    created += await notifyEvents(run);
    cursor = run[run.length - 1]!.seq;
    await saveCursor(cursor);
    if (run.length < page.events.length || !page.more) return created;
  }
}

async function saveCursor(seq: number): Promise<void> {
  try {
    await setNotifierCursor(seq);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // two first upserts raced: the other's is as good
  }
}

// ---- digests --------------------------------------------------------------

/** One mail per user and day gathering that day's notifications, for the days before `today`. Returns how many digests were queued. */
export async function queueDigests(today = londonDateOf(clockNow())): Promise<number> {
  const waiting = (await notificationsAwaitingDigest()).filter((n) => n.digestDate && n.digestDate < today);
  if (!waiting.length) return 0;
  const groups = new Map<string, NotificationDoc[]>();
  for (const n of waiting) groups.set(`${n.userId}:${n.digestDate}`, [...(groups.get(`${n.userId}:${n.digestDate}`) ?? []), n]);
  const users = new Map((await usersByIds([...new Set(waiting.map((n) => n.userId))])).flatMap((u) => (u ? [[String(u._id), u] as const] : [])));
  const at = new Date();
  let queued = 0;
  for (const [key, items] of groups) {
    const user = users.get(items[0]!.userId);
    if (!user) continue;
    items.sort((a, b) => a.eventSeq - b.eventSeq || a._id.localeCompare(b._id));
    const { subject, text } = digestText(items[0]!.digestDate, items, settings.baseUrl);
    const mail: MailDoc = { ...mailOf(items[0]!, user, at), _id: `digest:${key}`, subject, text };
    queued += (await insertMails([mail])).length;
    await setMailOf(items.map((n) => n._id), mail._id);
  }
  return queued;
}

// ---- sending ----------------------------------------------------------------

/** A Message-ID of the mail's own: a resend after an uncertain send (a crash after the server took it) can be told apart as the same message. */
const messageIdOf = (mailId: string) => `<${Buffer.from(mailId).toString('base64url')}@talent-pool.notifications>`;

/**
 * Send every mail that is due: pending or held (now that there is an SMTP
 * server) and past its next attempt, or left SENDING past its claim. Each
 * attempt is claimed under a unique key first, so two dispatchers (or
 * processes) never send one attempt twice. Uses the real clock (backoff is
 * real time even when the service's clock is pinned). Returns how many were sent.
 */
export async function dispatchDueMail(): Promise<number> {
  if (!transport) return 0;
  const t = Date.now();
  const due = (await mailsInStatus(['PENDING', 'HELD', 'SENDING'])).filter((m) =>
    m.status === 'SENDING' ? (m.claimedUntil?.getTime() ?? 0) <= t : m.nextAttemptAt.getTime() <= t);
  let sent = 0;
  for (const m of due) {
    const attempt = m.attempts + 1;
    if (!(await claimAttempt(m._id, attempt, new Date()))) continue;
    await updateMail(m._id, { status: 'SENDING', attempts: attempt, claimedUntil: new Date(Date.now() + settings.claimMs) });
    try {
      await transport.sendMail({ from: settings.from, to: m.to, subject: m.subject, text: m.text, messageId: messageIdOf(m._id) });
      await updateMail(m._id, { status: 'SENT', sentAt: new Date(), claimedUntil: null, lastError: null });
      sent++;
    } catch (err) {
      const lastError = (err as Error).message.slice(0, 500);
      const failed = attempt >= settings.maxAttempts;
      await updateMail(m._id, failed
        ? { status: 'FAILED', claimedUntil: null, lastError }
        : { status: 'PENDING', claimedUntil: null, lastError, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempt, settings.retryBaseMs)) });
      log?.warn({ mailId: m._id, attempt, err: lastError, gaveUp: failed }, 'mail not sent');
    }
  }
  return sent;
}

// ---- reading and choosing ---------------------------------------------------

export interface NotificationPage {
  nodes: (NotificationDoc & { delivery: MailDoc['status'] | 'DIGEST' })[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
  unreadCount: number;
}

const newestFirst = (a: NotificationDoc, b: NotificationDoc) => b.eventSeq - a.eventSeq || b._id.localeCompare(a._id);

/** The viewer's own notifications, newest first, with their mail's delivery status. */
export async function myNotifications(viewer: Viewer, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }): Promise<NotificationPage> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput(['first'], 'must be between 1 and 100');
  const all = (await notificationsOfUser(viewer.userId)).sort(newestFirst);
  const unreadCount = all.filter((n) => !n.readAt).length;
  const list = args.unreadOnly ? all.filter((n) => !n.readAt) : all;
  let start = 0;
  if (args.after) {
    const key = Buffer.from(args.after, 'base64url').toString();
    const i = list.findIndex((n) => n._id === key);
    if (i < 0) throw badInput(['after'], 'is not a cursor this API gave out');
    start = i + 1;
  }
  const page = list.slice(start, start + first);
  const mails = new Map((await mailsWithIds(page.flatMap((n) => (n.mailId ? [n.mailId] : [])))).map((m) => [m._id, m]));
  const last = page[page.length - 1];
  return {
    nodes: page.map((n) => ({ ...n, delivery: n.mailId ? (mails.get(n.mailId)?.status ?? 'PENDING') : 'DIGEST' })),
    hasNextPage: start + first < list.length,
    endCursor: last ? Buffer.from(last._id).toString('base64url') : null,
    totalCount: list.length,
    unreadCount,
  };
}

/** Mark the viewer's own notifications read; any id that is not theirs is NOT_FOUND (whether it exists is not told). */
export async function markNotificationsRead(viewer: Viewer, ids: readonly string[]): Promise<NotificationDoc[]> {
  if (ids.length > 500) throw badInput(['ids'], 'at most 500 at once');
  const found = await notificationsWithIds([...new Set(ids)]);
  const mine = new Map(found.filter((n) => n.userId === viewer.userId).map((n) => [n._id, n]));
  ids.forEach((id, i) => {
    if (!mine.has(id)) throw notFound('Notification', id, ['ids', i]);
  });
  await markRead(viewer.userId, ids, clockNow());
  return (await notificationsWithIds([...mine.keys()])).sort(newestFirst);
}

export async function setNotificationPreference(viewer: Viewer, delivery: Delivery): Promise<Delivery> {
  const user = await setNotificationDelivery(viewer.userId, delivery);
  if (!user) throw notFound('User', viewer.userId);
  return user.notificationDelivery as Delivery;
}

export async function notificationPreference(viewer: Viewer): Promise<Delivery> {
  return ((await findUser(viewer.userId))?.notificationDelivery as Delivery | undefined) ?? 'IMMEDIATE';
}

/** The mail of some notifications (tests and the development log read the outbox through this). */
export const mailOfNotifications = (ids: readonly string[]) => mailsWithIds(ids.map((id) => `n:${id}`));
export { findMail };
