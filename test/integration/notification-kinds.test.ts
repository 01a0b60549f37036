// Every kind of notification, raised by the real mutation over HTTP: who is
// told (the parties to the thing, never the one who did it, never anyone who
// may not read it), what it links to, and that with no SMTP server set its
// mail is held in the outbox. notifications.test.ts has the mail itself.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { userToken } from '../support/fixtures.ts';
import { SUNDERLAND, DECLINE, book, bookActive, seedScene, type Scene } from '../support/agreements.ts';
import { seedProject, type Actor } from '../support/projects.ts';
import { seedPractitioner } from '../support/practitioners.ts';
import { until } from '../support/until.ts';

const MINE = `{ myNotifications(first: 100) { nodes { kind title link delivery } } }`;
interface Node { kind: string; title: string; link: string; delivery: string }

describe('notifications of every kind', function () {
  this.timeout(180_000);
  let server: TestServer;
  let s: Scene;

  const mine = async (a: Actor): Promise<Node[]> => {
    const r = await server.gql(MINE, {}, a.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.myNotifications.nodes;
  };
  const ofKind = async (a: Actor, kind: string, link: string) => (await mine(a)).filter((n) => n.kind === kind && n.link === link);

  /** Each of `told` gets one notification of `kind` linking to `link` (its mail held); none of `notTold` gets one. */
  async function expectTold(kind: string, link: string, title: RegExp, told: Actor[], notTold: Actor[]) {
    for (const a of told) {
      const [n, ...more] = await until(`${kind} for ${a.label}`, async () => { const l = await ofKind(a, kind, link); return l.length ? l : null; });
      expect(more, `${kind} for ${a.label}`).to.have.length(0);
      expect(n!.title, a.label).to.match(title);
      expect(n!.delivery, a.label).to.equal('HELD');
    }
    // One event is fanned out to all its recipients at once: by now the others would have theirs.
    for (const a of notTold) expect(await ofKind(a, kind, link), `${kind} for ${a.label}`).to.have.length(0);
  }
  const gql = async (query: string, variables: Record<string, unknown>, a: Actor) => {
    const r = await server.gql(query, variables, a.token);
    if (r.errors) throw new Error(`${a.label}: ${JSON.stringify(r.errors)}`);
    return r.data!;
  };

  before(async () => {
    server = await startTestServer({ label: 'notification-kinds', env: { FIXED_NOW: '2026-11-25T12:00:00Z', NOTIFICATIONS: 'true', NOTIFY_INTERVAL_MS: '100' } });
    s = await seedScene(server);
  });
  after(() => server?.stop());

  it('tells the other parties when an agreement becomes active, and when an amendment awaits them', async () => {
    const p = await bookActive(s); // the lead approves last
    const link = `/agreements/${p.agreementId}`;
    const others = [p.self, s.homeRequester, s.requester, s.consortiumRequester];
    await expectTold('AGREEMENT_ACTIVE', link, /is active$/, others, [s.lead, s.otherLead, s.otherRequester, s.practitioner]);
    await gql(`mutation($id: ID!) { amendAgreement(id: $id, input: { end: "2027-04-04", summary: "A week longer" }) { id } }`, { id: p.agreementId }, s.lead);
    await expectTold('AGREEMENT_AMENDED', link, /amendment .* awaits your decision/, others, [s.lead, s.otherRequester]);
  });

  it('tells the other parties when one declines', async () => {
    const p = await book(s);
    await gql(DECLINE, { id: p.agreementId, r: 'Our staff are needed at home that month' }, s.homeRequester);
    await expectTold('AGREEMENT_DECLINED', `/agreements/${p.agreementId}`, /declined/, [p.self, s.requester, s.consortiumRequester, s.lead], [s.homeRequester, s.otherLead]);
  });

  it('tells the other parties when the home council recalls its practitioner', async () => {
    const p = await bookActive(s);
    await gql(`mutation($id: ID!) { recallBooking(id: $id, end: "2027-03-14", reason: "Needed for the budget") { id } }`, { id: p.bookingId }, s.homeRequester);
    await expectTold('AGREEMENT_RECALLED', `/agreements/${p.agreementId}`, /recalled/, [p.self, s.requester, s.consortiumRequester, s.lead], [s.homeRequester, s.otherRequester]);
  });

  it('tells those who plan around a placement when leave puts its days at risk', async () => {
    const p = await bookActive(s); // Tuesdays and Wednesdays of March 2027
    await gql(`mutation($id: ID!) { addLeave(practitionerId: $id, input: { start: "2027-03-02", end: "2027-03-03" }) { practitioner { id } } }`, { id: p.practitionerId }, s.admin);
    // The home council lent the person and hears of their leave its own way; the admin added it.
    await expectTold('BOOKING_AT_RISK', `/bookings/${p.bookingId}`, /at risk/, [s.lead, s.requester, s.consortiumRequester, p.self], [s.homeRequester, s.admin, s.otherLead]);
  });

  it('tells the home council and the practitioner when a central contract is proposed', async () => {
    const person = await seedPractitioner({ homeCouncilId: SUNDERLAND });
    const self = { label: 'the practitioner proposed for', ...(await userToken(server, 'PRACTITIONER', { practitionerId: person.id })) };
    const { proposeCentralContract: c } = await gql(
      `mutation($i: ProposeCentralContractInput!) { proposeCentralContract(input: $i) { id } }`,
      { i: { practitionerId: person.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-04-01', end: '2028-03-31' } },
      s.lead,
    );
    await expectTold('CONTRACT_PROPOSED', `/contracts/${c.id}`, /2 days a week from 2027-04-01 is proposed/, [s.homeRequester, self], [s.lead, s.requester, s.practitioner]);
  });

  it("tells the pool's leads when a project is submitted, and its councils when it is returned to draft", async () => {
    const projectId = await seedProject(s, 'DRAFT'); // Newcastle's, with Gateshead
    const link = `/projects/${projectId}`;
    await gql(`mutation($id: ID!) { transitionProject(id: $id, to: SUBMITTED) { status } }`, { id: projectId }, s.requester);
    await expectTold('PROJECT_SUBMITTED', link, /is submitted for review/, [s.lead], [s.otherLead, s.requester, s.consortiumRequester]);
    await gql(`mutation($id: ID!) { transitionProject(id: $id, to: DRAFT, note: "Say what residents will be able to do") { status } }`, { id: projectId }, s.lead);
    await expectTold('PROJECT_RETURNED', link, /is returned to draft/, [s.requester, s.consortiumRequester], [s.lead, s.homeRequester, s.otherRequester]);
  });
});
