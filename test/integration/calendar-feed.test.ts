// Calendar feeds: a secret, revocable iCalendar URL for a practitioner's own
// bookings and a lead's pool's; only the token's hash is stored; an unknown,
// replaced or revoked token answers 404; nobody's feed shows anyone else's.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { User } from '../../models/user.ts';
import { AuditEvent } from '../../models/audit-event.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';
import { book, bookActive, seedScene, type Scene } from '../support/agreements.ts';
import type { Actor } from '../support/projects.ts';

const CREATE = `mutation { createCalendarFeed { url } }`;
const REVOKE = `mutation { revokeCalendarFeed }`;
const ME = `{ me { hasCalendarFeed } }`;

describe('calendar feeds', function () {
  this.timeout(120_000);
  let server: TestServer;
  let s: Scene;

  before(async () => {
    server = await startTestServer({ label: 'calendar-feed', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
  });
  after(() => server?.stop());

  const create = async (a: Actor) => {
    const r = await server.gql(CREATE, {}, a.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.createCalendarFeed.url as string;
  };
  const fetchFeed = (url: string) => fetch(`${server.url}${url}`);
  const dates = (ics: string) => [...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
  const bookings = (ics: string) => [...new Set([...ics.matchAll(/UID:([0-9a-f]{24})-/g)].map((m) => m[1]))];

  it("serves a practitioner's own bookings as valid iCalendar, one all-day event per agreed day", async () => {
    const confirmed = await bookActive(s, { start: '2027-03-01', end: '2027-03-14' }); // Tue and Wed
    const url = await create(confirmed.self);
    expect(url).to.match(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const r = await fetchFeed(url);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('text/calendar; charset=utf-8');
    const ics = await r.text();
    expect(ics).to.match(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).to.match(/END:VCALENDAR\r\n$/);
    expect(ics).to.include('VERSION:2.0');
    expect(ics.match(/BEGIN:VEVENT/g)).to.have.length(4);
    expect(ics.match(/END:VEVENT/g)).to.have.length(4);
    expect(dates(ics)).to.deep.equal(['20270302', '20270303', '20270309', '20270310']);
    expect(ics).to.include('SUMMARY:Planning applications online (User researcher)');
    expect(bookings(ics)).to.deep.equal([confirmed.bookingId]);
    // Only the hash is stored.
    const token = url.slice('/calendar/'.length, -'.ics'.length);
    const stored = (await User.findById(confirmed.self.userId).lean())!.calendarToken;
    expect(stored).to.equal(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await User.find().lean())).not.to.include(token);
    expect((await server.gql(ME, {}, confirmed.self.token)).data!.me.hasCalendarFeed).to.equal(true);
    expect(await AuditEvent.countDocuments({ entityType: 'User', entityId: confirmed.self.userId, action: 'user.calendar-feed.create' })).to.equal(1);
  });

  it("never shows someone else's bookings, and shows a lead their pool's", async () => {
    const mine = await book(s, { start: '2027-04-05', end: '2027-04-11' });
    const theirs = await book(s, { start: '2027-04-05', end: '2027-04-11' });
    const mineIcs = await (await fetchFeed(await create(mine.self))).text();
    const theirsIcs = await (await fetchFeed(await create(theirs.self))).text();
    expect(bookings(mineIcs)).to.deep.equal([mine.bookingId]);
    expect(bookings(theirsIcs)).to.deep.equal([theirs.bookingId]);
    expect(mineIcs).to.include('[tentative]');
    const leadIcs = await (await fetchFeed(await create(s.lead))).text();
    expect(bookings(leadIcs)).to.include.members([mine.bookingId, theirs.bookingId]);
    const otherLeadIcs = await (await fetchFeed(await create(s.otherLead))).text();
    expect(bookings(otherLeadIcs)).to.deep.equal([]);
    expect(otherLeadIcs).to.match(/^BEGIN:VCALENDAR/);
  });

  it('stops the old URL when a new one is made, and every URL when revoked: 404', async () => {
    const p = await book(s, { start: '2027-05-03', end: '2027-05-09' });
    const first = await create(p.self);
    const second = await create(p.self);
    expect(second).not.to.equal(first);
    expect((await fetchFeed(first)).status).to.equal(404);
    expect((await fetchFeed(second)).status).to.equal(200);
    expect((await server.gql(REVOKE, {}, p.self.token)).data!.revokeCalendarFeed).to.equal(true);
    expect((await fetchFeed(second)).status).to.equal(404);
    expect((await server.gql(REVOKE, {}, p.self.token)).data!.revokeCalendarFeed).to.equal(false);
    expect((await server.gql(ME, {}, p.self.token)).data!.me.hasCalendarFeed).to.equal(false);
    for (const bad of ['/calendar/nope.ics', '/calendar/' + 'a'.repeat(43) + '.ics', '/calendar/' + 'a'.repeat(43), '/calendar/..%2F..%2Fetc.ics']) {
      expect((await fetchFeed(bad)).status, bad).to.equal(404);
    }
  });

  it('is for practitioners and leads; anyone signed in may revoke their own', async () => {
    const requester = { label: 'requester', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: 'E08000024' })) };
    for (const [a, code] of [
      [s.admin, 'FORBIDDEN'],
      [s.lead, null],
      [s.otherLead, null],
      [requester, 'FORBIDDEN'],
      [s.otherRequester, 'FORBIDDEN'],
      [s.practitioner, null],
      [s.anonymous, 'UNAUTHENTICATED'],
    ] as [Actor, string | null][]) {
      const r = await server.gql(CREATE, {}, a.token);
      expect(r.errors?.[0]?.extensions?.code ?? null, a.label).to.equal(code);
    }
    expect((await server.gql(REVOKE, {}, requester.token)).data!.revokeCalendarFeed).to.equal(false);
    expect(onlyError(await server.gql(REVOKE, {})).extensions?.code).to.equal('UNAUTHENTICATED');
    // Whether someone else has a feed is theirs to know (and an admin's).
    const users = (await server.gql(`{ users { id hasCalendarFeed } }`, {}, s.admin.token)).data!.users as { id: string; hasCalendarFeed: boolean }[];
    expect(users.find((u) => u.id === s.lead.userId)!.hasCalendarFeed).to.equal(true);
  });
});
