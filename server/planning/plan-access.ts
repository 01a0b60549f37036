// Who may rank candidates, ask why someone is not a candidate, and make,
// read or commit plans. Pure: the permission table (graphql/matching-rules.ts)
// asks here.
import type { Viewer } from '../auth/viewer.ts';
import { projectRole, type ProjectScope } from '../projects/project-access.ts';

type ProjectRef = Pick<ProjectScope, 'poolId' | 'leadCouncilId' | 'councilIds'>;

/** Plans are the pool's business: its programme leads, and admins. */
export function canManagePlans(viewer: Viewer, poolId: string): boolean {
  return viewer.role === 'ADMIN' || (viewer.role === 'PROGRAMME_LEAD' && viewer.poolId === poolId);
}

/** Candidate lists: the pool's leads, admins, and requesters of the project's councils (for their own projects). */
export function canRankFor(viewer: Viewer, project: ProjectRef): boolean {
  const role = projectRole(viewer, project);
  return role === 'ADMIN' || role === 'POOL_LEAD' || role === 'LEAD_COUNCIL_REQUESTER' || role === 'CONSORTIUM_REQUESTER';
}

/**
 * "Why not this person?" tells skills and capacity week by week, so it is
 * asked only about someone the viewer may read anyway (a requester: their own
 * council's practitioners; a lead: those their pool covers), for a slot they
 * may rank.
 */
export function canAskWhyNot(viewer: Viewer, project: ProjectRef, mayReadPractitioner: boolean): boolean {
  return canRankFor(viewer, project) && mayReadPractitioner;
}
