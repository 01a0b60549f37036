// Who stands where towards a project, and who may read it. Pure: a viewer
// and a project's scope in, an answer out. The permission table
// (graphql/permission-rules.ts) and the project service both ask here, so
// the two cannot drift apart.
import type { Viewer } from '../auth/viewer.ts';
import { mayEdit, nextStatusesFor, type ProjectRole, type ProjectStatus } from './project-status.ts';

export interface ProjectScope {
  poolId: string;
  leadCouncilId: string;
  councilIds: readonly string[];
  status: ProjectStatus;
}

/**
 * Practitioners see projects once a lead has approved them (so they can see
 * what is coming and what they might be asked to join), in any pool: the
 * pool is a marketplace, and a draft is the council's business until then.
 * A project cancelled at any point is no longer shown to them.
 */
export const PRACTITIONER_VISIBLE_STATUSES: readonly ProjectStatus[] = ['APPROVED', 'STAFFING', 'STAFFED', 'ACTIVE', 'CLOSED'];

/**
 * What anyone signed in may see of a project in summary (title, service
 * area, phase, status, councils, pool), so councils find others working on
 * the same problem: the same statuses a practitioner sees whole. Another
 * council's draft, or a project waiting for the pool's approval, stays theirs.
 */
export const SUMMARY_VISIBLE_STATUSES: readonly ProjectStatus[] = PRACTITIONER_VISIBLE_STATUSES;

export function projectRole(viewer: Viewer | null, p: Pick<ProjectScope, 'poolId' | 'leadCouncilId' | 'councilIds'>): ProjectRole {
  if (!viewer) return 'NONE';
  switch (viewer.role) {
    case 'ADMIN':
      return 'ADMIN';
    case 'PROGRAMME_LEAD':
      return viewer.poolId !== null && viewer.poolId === p.poolId ? 'POOL_LEAD' : 'NONE';
    case 'COUNCIL_REQUESTER':
      if (viewer.councilId === null) return 'NONE';
      if (viewer.councilId === p.leadCouncilId) return 'LEAD_COUNCIL_REQUESTER';
      return p.councilIds.includes(viewer.councilId) ? 'CONSORTIUM_REQUESTER' : 'NONE';
    case 'PRACTITIONER':
      return 'PRACTITIONER';
    default:
      return 'NONE';
  }
}

export function canReadProject(viewer: Viewer | null, p: ProjectScope): boolean {
  const role = projectRole(viewer, p);
  if (role === 'PRACTITIONER') return PRACTITIONER_VISIBLE_STATUSES.includes(p.status);
  return role !== 'NONE';
}

/** Whether the viewer (signed in) may see the project at least in summary: approved or later, or one they may read whole. */
export function canSeeProjectSummary(viewer: Viewer | null, p: ProjectScope): boolean {
  if (!viewer) return false;
  return SUMMARY_VISIBLE_STATUSES.includes(p.status) || canReadProject(viewer, p);
}

/** Anyone who may ever change the project's status or edit it (the rest is decided per status). */
export function canActOnProject(viewer: Viewer | null, p: ProjectScope): boolean {
  const role = projectRole(viewer, p);
  return role === 'ADMIN' || role === 'POOL_LEAD' || role === 'LEAD_COUNCIL_REQUESTER';
}

/** What the viewer may do to the project now, for clients to show the right buttons. */
export function viewerCapabilities(viewer: Viewer | null, p: ProjectScope) {
  const role = projectRole(viewer, p);
  return { role, nextStatuses: nextStatusesFor(p.status, role), canEdit: mayEdit(p.status, role) };
}
