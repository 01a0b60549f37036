// Notifications and mail end to end: a booking whose agreement goes out for
// approval notifies every party but the one who booked, and each of them gets
// exactly one mail at a local SMTP server started here; read/unread; someone
// else's notification is NOT_FOUND; fanning an event out again adds nothing;
// a daily digest is one mail; a refusing mail server never fails the booking,
// and the mail arrives once the server accepts again.
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';
import { GATESHEAD, book, seedScene, type Placement, type Scene } from '../support/agreements.ts';
import type { Actor } from '../support/projects.ts';
import { eventsOfEntity } from '../../server/store/audit-events.ts';
import { dispatchDueMail, notifyEvents, queueDigests } from '../../server/services/notifications.ts';
import { Mail, Notification } from '../../models/notification.ts';
import { until } from '../support/until.ts';

interface Received { to: string[]; subject: string; messageId: string }

const MINE = `query($unread: Boolean) { myNotifications(first: 100, unreadOnly: $unread) { totalCount unreadCount nodes { id kind title link readAt delivery } } }`;
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id readAt } }`;
const PREFER = `mutation($d: NotificationDelivery!) { setNotificationPreference(delivery: $d) }`;

interface Node { id: string; kind: string; title: string; link: string; readAt: string | null; delivery: string }

/** The Message-ID the dispatcher gives a notification's own mail. */
const messageIdOf = (notificationId: string) => `<${Buffer.from(`n:${notificationId}`).toString('base64url')}@talent-pool.notifications>`;

describe('notifications and mail', function () {
  this.timeout(120_000);
  let server: TestServer;
  let smtp: SMTPServer;
  let s: Scene;
  let p: Placement;
  const received: Received[] = [];
  let refusing = false;
  const refused: string[] = [];

  const mine = async (a: Actor): Promise<{ totalCount: number; unreadCount: number; nodes: Node[] }> => {
    const r = await server.gql(MINE, {}, a.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.myNotifications;
  };
  const about = async (a: Actor, agreementId: string) => (await mine(a)).nodes.filter((n) => n.link === `/agreements/${agreementId}`);
  const mailsTo = (email: string, messageId?: string) => received.filter((m) => m.to.includes(email) && (!messageId || m.messageId === messageId));
  const emailOf = (a: Actor) => (a as Actor & { email: string }).email;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, cb) {
        if (refusing) {
          refused.push(address.address);
          return cb(Object.assign(new Error('Mailbox unavailable for now'), { responseCode: 451 }));
        }
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
          const header = (name: string) => head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? '';
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: header('Subject'), messageId: header('Message-ID') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    server = await startTestServer({
      label: 'notifications',
      env: { FIXED_NOW: '2026-11-25T12:00:00Z', NOTIFICATIONS: 'true', SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_INTERVAL_MS: '100', MAIL_RETRY_BASE_MS: '50' },
    });
    s = await seedScene(server);
    p = await book(s);
  });
  after(async () => {
    await server?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('tells every party but the one who booked that the agreement awaits their decision, with one mail each', async () => {
    const parties = [p.self, s.homeRequester, s.requester, s.consortiumRequester];
    for (const a of parties) {
      const [n, ...more] = await until(`${a.label}'s notification`, async () => { const l = await about(a, p.agreementId); return l.length ? l : null; });
      expect(more, a.label).to.have.length(0);
      expect(n!.kind).to.equal('AGREEMENT_AWAITING');
      expect(n!.title).to.match(/awaits your decision/);
      expect(n!.readAt).to.equal(null);
      const [mail, ...again] = await until(`${a.label}'s mail`, async () => { const l = mailsTo(emailOf(a), messageIdOf(n!.id)); return l.length ? l : null; });
      expect(again, a.label).to.have.length(0);
      expect(mail!.to).to.deep.equal([emailOf(a)]);
      expect(mail!.subject).to.equal(n!.title);
      // The server has it a moment before the sender hears so and records it.
      await until(`${a.label}'s mail recorded as sent`, async () => (await about(a, p.agreementId))[0]!.delivery === 'SENT');
    }
    // Whoever is not a party, and the lead who booked, hear nothing.
    for (const a of [s.lead, s.otherLead, s.otherRequester, s.admin, s.practitioner]) {
      expect((await mine(a)).totalCount, a.label).to.equal(0);
      expect(mailsTo(emailOf(a)), a.label).to.have.length(0);
    }
  });

  it("marks one's own notifications read, and refuses someone else's without marking anything", async () => {
    const before = await mine(s.homeRequester);
    expect(before.unreadCount).to.be.greaterThan(0);
    const [n] = await about(s.homeRequester, p.agreementId);
    const others = await about(s.requester, p.agreementId);

    const refused = await server.gql(MARK, { ids: [n!.id, others[0]!.id] }, s.homeRequester.token);
    expect(onlyError(refused).extensions?.code).to.equal('NOT_FOUND');
    expect((await mine(s.homeRequester)).unreadCount).to.equal(before.unreadCount);
    expect((await about(s.requester, p.agreementId))[0]!.readAt).to.equal(null);

    const r = await server.gql(MARK, { ids: [n!.id] }, s.homeRequester.token);
    expect(r.errors).to.equal(undefined);
    expect(r.data!.markNotificationsRead).to.have.length(1);
    expect(r.data!.markNotificationsRead[0].readAt).to.be.a('string');
    const after = await mine(s.homeRequester);
    expect(after.unreadCount).to.equal(before.unreadCount - 1);
    expect(after.totalCount).to.equal(before.totalCount);
    expect((await server.gql(MINE, { unread: true }, s.homeRequester.token)).data!.myNotifications.nodes.map((x: Node) => x.id)).not.to.include(n!.id);
    // Marking again is harmless.
    expect((await server.gql(MARK, { ids: [n!.id] }, s.homeRequester.token)).errors).to.equal(undefined);
  });

  it('creates no second notification or mail when the same events are fanned out again', async () => {
    const events = await eventsOfEntity('Agreement', p.agreementId);
    expect(events.length).to.be.greaterThan(0);
    const notifications = await Notification.countDocuments();
    const mails = await Mail.countDocuments();
    const sent = received.length;
    expect(await notifyEvents(events)).to.equal(0);
    expect(await notifyEvents(events)).to.equal(0);
    await dispatchDueMail();
    expect(await Notification.countDocuments()).to.equal(notifications);
    expect(await Mail.countDocuments()).to.equal(mails);
    expect(received.length).to.equal(sent);
  });

  it('gathers the notifications of a user on the daily digest into one mail', async () => {
    const digester = { label: 'a Gateshead requester on the digest', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: GATESHEAD })) };
    expect((await server.gql(PREFER, { d: 'DAILY_DIGEST' }, digester.token)).data!.setNotificationPreference).to.equal('DAILY_DIGEST');
    const q = await book(s);
    const [n] = await until('the digester\'s notification', async () => { const l = await about(digester, q.agreementId); return l.length ? l : null; });
    expect(n!.delivery).to.equal('DIGEST');
    // Nothing mailed on the day (the other Gateshead requester, on IMMEDIATE, has theirs).
    await until('the immediate mail of the same event', async () => { const [o] = await about(s.consortiumRequester, q.agreementId); return o && mailsTo(emailOf(s.consortiumRequester), messageIdOf(o.id)).length; });
    expect(mailsTo(emailOf(digester))).to.have.length(0);

    expect(await queueDigests('2026-11-26')).to.equal(1);
    expect(await queueDigests('2026-11-26')).to.equal(0);
    await dispatchDueMail();
    const [digest, ...more] = await until('the digest', async () => { const l = mailsTo(emailOf(digester)); return l.length ? l : null; });
    expect(more).to.have.length(0);
    expect(digest!.subject).to.equal('Talent pool: 1 notification on 2026-11-25');
    await dispatchDueMail();
    expect(mailsTo(emailOf(digester))).to.have.length(1);
  });

  it('books even while the mail server refuses, and delivers the mail once when it accepts again', async () => {
    refusing = true;
    const q = await book(s); // throws if the booking failed
    const [n] = await until('the practitioner\'s notification', async () => { const l = await about(q.self, q.agreementId); return l.length ? l : null; });
    await until("a refused attempt at the practitioner's mail", async () => refused.includes(emailOf(q.self)));
    expect(mailsTo(emailOf(q.self))).to.have.length(0);
    refusing = false;
    const [mail, ...again] = await until('the mail after the refusal', async () => { const l = mailsTo(emailOf(q.self), messageIdOf(n!.id)); return l.length ? l : null; });
    expect(again).to.have.length(0);
    expect(mail!.subject).to.equal(n!.title);
    await until('the mail recorded as sent', async () => { const m = await Mail.findById(`n:${n!.id}`).lean(); return m?.status === 'SENT' && m; });
    // Later runs send nothing more.
    await dispatchDueMail();
    expect(mailsTo(emailOf(q.self))).to.have.length(1);
  });
});
