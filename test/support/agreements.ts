// The scene for the agreement suites: every party to a North East placement
// (and everyone who is not), a project with two host councils, and a way to
// book a fresh Sunderland practitioner with a login of their own, which
// creates the booking's agreement through the real bookPractitioner mutation.
import { Project } from '../../models/project.ts';
import { userToken } from './fixtures.ts';
import { seedActors, seedProject, GATESHEAD, NEWCASTLE, type Actor, type Actors } from './projects.ts';
import { seedContract, seedPractitioner } from './practitioners.ts';
import type { TestServer } from './test-server.ts';

export const SUNDERLAND = 'E08000024'; // home council of the booked practitioners (in north-east-ca)
export { GATESHEAD, NEWCASTLE };

export interface Scene extends Actors {
  /** Requester of Sunderland: the home council. */
  homeRequester: Actor;
  server: TestServer;
  projectId: string;
  /** The project's first slot; book() spreads its placements over all of them (20 people a slot). */
  slotId: string;
  slotIds: string[];
  booked: number;
}

/** Complete terms (both contacts named), so the agreement goes out for approval at once. */
export const TERMS = {
  weekdays: ['TUE', 'WED'],
  reviewDate: '2027-03-15',
  dayRatePence: 40_000,
  payer: 'HOST_COUNCIL',
  backfillPerDayPence: 10_000,
  invoicing: 'QUARTERLY',
  earlyTerminationNoticeWeeks: 2,
  homeLineManager: { name: 'Grace Hopper', email: 'grace@sunderland.example' },
  hostSupervisor: { name: 'Alan Turing', email: 'alan@newcastle.example' },
};

export async function seedScene(server: TestServer): Promise<Scene> {
  const actors = await seedActors(server);
  const homeRequester = { label: 'requester of the home council', ...(await userToken(server, 'COUNCIL_REQUESTER', { councilId: SUNDERLAND })) };
  // Newcastle's project with Gateshead in the consortium: two host councils.
  const projectId = await seedProject(actors, 'APPROVED', {
    slots: Array.from({ length: 10 }, () => ({ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-12-31' })),
    end: '2027-12-31',
  });
  const slotIds = (await Project.findById(projectId).lean())!.slots.map((x) => String(x._id));
  return { ...actors, homeRequester, server, projectId, slotId: slotIds[0]!, slotIds, booked: 0 };
}

export const BOOK = `mutation($i: BookPractitionerInput!) {
  bookPractitioner(input: $i) { id status agreement { id status activeVersion pendingVersion { version } } }
}`;

export interface Placement {
  bookingId: string;
  agreementId: string;
  practitionerId: string;
  /** The booked practitioner's own login. */
  self: Actor;
}

/** A fresh practitioner (of Sunderland unless `home` says; a 2-day contract for 2027; with its login), booked by the lead. */
export async function book(
  s: Scene,
  over: { start?: string; end?: string; daysPerWeek?: number; terms?: Record<string, unknown> | null; contractDays?: number; projectId?: string; slotId?: string; home?: string } = {},
): Promise<Placement> {
  const p = await seedPractitioner({ homeCouncilId: over.home ?? SUNDERLAND });
  await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: over.contractDays ?? 2, start: '2027-01-01', end: '2027-12-31', recallNoticeWeeks: 6 });
  const self = { label: 'the practitioner themselves', ...(await userToken(s.server, 'PRACTITIONER', { practitionerId: p.id })) };
  const input: Record<string, unknown> = {
    practitionerId: p.id,
    projectId: over.projectId ?? s.projectId,
    slotId: over.slotId ?? s.slotIds[s.booked++ % s.slotIds.length],
    start: over.start ?? '2027-03-01',
    end: over.end ?? '2027-03-28',
    daysPerWeek: over.daysPerWeek ?? 2,
  };
  // TERMS' review date is inside March 2027; other periods review on their first day.
  if (over.terms !== null) input.terms = over.terms ?? (over.start || over.end ? { ...TERMS, reviewDate: input.start } : TERMS);
  const r = await s.server.gql(BOOK, { i: input }, s.lead.token);
  if (r.errors) throw new Error(`booking failed: ${JSON.stringify(r.errors)}`);
  const b = r.data!.bookPractitioner;
  return { bookingId: b.id, agreementId: b.agreement.id, practitionerId: p.id, self };
}

export const APPROVE = `mutation($id: ID!, $as: AgreementPartyKind, $c: ID) { approveAgreement(id: $id, as: $as, councilId: $c) { id status activeVersion } }`;
export const DECLINE = `mutation($id: ID!, $r: String!, $as: AgreementPartyKind, $c: ID) { declineAgreement(id: $id, reason: $r, as: $as, councilId: $c) { id status activeVersion } }`;

/** Who approves for each of the five parties (practitioner, home, two hosts, lead). */
export const approvers = (s: Scene, p: Placement): Actor[] => [p.self, s.homeRequester, s.requester, s.consortiumRequester, s.lead];

/** Every party approves, by an admin acting for each in turn (for placements whose councils have no requester in the scene). */
export async function approveAllAsAdmin(s: Scene, p: Placement, hosts: string[]): Promise<void> {
  const as: [string, string | null][] = [['PRACTITIONER', null], ['HOME_COUNCIL', null], ...hosts.map((h): [string, string] => ['HOST_COUNCIL', h]), ['PROGRAMME_LEAD', null]];
  for (const [kind, c] of as) {
    const r = await s.server.gql(APPROVE, { id: p.agreementId, as: kind, c }, s.admin.token);
    if (r.errors) throw new Error(`admin as ${kind} could not approve: ${JSON.stringify(r.errors)}`);
  }
}

/** Every party approves the pending version, one after another. */
export async function approveAll(s: Scene, p: Placement): Promise<void> {
  for (const a of approvers(s, p)) {
    const r = await s.server.gql(APPROVE, { id: p.agreementId }, a.token);
    if (r.errors) throw new Error(`${a.label} could not approve: ${JSON.stringify(r.errors)}`);
  }
}

/** Book and take the agreement all the way to ACTIVE (the booking CONFIRMED). */
export async function bookActive(s: Scene, over: Parameters<typeof book>[1] = {}): Promise<Placement> {
  const p = await book(s, over);
  await approveAll(s, p);
  return p;
}
