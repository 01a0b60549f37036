// Use-cases for "who else is building this": projects in any council and
// pool like one a requester is describing (or like an existing project), and
// per service area how many councils work in it (for a pool's leads).
//
// Who sees what (server/projects/project-access.ts): a candidate is ranked
// only if the viewer may see it at least in summary (approved or later, or
// one they may read whole), so another council's draft never shapes an
// answer. Its outcome text is used for ranking but never returned: a match
// carries its summary, and its id only when the viewer may read it whole.
import type { Viewer } from '../auth/viewer.ts';
import { canReadProject, canSeeProjectSummary, SUMMARY_VISIBLE_STATUSES } from '../projects/project-access.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../projects/project-status.ts';
import {
  checkFirst,
  checkSimilarInput,
  rankSimilar,
  serviceAreaActivity,
  type SimilarInput,
  type SimilarQuery,
} from '../projects/similar-projects.ts';
import { projectsInServiceArea, projectsInStatuses, type ProjectDoc, type ProjectSummaryDoc } from '../store/projects.ts';
import { getPool } from './pools.ts';

/** Most candidates read for one answer: the newest of the service area. */
const CANDIDATE_CAP = 2000;

/** A cancelled project is nobody's work any more; not worth joining. */
const CANDIDATE_STATUSES: readonly ProjectStatus[] = PROJECT_STATUSES.filter((s) => s !== 'CANCELLED');

export interface SimilarProject {
  /** Only when the viewer may read the project whole (a link to it); null otherwise. */
  projectId: string | null;
  title: string;
  serviceArea: string;
  phase: string;
  status: ProjectStatus;
  poolId: string;
  leadCouncilId: string;
  councilIds: string[];
  score: number;
  wordsInCommon: string[];
}

function summaryOf(viewer: Viewer, p: ProjectSummaryDoc, score: number, wordsInCommon: string[]): SimilarProject {
  return {
    projectId: canReadProject(viewer, p) ? String(p._id) : null,
    title: p.title,
    serviceArea: p.serviceArea,
    phase: p.phase,
    status: p.status,
    poolId: p.poolId,
    leadCouncilId: p.leadCouncilId,
    councilIds: [...p.councilIds],
    score,
    wordsInCommon,
  };
}

async function rankFor(viewer: Viewer, query: SimilarQuery, first: number): Promise<SimilarProject[]> {
  // A practitioner reads nothing before approval, so reading earlier statuses for them is waste.
  const statuses = viewer.role === 'PRACTITIONER' ? SUMMARY_VISIBLE_STATUSES : CANDIDATE_STATUSES;
  const docs = await projectsInServiceArea(query.serviceArea, statuses, CANDIDATE_CAP);
  const candidates = docs.filter((p) => canSeeProjectSummary(viewer, p)).map((p) => ({ ...p, id: String(p._id) }));
  return rankSimilar(query, candidates, { limit: first }).map((m) => summaryOf(viewer, m.candidate, m.score, m.wordsInCommon));
}

/** Projects like one being described (not yet saved, or `excludeProjectId` when it is), best first. */
export async function similarProjects(viewer: Viewer, input: SimilarInput, first: number): Promise<SimilarProject[]> {
  const query = checkSimilarInput(input);
  return rankFor(viewer, query, checkFirst(first));
}

/** Projects like this one (never itself), best first. */
export async function similarToProject(viewer: Viewer, project: ProjectDoc, first: number): Promise<SimilarProject[]> {
  const n = checkFirst(first);
  const query = { serviceArea: project.serviceArea, phase: project.phase, title: project.title, outcome: project.outcome, excludeId: String(project._id) };
  return rankFor(viewer, query, n);
}

export interface AreaActivity {
  serviceArea: string;
  councilIds: string[];
  councilCount: number;
  projectCount: number;
  poolCouncilCount: number;
  poolProjectCount: number;
}

export interface ActivityAnswer {
  poolId: string;
  statuses: readonly ProjectStatus[];
  areas: AreaActivity[];
}

/**
 * Per service area, how many councils (and projects) are working on it:
 * across every pool, since the point is to find councils to join wherever
 * they are, with the pool's own share beside it. Counts only projects any
 * signed-in user may see in summary (approved or later), so the figures
 * tell nobody about another council's drafts.
 */
export async function serviceAreaActivityOf(poolId: string): Promise<ActivityAnswer> {
  await getPool(poolId, ['poolId']);
  const docs = await projectsInStatuses(SUMMARY_VISIBLE_STATUSES);
  const inPool = new Map(serviceAreaActivity(docs.filter((p) => p.poolId === poolId)).map((a) => [a.serviceArea, a]));
  const areas = serviceAreaActivity(docs).map((a) => ({
    ...a,
    poolCouncilCount: inPool.get(a.serviceArea)?.councilCount ?? 0,
    poolProjectCount: inPool.get(a.serviceArea)?.projectCount ?? 0,
  }));
  return { poolId, statuses: SUMMARY_VISIBLE_STATUSES, areas };
}
