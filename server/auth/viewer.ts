// Who is asking: the signed-in user's role and scope, as plain data that
// permission rules and services can reason about.
import type { UserRole } from '../../models/user.ts';

export interface Viewer {
  userId: string;
  role: UserRole;
  name: string;
  /** COUNCIL_REQUESTER: the council they act for. */
  councilId: string | null;
  /** PROGRAMME_LEAD: the pool they act for. */
  poolId: string | null;
  /** PRACTITIONER: their practitioner record. */
  practitionerId: string | null;
}
