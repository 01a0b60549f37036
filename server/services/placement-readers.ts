// Who may read a placement (a booking, or the agreement that covers it), as a
// database filter with one equality: admins; the pool's leads; requesters of
// the home council or a host council (partyCouncilIds); the practitioner. The same policy as
// server/bookings/booking-access.ts canReadBooking.
import { Types } from 'mongoose';
import type { Viewer } from '../auth/viewer.ts';

export function placementReadersFilter(v: Viewer): Record<string, unknown> {
  switch (v.role) {
    case 'ADMIN':
      return {};
    case 'PROGRAMME_LEAD':
      return { poolId: v.poolId };
    case 'COUNCIL_REQUESTER':
      return { partyCouncilIds: v.councilId };
    case 'PRACTITIONER':
      return v.practitionerId ? { practitionerId: new Types.ObjectId(v.practitionerId) } : { _id: null };
    default:
      return { _id: null };
  }
}
