// The contention scene shared by the concurrency test and the contention
// benchmark (scripts/bench-contention.ts): a few practitioners with a 2-day
// contract, a project of many slots, booking requests for overlapping periods
// sent through server processes, with a client's retry of TRY_AGAIN; and the
// invariants read back from the stored documents afterwards.
import { Types } from 'mongoose';
import { createProject } from '../../server/services/projects.ts';
import { createUser } from '../../server/services/users.ts';
import { importReferenceData } from '../../server/services/reference-import.ts';
import { Project } from '../../models/project.ts';
import { Booking } from '../../models/booking.ts';
import { CapacityClaim, ALL_POOLS } from '../../models/capacity-claim.ts';
import { SlotSeat } from '../../models/slot-seat.ts';
import { weeksBetween } from '../../server/calendar/iso-week.ts';
import { seedPools, PASSWORD } from './fixtures.ts';
import { ADMIN, seedContract, seedPractitioner } from './practitioners.ts';
import type { ServerProcess } from './server-process.ts';
import type { GqlResult } from './test-server.ts';

export const CAPACITY_UNITS = 4; // a 2-day central contract, full-time pattern, no holidays in March 2027
export const BOOKING_UNITS = 2; // each request asks for 1 day a week
// Every period contains ISO week 2027-W12, so at most 4 / 2 = 2 bookings per person can succeed.
export const PERIODS = [
  { start: '2027-03-01', end: '2027-03-28' },
  { start: '2027-03-15', end: '2027-04-11' },
  { start: '2027-03-22', end: '2027-04-18' },
];
const WEEKS = weeksBetween('2027-03-01', '2027-04-18');
export const MUTATION = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id practitioner { id } } }`;

export interface ContentionScene {
  practitionerIds: string[];
  projectId: string;
  slotIds: string[];
  /** Bookings the capacity allows, worked out from the scene: 2 per practitioner. */
  allowed: number;
}

export type BookingRequest = { practitionerId: string; projectId: string; slotId: string; daysPerWeek: number; start: string; end: string };

/** Reference data, the pools, a lead (lead@example.test), the practitioners and a STAFFING project of `slots` slots, in the connected database. */
export async function seedContentionScene(practitioners: number, slots: number): Promise<ContentionScene> {
  await importReferenceData();
  await seedPools();
  await createUser({ email: 'lead@example.test', name: 'Lead', password: PASSWORD, role: 'PROGRAMME_LEAD', poolId: 'north-east-ca' });
  const practitionerIds: string[] = [];
  for (let i = 0; i < practitioners; i++) {
    const p = await seedPractitioner({ homeCouncilId: 'E08000024' });
    await seedContract({ practitionerId: p.id, poolId: 'north-east-ca', daysPerWeek: 2, start: '2027-01-01', end: '2027-12-31' });
    practitionerIds.push(p.id);
  }
  const project = await createProject(
    { ...ADMIN },
    {
      title: 'Adult social care front door',
      outcome: 'People get the right help first time',
      serviceArea: 'ADULT_SOCIAL_CARE',
      phase: 'ALPHA',
      start: '2027-01-04',
      end: '2027-12-31',
      priority: 'HIGH',
      onSiteExpectation: 'REMOTE',
      poolId: 'north-east-ca',
      leadCouncilId: 'E08000021',
      councilIds: ['E08000021'],
      slots: Array.from({ length: slots }, () => ({ roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20 })),
    },
  );
  await Project.updateOne({ _id: project._id }, { $set: { status: 'STAFFING' } });
  const slotIds = (await Project.findById(project._id).lean())!.slots.map((s) => String(s._id));
  return { practitionerIds, projectId: String(project._id), slotIds, allowed: practitioners * (CAPACITY_UNITS / BOOKING_UNITS) };
}

/** One request per practitioner and slot, for overlapping periods. */
export const requestsOf = (s: ContentionScene): BookingRequest[] =>
  s.practitionerIds.flatMap((practitionerId, p) =>
    s.slotIds.map((slotId, i) => ({ practitionerId, projectId: s.projectId, slotId, daysPerWeek: BOOKING_UNITS / 2, ...PERIODS[(p + i) % PERIODS.length]! })),
  );

export interface Answer {
  result: GqlResult;
  /** ms from sending to each HTTP answer, first to last (one per attempt). */
  answers: number[];
  /** Each attempt's code (OK when booked), with its retry hint when it had one. */
  attempts: { code: string; retryable?: unknown; retryAfterSeconds?: unknown }[];
}

/** Send one request as a client would: a TRY_AGAIN answer (nothing written) is sent again after a random part of its hint, through the other process. */
export async function sendBooking(servers: readonly ServerProcess[], input: BookingRequest, i: number, token: string, maxAttempts = 20): Promise<Answer> {
  const answers: number[] = [];
  const attempts: Answer['attempts'] = [];
  for (let attempt = 0; ; attempt++) {
    const sent = performance.now();
    const result = await servers[(i + attempt) % servers.length]!.gql(MUTATION, { i: input }, token);
    answers.push(performance.now() - sent);
    const e = result.errors?.[0]?.extensions;
    attempts.push({ code: e?.code ?? (result.errors ? 'ERROR' : 'OK'), retryable: e?.details?.retryable, retryAfterSeconds: e?.details?.retryAfterSeconds });
    if (e?.code !== 'TRY_AGAIN' || attempt + 1 === maxAttempts) return { result, answers, attempts };
    await new Promise((res) => setTimeout(res, Number(e.details?.retryAfterSeconds ?? 1) * 1000 * Math.random()));
  }
}

export interface StoredFacts {
  /** The most units claimed in any ISO week by any practitioner in either scope. */
  maxUnitsInAWeek: number;
  bookings: { id: string; status: string; start: string; end: string; claims: number }[];
  claimHolders: string[];
  seatHolders: string[];
}

/** What the database holds after a run, read independently of the service. */
export async function storedFacts(s: ContentionScene): Promise<StoredFacts> {
  let maxUnitsInAWeek = 0;
  for (const pid of s.practitionerIds) {
    for (const scope of [ALL_POOLS, 'north-east-ca']) {
      const perWeek = await CapacityClaim.aggregate<{ _id: string; n: number }>([
        { $match: { practitionerId: new Types.ObjectId(pid), scope, week: { $in: WEEKS } } },
        { $group: { _id: '$week', n: { $sum: 1 } } },
      ]);
      for (const w of perWeek) maxUnitsInAWeek = Math.max(maxUnitsInAWeek, w.n);
    }
  }
  const bookings = await Booking.find().lean();
  return {
    maxUnitsInAWeek,
    bookings: await Promise.all(
      bookings.map(async (b) => ({ id: String(b._id), status: b.status, start: b.start, end: b.end, claims: await CapacityClaim.countDocuments({ bookingId: b._id }) })),
    ),
    claimHolders: (await CapacityClaim.distinct('bookingId')).map(String).sort(),
    seatHolders: (await SlotSeat.distinct('bookingId')).map(String).sort(),
  };
}

/** The claims a whole booking holds: both scopes, every week, its units. */
export const claimsOfWholeBooking = (b: { start: string; end: string }) => 2 * weeksBetween(b.start, b.end).length * BOOKING_UNITS;
