// Who may call each agreement, ledger, feed and audit operation, role by
// role: an admin, the pool's lead, another pool's lead, a requester of the
// home council, of a host council, of another council, the practitioner
// themselves, another practitioner, and someone not signed in.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { GATESHEAD, SUNDERLAND, TERMS, approveAll, book, bookActive, seedScene, type Placement, type Scene } from '../support/agreements.ts';
import type { Actor } from '../support/projects.ts';

type Who = 'admin' | 'lead' | 'otherLead' | 'home' | 'host' | 'otherCouncil' | 'self' | 'otherPractitioner' | 'anonymous';
const EVERYONE: Who[] = ['admin', 'lead', 'otherLead', 'home', 'host', 'otherCouncil', 'self', 'otherPractitioner', 'anonymous'];

interface Case {
  op: string;
  /** A fresh target for one call (each success changes it). */
  target: () => Promise<Placement>;
  call: (p: Placement, who: Who) => [string, Record<string, unknown>];
  allowed: Who[];
}

describe('agreements, ledger, feeds and audit: permissions role by role', function () {
  this.timeout(300_000);
  let server: TestServer;
  let s: Scene;
  let one: Placement; // for operations that do not change it

  before(async () => {
    server = await startTestServer({ label: 'agreements-permissions', env: { FIXED_NOW: '2026-11-25T12:00:00Z' } });
    s = await seedScene(server);
    one = await book(s);
  });
  after(() => server?.stop());

  const actor = (who: Who, p: Placement): Actor =>
    ({
      admin: s.admin,
      lead: s.lead,
      otherLead: s.otherLead,
      home: s.homeRequester,
      host: s.consortiumRequester,
      otherCouncil: s.otherRequester,
      self: p.self,
      otherPractitioner: s.practitioner,
      anonymous: s.anonymous,
    })[who];

  const draft = () => book(s, { terms: null });
  const amended = async () => {
    const p = await bookActive(s, { daysPerWeek: 1 });
    const r = await server.gql(`mutation($id: ID!) { amendAgreement(id: $id, input: { end: "2027-04-04", summary: "A week longer" }) { id } }`, { id: p.agreementId }, s.lead.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return p;
  };
  // An admin says which party they act for; everyone else decides as who they are.
  const asFor = (who: Who) => (who === 'admin' ? { as: 'HOST_COUNCIL', c: GATESHEAD } : {});

  const cases: Case[] = [
    {
      op: 'approveAgreement',
      target: () => book(s),
      call: (p, who) => [`mutation($id: ID!, $as: AgreementPartyKind, $c: ID) { approveAgreement(id: $id, as: $as, councilId: $c) { id } }`, { id: p.agreementId, ...asFor(who) }],
      allowed: ['admin', 'lead', 'home', 'host', 'self'],
    },
    {
      op: 'declineAgreement',
      target: () => book(s),
      call: (p, who) => [`mutation($id: ID!, $as: AgreementPartyKind, $c: ID) { declineAgreement(id: $id, reason: "No", as: $as, councilId: $c) { id } }`, { id: p.agreementId, ...asFor(who) }],
      allowed: ['admin', 'lead', 'home', 'host', 'self'],
    },
    {
      op: 'updateAgreementDraft',
      target: draft,
      call: (p) => [`mutation($id: ID!, $t: AgreementTermsInput!) { updateAgreementDraft(id: $id, terms: $t) { id } }`, { id: p.agreementId, t: { dayRatePence: 1000 } }],
      allowed: ['admin', 'lead'],
    },
    {
      op: 'submitAgreement',
      target: () => book(s, { terms: null }).then(async (p) => {
        await server.gql(`mutation($id: ID!, $t: AgreementTermsInput!) { updateAgreementDraft(id: $id, terms: $t) { id } }`, { id: p.agreementId, t: { homeLineManager: TERMS.homeLineManager, hostSupervisor: TERMS.hostSupervisor } }, s.lead.token);
        return p;
      }),
      call: (p) => [`mutation($id: ID!) { submitAgreement(id: $id) { id } }`, { id: p.agreementId }],
      allowed: ['admin', 'lead'],
    },
    {
      op: 'amendAgreement',
      target: () => bookActive(s, { daysPerWeek: 1 }),
      call: (p) => [`mutation($id: ID!) { amendAgreement(id: $id, input: { end: "2027-04-04", summary: "A week longer" }) { id } }`, { id: p.agreementId }],
      allowed: ['admin', 'lead'],
    },
    {
      op: 'withdrawAgreementAmendment',
      target: amended,
      call: (p) => [`mutation($id: ID!) { withdrawAgreementAmendment(id: $id) { id } }`, { id: p.agreementId }],
      allowed: ['admin', 'lead'],
    },
    {
      op: 'createCalendarFeed',
      target: async () => one,
      call: () => [`mutation { createCalendarFeed { url } }`, {}],
      allowed: ['lead', 'otherLead', 'self', 'otherPractitioner'],
    },
    {
      op: 'revokeCalendarFeed',
      target: async () => one,
      call: () => [`mutation { revokeCalendarFeed }`, {}],
      allowed: ['admin', 'lead', 'otherLead', 'home', 'host', 'otherCouncil', 'self', 'otherPractitioner'],
    },
    {
      op: 'agreement',
      target: async () => one,
      call: (p) => [`query($id: ID!) { agreement(id: $id) { id } }`, { id: p.agreementId }],
      allowed: ['admin', 'lead', 'home', 'host', 'self'],
    },
    {
      op: 'councilLedger (of the home council)',
      target: async () => one,
      call: () => [`{ councilLedger(councilId: "${SUNDERLAND}", from: "2027-01-01", to: "2027-12-31") { balance { net } } }`, {}],
      allowed: ['admin', 'lead', 'home'],
    },
    {
      op: 'poolLedger',
      target: async () => one,
      call: () => [`{ poolLedger(poolId: "north-east-ca", from: "2027-01-01", to: "2027-12-31") { totals { net } } }`, {}],
      allowed: ['admin', 'lead'],
    },
    {
      op: 'auditEvents',
      target: async () => one,
      call: () => [`{ auditEvents(first: 1) { totalCount } }`, {}],
      allowed: ['admin', 'lead', 'otherLead'],
    },
  ];

  for (const c of cases) {
    it(`${c.op}: ${c.allowed.join(', ')}`, async () => {
      // Refusals change nothing, so they share one target; each success gets its own.
      const shared = await c.target();
      for (const who of EVERYONE) {
        const allowed = c.allowed.includes(who);
        const p = allowed ? await c.target() : shared;
        const [query, vars] = c.call(p, who);
        const r = await server.gql(query, vars, actor(who, p).token);
        const code = r.errors?.[0]?.extensions?.code ?? null;
        expect(code, `${c.op} by ${who}: ${JSON.stringify(r.errors ?? '')}`).to.equal(allowed ? null : who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
    });
  }

  it('lists only the agreements each may see (agreements is open to everyone signed in, scoped by the service)', async () => {
    const p = await book(s);
    await approveAll(s, p);
    const Q = `query($id: ID) { agreements(filter: { bookingId: $id }) { totalCount } }`;
    for (const who of EVERYONE) {
      const r = await server.gql(Q, { id: p.bookingId }, actor(who, p).token);
      if (who === 'anonymous') expect(r.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
      else expect(r.data!.agreements.totalCount, who).to.equal(['admin', 'lead', 'home', 'host', 'self'].includes(who) ? 1 : 0);
    }
  });
});
