// Who may see and act on a booking. Pure: the permission table
// (graphql/booking-rules.ts) and the list scope in services/bookings.ts both
// follow it.
import type { Viewer } from '../auth/viewer.ts';

export interface BookingScope {
  poolId: string;
  homeCouncilId: string;
  hostCouncilIds: readonly string[];
  practitionerId: string;
}

export function canReadBooking(v: Viewer | null, b: BookingScope): boolean {
  if (!v) return false;
  switch (v.role) {
    case 'ADMIN':
      return true;
    case 'PROGRAMME_LEAD':
      return v.poolId === b.poolId;
    case 'COUNCIL_REQUESTER':
      return v.councilId !== null && (v.councilId === b.homeCouncilId || b.hostCouncilIds.includes(v.councilId));
    case 'PRACTITIONER':
      return v.practitionerId === b.practitionerId;
    default:
      return false;
  }
}

/** The pool's lead manages bookings (cancel); the host can end a placement early; the home council recalls. */
export const canCancelBooking = (v: Viewer, b: BookingScope) => v.role === 'ADMIN' || (v.role === 'PROGRAMME_LEAD' && v.poolId === b.poolId);
export const canEndBookingEarly = (v: Viewer, b: BookingScope) =>
  canCancelBooking(v, b) || (v.role === 'COUNCIL_REQUESTER' && v.councilId !== null && b.hostCouncilIds.includes(v.councilId));
export const canRecallBooking = (v: Viewer, b: BookingScope) =>
  v.role === 'ADMIN' || (v.role === 'COUNCIL_REQUESTER' && v.councilId === b.homeCouncilId);
