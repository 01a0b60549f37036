// Who stands where towards a practitioner, and what that lets them do. Pure:
// a viewer, the practitioner's scope and (for leads) a few loaded facts in,
// an answer out. The permission table (graphql/practitioner-permissions.ts)
// and the services both ask here, so the two cannot drift apart.
import type { Viewer } from '../auth/viewer.ts';
import type { PractitionerInput } from './practitioner-input.ts';

export type PractitionerRole = 'ADMIN' | 'SELF' | 'HOME_REQUESTER' | 'POOL_LEAD' | 'NONE';

export interface PractitionerScope {
  id: string;
  homeCouncilId: string;
}

/** What a programme lead's standing depends on: their pool's footprint and the pools the practitioner has contracts with. */
export interface LeadFacts {
  footprint: readonly string[];
  contractPoolIds: readonly string[];
}

/** True when the lead's pool covers the practitioner (home council in its footprint, or a contract of any status with it). */
export function poolCovers(poolId: string, p: Pick<PractitionerScope, 'homeCouncilId'>, facts: LeadFacts): boolean {
  return facts.footprint.includes(p.homeCouncilId) || facts.contractPoolIds.includes(poolId);
}

/**
 * How the viewer stands towards the practitioner. `lead` is needed only to
 * tell a covering pool's lead from any other; without it a lead is NONE.
 */
export function practitionerRole(viewer: Viewer | null, p: PractitionerScope, lead?: LeadFacts | null): PractitionerRole {
  if (!viewer) return 'NONE';
  switch (viewer.role) {
    case 'ADMIN':
      return 'ADMIN';
    case 'PRACTITIONER':
      return viewer.practitionerId !== null && viewer.practitionerId === p.id ? 'SELF' : 'NONE';
    case 'COUNCIL_REQUESTER':
      return viewer.councilId !== null && viewer.councilId === p.homeCouncilId ? 'HOME_REQUESTER' : 'NONE';
    case 'PROGRAMME_LEAD':
      return viewer.poolId !== null && lead && poolCovers(viewer.poolId, p, lead) ? 'POOL_LEAD' : 'NONE';
    default:
      return 'NONE';
  }
}

export const canReadPractitioner = (role: PractitionerRole) => role !== 'NONE';

/**
 * What a host council (or anyone else who reaches a person only through a
 * placement: a booking, an agreement) sees of them: who they are and how to
 * reach them at work. Their skills, leave, working pattern, preferences,
 * region, contracts and capacity are for those who may read the whole
 * profile (canReadPractitioner): the person, their home council, the pools
 * covering them and admins.
 */
export const PLACEMENT_VIEW = ['id', 'name', 'email', 'homeCouncil', 'roleLevel', 'role'] as const;

/**
 * True when the viewer may read the whole profile. A lead reaches people only
 * through their own pool's contracts, bookings, agreements and search, each
 * of which means the pool covers them, so a lead needs no lookup here.
 */
export function seesWholeProfile(viewer: Viewer | null, p: PractitionerScope): boolean {
  if (viewer?.role === 'PROGRAMME_LEAD') return true;
  return canReadPractitioner(practitionerRole(viewer, p));
}
export const canEditPractitioner = (role: PractitionerRole) => role === 'ADMIN' || role === 'SELF' || role === 'HOME_REQUESTER';
/** Leave is the person's own business (and an admin's, to fix mistakes). */
export const canManageLeave = (role: PractitionerRole) => role === 'ADMIN' || role === 'SELF';
/** Leave notes can be personal: only the person, their employer and admins see them. */
export const canSeeLeaveNotes = (role: PractitionerRole) => role === 'ADMIN' || role === 'SELF' || role === 'HOME_REQUESTER';

/**
 * Fields an editor may not change. The home council is where someone is
 * employed: moving them changes which requester and pools see them, so only
 * an admin does it. The role level is the employer's grading, so a
 * practitioner keeps their own skills and availability but not their grade.
 */
export function lockedFields(role: PractitionerRole): (keyof PractitionerInput)[] {
  switch (role) {
    case 'ADMIN':
      return [];
    case 'HOME_REQUESTER':
      return ['homeCouncilId'];
    default:
      return ['homeCouncilId', 'roleLevelId'];
  }
}

/**
 * Who may add a practitioner with this home council: an admin, the council's
 * requester, or a lead whose pool's footprint includes it (`leadFootprint`,
 * the lead's pool's footprint, or null when not known).
 */
export function canCreatePractitioner(viewer: Viewer | null, homeCouncilId: string, leadFootprint: readonly string[] | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (viewer.role === 'COUNCIL_REQUESTER') return viewer.councilId === homeCouncilId;
  if (viewer.role === 'PROGRAMME_LEAD') return leadFootprint !== null && leadFootprint.includes(homeCouncilId);
  return false;
}
