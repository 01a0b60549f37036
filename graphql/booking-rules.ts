// Permission rules about one booking, for the table in permission-rules.ts.
// Like project-rules.ts: a booking that does not exist passes, so the
// service answers NOT_FOUND to everyone alike.
import { canCancelBooking, canEndBookingEarly, canReadBooking, canRecallBooking, type BookingScope } from '../server/bookings/booking-access.ts';
import type { Viewer } from '../server/auth/viewer.ts';
import type { Rule } from './permissions.ts';

const bookingRule =
  (allows: (v: Viewer, b: BookingScope) => boolean): Rule =>
  async (ctx, args) => {
    const id = args.id;
    if (typeof id !== 'string') return true;
    const b = await ctx.loaders.booking.load(id);
    return b === null || allows(ctx.viewer, { ...b, practitionerId: String(b.practitionerId) });
  };

export const readerOfBooking = bookingRule(canReadBooking);
export const cancellerOfBooking = bookingRule(canCancelBooking);
export const enderOfBooking = bookingRule(canEndBookingEarly);
export const recallerOfBooking = bookingRule(canRecallBooking);

