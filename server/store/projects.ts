// The projects collection (slots embedded). Reads are by _id or by an
// equality on the pool, a council of the consortium or the status; writes
// go through the guarded write. Similar projects read by service area and
// status, summary fields only.
import { Types, type UpdateQuery } from 'mongoose';
import { Project, type ProjectDoc, type SlotDoc } from '../../models/project.ts';
import type { PageArgs } from '../pagination.ts';
import { allOf, findByIds, findIn, findPage, onFerretDB, orderByIds } from './queries.ts';
import { writeIfUnchanged } from './guarded-write.ts';
import { changed } from './changes.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { coalesce } from './coalesce.ts';

export type { ProjectDoc, SlotDoc };

type Id = string | Types.ObjectId;
const valid = (ids: readonly Id[]) => ids.filter((id) => Types.ObjectId.isValid(String(id))).map((id) => (typeof id === 'string' ? new Types.ObjectId(id) : id));

export const findProject = (id: Id) => (Types.ObjectId.isValid(String(id)) ? Project.findById(id).lean<ProjectDoc>() : Promise.resolve(null));
/** findProject for read-only callers many of which ask at once (bookings in a busy hour): concurrent calls share a read (coalesce.ts). */
export const findProjectShared = coalesce(findProject, String);

export async function projectsByIds(ids: readonly string[]): Promise<(ProjectDoc | null)[]> {
  return orderByIds(await findByIds<ProjectDoc>(Project, valid(ids)), ids);
}

/** Many projects by id, in no order. */
export const projectsWithIds = (ids: readonly Id[], projection?: Record<string, 0 | 1>) => findByIds<ProjectDoc>(Project, valid(ids), projection);

export const projectsPage = (conditions: Record<string, unknown>[], page: PageArgs) => findPage<ProjectDoc>(Project, allOf(conditions), page);

export async function insertProject(p: Omit<ProjectDoc, '_id' | 'createdAt' | 'updatedAt'> & { _id?: Types.ObjectId }): Promise<ProjectDoc> {
  const doc = await insertUnlessTaken<ProjectDoc>(Project, { ...p });
  if (!doc) throw new Error('a new project met an existing _id');
  changed('projects');
  return doc;
}

/** Apply `update` to the project as read (and in the status read); false when it changed meanwhile. */
export async function updateProjectIfUnchanged(current: ProjectDoc, update: UpdateQuery<ProjectDoc>): Promise<boolean> {
  try {
    return await writeIfUnchanged(Project, current, update, { status: current.status });
  } finally {
    changed('projects');
  }
}

/** Whether any project exists (the demo loader refuses a database with data of its own). */
export const anyProject = async () => Boolean(await Project.exists({}));

/** A pool's projects in one of these statuses (the pool dashboard's demand), oldest first. */
export async function projectsOfPool(poolId: string, statuses: readonly string[]): Promise<Pick<ProjectDoc, '_id' | 'status' | 'slots'>[]> {
  // Only what demand reads: whole documents (history, text) cost most of the dashboard's time at 3,000 practitioners.
  const docs = await findIn<Pick<ProjectDoc, '_id' | 'status' | 'slots'>>(Project, 'status', statuses, { poolId }, { status: 1, slots: 1 });
  return docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

/** What similar projects and service-area activity read of a project: its summary and text, never its slots or history. */
export type ProjectSummaryDoc = Pick<ProjectDoc, '_id' | 'title' | 'outcome' | 'serviceArea' | 'phase' | 'status' | 'poolId' | 'leadCouncilId' | 'councilIds'>;
const SUMMARY: Record<string, 1> = { title: 1, outcome: 1, serviceArea: 1, phase: 1, status: 1, poolId: 1, leadCouncilId: 1, councilIds: 1 };

/** Summaries matching `where` in one of `statuses`, newest first, at most `cap`: one `$in` on MongoDB, one equality read per status on FerretDB (see queries.ts). */
async function summariesIn(where: Record<string, unknown>, statuses: readonly string[], cap: number): Promise<ProjectSummaryDoc[]> {
  if (!statuses.length) return [];
  const read = (status: unknown) =>
    Project.find({ ...where, status } as Record<string, unknown>, SUMMARY)
      .sort({ _id: -1 })
      .limit(cap)
      .lean<ProjectSummaryDoc[]>();
  if (!onFerretDB()) return read({ $in: [...statuses] });
  const parts = await Promise.all(statuses.map(read));
  return parts
    .flat()
    .sort((a, b) => String(b._id).localeCompare(String(a._id)))
    .slice(0, cap);
}

/** A service area's projects in these statuses (summary fields), newest first, at most `cap`: equality on the service area, index serviceArea, status, _id. */
export const projectsInServiceArea = (serviceArea: string, statuses: readonly string[], cap = 2000) => summariesIn({ serviceArea }, statuses, cap);

/** Every project in these statuses (summary fields), newest first, at most `cap`: service-area activity. */
export const projectsInStatuses = (statuses: readonly string[], cap = 10000) => summariesIn({}, statuses, cap);
