// Resolvers for bookings: thin, each calls one service or loader.
import type { BookingDoc, BookingStatus } from '../../models/booking.ts';
import * as bookings from '../../server/services/bookings.ts';
import { unitsToDays } from '../../server/calendar/capacity.ts';
import { weekStart } from '../../server/calendar/iso-week.ts';
import type { BookingRequest } from '../../server/bookings/booking-rules.ts';
import type { PageArgs } from '../../server/pagination.ts';
import type { GraphQLContext } from '../context.ts';
import { loadRequired } from '../loaders.ts';
import { toConnection } from '../connection.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { referencedPractitioner } from '../practitioner-field.ts';
import { seesWholeProfile } from '../../server/practitioners/practitioner-access.ts';

type Ctx = GraphQLContext;

export const bookingResolvers = {
  Query: {
    booking: (_: unknown, a: { id: string }) => bookings.getBooking(a.id),
    bookings: async (_: unknown, a: { filter?: bookings.BookingFilter } & PageArgs, ctx: Ctx) =>
      toConnection(await bookings.listBookings(ctx.viewer!, a.filter ?? {}, a)),
  },
  Mutation: {
    bookPractitioner: (_: unknown, a: { input: BookingRequest }, ctx: Ctx) => bookings.bookPractitioner(ctx.viewer!, a.input),
    cancelBooking: (_: unknown, a: { id: string; reason?: string | null }, ctx: Ctx) => bookings.cancelBooking(ctx.viewer!, a.id, a.reason ?? null),
    endBookingEarly: (_: unknown, a: { id: string; end: string; reason?: string | null }, ctx: Ctx) =>
      bookings.endBookingEarly(ctx.viewer!, a.id, a.end, a.reason ?? null),
    recallBooking: (_: unknown, a: { id: string; end: string; reason: string }, ctx: Ctx) => bookings.recallBooking(ctx.viewer!, a.id, a.end, a.reason),
  },
  Booking: {
    id: (b: BookingDoc) => String(b._id),
    practitioner: (b: BookingDoc, _: unknown, ctx: Ctx, info: GraphQLResolveInfo) => referencedPractitioner(b.practitionerId, ctx, info),
    project: (b: BookingDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.project, String(b.projectId), 'project'),
    slot: async (b: BookingDoc, _: unknown, ctx: Ctx) => {
      const project = await loadRequired(ctx.loaders.project, String(b.projectId), 'project');
      return bookings.findSlot(project, String(b.slotId), ['slotId']);
    },
    pool: (b: BookingDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.pool, b.poolId, 'pool'),
    homeCouncil: (b: BookingDoc, _: unknown, ctx: Ctx) => loadRequired(ctx.loaders.council, b.homeCouncilId, 'council'),
    hostCouncils: (b: BookingDoc, _: unknown, ctx: Ctx) => Promise.all(b.hostCouncilIds.map((g) => loadRequired(ctx.loaders.council, g, 'council'))),
    daysPerWeek: (b: BookingDoc) => unitsToDays(b.unitsPerWeek),
    status: (b: BookingDoc) => b.status as BookingStatus,
    statusHistory: (b: BookingDoc) => b.statusHistory ?? [],
    // A host council learns that a day will not be worked, not why (the person's leave and pattern are not theirs to read).
    daysAtRisk: async (b: BookingDoc, _: unknown, ctx: Ctx) => {
      const days = await ctx.loaders.bookingDaysAtRisk.load(b);
      return seesWholeProfile(ctx.viewer, { id: String(b.practitionerId), homeCouncilId: b.homeCouncilId }) ? days : days.map((d) => ({ ...d, reason: 'UNAVAILABLE' }));
    },
    weeks: async (b: BookingDoc, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.bookedWeeks.load(String(b._id))).map((w) => ({ week: w.week, weekStart: weekStart(w.week), days: unitsToDays(w.units) })),
  },
  BookingStatusChange: {
    by: (c: { byUserId?: string | null }, _: unknown, ctx: Ctx) => (c.byUserId ? ctx.loaders.user.load(c.byUserId) : null),
  },
};
