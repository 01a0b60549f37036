// A booking refusal names a state that holds. Capacity or seats held by an
// attempt that has not finished (still claiming, or a cancel still giving
// back what it held) may yet come free: meeting them is contention, answered
// TRY_AGAIN with nothing written, and once that attempt is gone the same
// request books. Held by bookings that were made, they are a fact: CONFLICT
// or CAPACITY_EXCEEDED, even while other attempts are in flight too.
//
// The unfinished attempts are written directly, as a request part-way
// through leaves them (booking CLAIMING with its claims and seats; booking
// CANCELLED with pendingEffects and its seat not yet released).
import { expect } from 'chai';
import type { Types } from 'mongoose';
import { Booking } from '../../models/booking.ts';
import { SlotSeat } from '../../models/slot-seat.ts';
import { personSeatId, seatId } from '../../server/store/slot-seats.ts';
import { Project } from '../../models/project.ts';
import { ALL_POOLS } from '../../models/capacity-claim.ts';
import { claimCapacity } from '../../server/store/capacity-claims.ts';
import { reconcileBookings } from '../../server/services/bookings.ts';
import { weeksBetween } from '../../server/calendar/iso-week.ts';
import { startTestServer, onlyError, type TestServer } from '../support/test-server.ts';
import { seedActors, seedProject, type Actors } from '../support/projects.ts';
import { seedContract, seedPractitioner } from '../support/practitioners.ts';

const SUNDERLAND = 'E08000024';
const POOL = 'north-east-ca';
const BOOK = `mutation($i: BookPractitionerInput!) { bookPractitioner(input: $i) { id status } }`;
const MARCH = { start: '2027-03-01', end: '2027-03-28' };

describe('booking refusals name states that hold', function () {
  this.timeout(120_000);
  let server: TestServer;
  let actors: Actors;
  let projectId: string;
  let slots: string[];

  before(async () => {
    server = await startTestServer({ label: 'refusals', env: { FIXED_NOW: '2026-11-25T12:00:00Z', RECONCILE_INTERVAL_MS: '0' } });
    actors = await seedActors(server);
    projectId = await seedProject(actors, 'STAFFING', {
      slots: [
        { roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-06-27' },
        { roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-06-27' },
        { roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 20, start: '2027-01-04', end: '2027-06-27' },
        { roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 1, start: '2027-01-04', end: '2027-06-27' },
        { roleLevelId: 'user-researcher', daysPerWeek: 2, headcount: 1, start: '2027-01-04', end: '2027-06-27' },
      ],
    });
    slots = (await Project.findById(projectId).lean())!.slots.map((s) => String(s._id));
  });
  after(() => server?.stop());

  /** A Sunderland practitioner with a 1-day (2-unit) contract for 2027. */
  async function person(): Promise<{ id: string; contractId: string }> {
    const p = await seedPractitioner({ homeCouncilId: SUNDERLAND });
    const c = await seedContract({ practitionerId: p.id, poolId: POOL, daysPerWeek: 1, start: '2027-01-01', end: '2027-12-31' });
    return { id: p.id, contractId: c.id };
  }

  const book = (practitionerId: string, slotId: string) => server.gql(BOOK, { i: { practitionerId, projectId, slotId, daysPerWeek: 1, ...MARCH } }, actors.lead.token);

  /** What an attempt still claiming leaves: its CLAIMING booking, with (as asked) its person seat, a numbered seat, and its days. */
  async function attemptInFlight(who: { id: string; contractId: string }, slotId: string, holds: { personSeat?: boolean; seat?: number; days?: boolean }) {
    const b = await Booking.create({
      practitionerId: who.id,
      projectId,
      slotId,
      poolId: POOL,
      contractId: who.contractId,
      homeCouncilId: SUNDERLAND,
      hostCouncilIds: ['E08000021'],
      ...MARCH,
      unitsPerWeek: 2,
      status: 'CLAIMING',
      statusHistory: [],
      workingSince: new Date(),
      createdBy: actors.lead.userId,
    });
    const claimedAt = new Date();
    const weeks = weeksBetween(MARCH.start, MARCH.end);
    if (holds.personSeat) await SlotSeat.insertMany(weeks.map((week) => ({ _id: personSeatId(slotId, who.id, week), slotId, bookingId: b._id, week, n: null, claimedAt })));
    if (holds.seat) await SlotSeat.insertMany(weeks.map((week) => ({ _id: seatId(slotId, holds.seat!, week), slotId, bookingId: b._id, week, n: holds.seat, claimedAt })));
    if (holds.days) {
      const needs = weeksBetween(MARCH.start, MARCH.end).map((week) => ({ week, units: 2, capacity: 2 }));
      for (const scope of [POOL, ALL_POOLS]) expect((await claimCapacity(who.id, b._id, needs, scope)).ok).to.equal(true);
    }
    return b._id as Types.ObjectId;
  }

  const expectTryAgain = (r: Awaited<ReturnType<typeof book>>) => {
    const e = onlyError(r);
    expect(e.extensions?.code, e.message).to.equal('TRY_AGAIN');
    expect(e.extensions?.details).to.deep.include({ retryable: true });
  };

  it("answers TRY_AGAIN, not CAPACITY_EXCEEDED, when the days are held by an attempt still claiming; books once it is abandoned; refuses when they are a booking's", async () => {
    const p = await person();
    await attemptInFlight(p, slots[1]!, { personSeat: true, seat: 1, days: true });

    expectTryAgain(await book(p.id, slots[0]!));
    expect(await Booking.countDocuments({ practitionerId: p.id, slotId: slots[0] })).to.equal(0);

    // The attempt is abandoned (the reconciler undoes it): the same request books.
    await reconcileBookings(0, new Date(Date.now() + 1000));
    const ok = await book(p.id, slots[0]!);
    expect(ok.errors, JSON.stringify(ok.errors)).to.equal(undefined);

    // Now the days are a booking's: that refusal is a fact.
    expect(onlyError(await book(p.id, slots[2]!)).extensions?.code).to.equal('CAPACITY_EXCEEDED');
  });

  it('answers TRY_AGAIN, not "the slot already has its 1 person", when its seat is held by a cancel still giving it back; books once that is done', async () => {
    const [first, second] = [await person(), await person()];
    const made = await book(first.id, slots[3]!);
    expect(made.errors, JSON.stringify(made.errors)).to.equal(undefined);
    // Cancelled part-way: the status is written, the seat and days not yet given back.
    await Booking.updateOne({ _id: made.data!.bookPractitioner.id }, { $set: { status: 'CANCELLED', pendingEffects: true } });

    expectTryAgain(await book(second.id, slots[3]!));

    await reconcileBookings(0, new Date(Date.now() + 1000)); // finishes the cancel
    const ok = await book(second.id, slots[3]!);
    expect(ok.errors, JSON.stringify(ok.errors)).to.equal(undefined);
  });

  it('answers CONFLICT when the slot is full with a made booking, even while another attempt for it is in flight', async () => {
    const [holder, racing, late] = [await person(), await person(), await person()];
    const made = await book(holder.id, slots[4]!);
    expect(made.errors, JSON.stringify(made.errors)).to.equal(undefined);
    // Another attempt has its person seat and is about to look for a numbered one.
    await attemptInFlight(racing, slots[4]!, { personSeat: true });

    const e = onlyError(await book(late.id, slots[4]!));
    expect(e.extensions?.code, e.message).to.equal('CONFLICT');
    expect(e.message).to.equal('The slot already has its 1 person');
  });
});
