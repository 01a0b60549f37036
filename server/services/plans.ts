// Use-cases for saved plans: save a proposal as a named draft, read and list a
// pool's plans, compare two ("what if we add this project?"), and commit one
// as bookings, all or none.
//
// Commit, in order, so that nothing half-done survives a refusal:
//   1. refuse a plan that is committed, or whose released bookings are live;
//   2. claim the plan under a unique key (models/plan-commit.ts): a second
//      commit, racing or later, fails there, not after booking twice;
//   3. book each new assignment through bookPractitioner, the one way into a
//      booking (its checks, capacity claims and audit included);
//   4. if one fails: cancel the bookings this commit made (compensation, no
//      transactions on FerretDB), release the claim, and answer with the
//      failing assignment and its reason; the plan stays a DRAFT;
//   5. else mark the plan COMMITTED with its bookings.
import { anyOf } from '../store/queries.ts';
import type { Types } from 'mongoose';
import type { PlanAssignmentDoc, PlanDoc, PlanStatus } from '../../models/plan.ts';
import { abandonPlanCommit, findPlan, finishPlanCommit, insertPlan, notePlanCommitBooking, plansPage, setPlanFields, startPlanCommit } from '../store/plans.ts';
import { liveBookingIds } from '../store/bookings.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badInput, conflict, DomainError, type FieldPath } from '../errors.ts';
import type { PageArgs } from '../pagination.ts';
import { comparePlans as compare, type PlanComparison } from '../planning/plan-compare.ts';
import { bookPractitioner, cancelBooking } from './bookings.ts';
import { recordAudit } from './audit.ts';
import { requireById } from './batch.ts';
import { now } from '../clock.ts';

const MAX_NAME = 120;

/** A plan as computed: a PlanDoc not (yet) saved has no id, name or status. */
export type PlanRecord = Omit<PlanDoc, '_id' | 'name' | 'status' | 'createdAt' | 'updatedAt'> & {
  _id: Types.ObjectId | null;
  name: string | null;
  status: PlanStatus | null;
  createdAt: Date | null;
  updatedAt: Date | null;
};

export function checkPlanName(name: string, field: FieldPath): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput(field, 'must not be empty');
  if (trimmed.length > MAX_NAME) throw badInput(field, `must be at most ${MAX_NAME} characters`);
  return trimmed;
}

export async function savePlan(viewer: Viewer, record: PlanRecord, name: string): Promise<PlanDoc> {
  const { _id: _unsaved, createdAt: _c, updatedAt: _u, ...fields } = record;
  const doc = await insertPlan({ ...fields, name: checkPlanName(name, ['save', 'name']), status: 'DRAFT' } as Omit<PlanDoc, '_id' | 'createdAt' | 'updatedAt'>);
  if (!doc) throw new DomainError('CONFLICT', `The pool already has a plan named "${name.trim()}"; choose another name`, ['save', 'name']);
  await recordAudit({ actor: viewer, action: 'plan.save', entityType: 'Plan', entityId: String(doc._id), poolId: doc.poolId, after: { name: doc.name, kind: doc.kind, objective: doc.objective } });
  return doc;
}

export async function getPlan(id: string, field: FieldPath = ['id'], find: (id: string) => Promise<PlanDoc | null> = findPlan): Promise<PlanDoc> {
  return requireById(id, field, 'Plan', 'plan', find);
}

export { plansByIds } from '../store/plans.ts';

/** A pool's plans, oldest first, cursor-paginated (permission: the pool's leads and admins). */
export async function listPlans(poolId: string, filter: { statuses?: PlanStatus[] | null } = {}, page: PageArgs = {}) {
  const query: Record<string, unknown> = { poolId, ...(filter.statuses?.length ? anyOf('status', filter.statuses) : {}) };
  return plansPage(query, page);
}

export interface PlanChangeSet extends PlanComparison<PlanAssignmentView> {
  a: PlanDoc;
  b: PlanDoc;
}

/** An assignment with its ids as strings, for comparing. */
export type PlanAssignmentView = Omit<PlanAssignmentDoc, 'slotId' | 'practitionerId'> & { slotId: string; practitionerId: string };

const asView = (a: PlanAssignmentDoc): PlanAssignmentView => ({ ...a, slotId: String(a.slotId), practitionerId: String(a.practitionerId) });

export function comparePlanDocs(a: PlanDoc, b: PlanDoc): PlanChangeSet {
  const side = (p: PlanDoc) => ({ objective: p.objective, assignments: p.assignments.map(asView), unfilled: p.unfilled.map((u) => ({ slotId: String(u.slotId), missing: u.missing })) });
  return { a, b, ...compare(side(a), side(b)) };
}

// ---- commit ---------------------------------------------------------------------

/** Why a commit was refused, for the client: the assignment that could not be booked and what was undone. */
function commitFailure(plan: PlanDoc, a: PlanAssignmentDoc, index: number, err: DomainError, undone: number, notUndone: string[]): DomainError {
  const who = `practitioner ${String(a.practitionerId)} on slot ${String(a.slotId)} (${a.start} to ${a.end}, ${a.daysPerWeek} days a week)`;
  return new DomainError(
    err.code,
    `Plan "${plan.name}" was not committed: booking ${who} failed: ${err.message}. ` +
      (undone ? `The ${undone} booking(s) this commit had made were cancelled.` : 'No booking had been made.'),
    ['id'],
    {
      assignment: { index, slotId: String(a.slotId), projectId: String(a.projectId), practitionerId: String(a.practitionerId), start: a.start, end: a.end, daysPerWeek: a.daysPerWeek },
      reason: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...(err.details ? { details: err.details } : {}) },
      undoneBookings: undone,
      ...(notUndone.length ? { bookingsNotUndone: notUndone } : {}),
    },
  );
}

// Bookings made side by side by one commit: enough to overlap their round trips, few enough to leave the database room.
const COMMIT_CONCURRENCY = 3;

export async function commitPlan(viewer: Viewer, id: string): Promise<PlanDoc> {
  const plan = await getPlan(id);
  if (plan.status === 'COMMITTED') throw conflict(`Plan "${plan.name}" is already committed`);
  if (plan.releasedBookingIds.length) {
    const live = await liveBookingIds(plan.releasedBookingIds);
    if (live.length) {
      throw conflict(`Plan "${plan.name}" was made without keeping ${live.length} existing booking(s) and gives their time to others: cancel or end them first`, {
        bookingIds: live.map(String),
      });
    }
  }
  const at = now();
  if (!(await startPlanCommit(plan._id, viewer.userId, at))) throw conflict(`Plan "${plan.name}" is already committed, or being committed`);

  const made: Types.ObjectId[] = [];
  const bookingIds: (Types.ObjectId | null)[] = plan.assignments.map((a) => a.bookingId);
  // A few bookings at a time (each waits on the database, not on this process). The first
  // failure stops new ones; once those under way have finished, everything made is undone.
  const todo = [...plan.assignments.entries()].filter(([, a]) => !a.fixed);
  const failures: { i: number; err: unknown }[] = [];
  // One process holds the commit key: its notes go one after another, so none is lost to another.
  let notes = Promise.resolve();
  const worker = async () => {
    for (let next = todo.shift(); next && !failures.length; next = todo.shift()) {
      const [i, a] = next;
      try {
        const b = await bookPractitioner(
          viewer,
          { practitionerId: String(a.practitionerId), projectId: String(a.projectId), slotId: String(a.slotId), start: a.start, end: a.end, daysPerWeek: a.daysPerWeek },
          { now: at, path: ['assignments', i] },
        );
        made.push(b._id);
        bookingIds[i] = b._id;
        notes = notes.then(() => notePlanCommitBooking(plan._id, b._id));
        await notes;
      } catch (err) {
        failures.push({ i, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COMMIT_CONCURRENCY, todo.length) }, worker));
  if (failures.length) {
    // The first in the plan's order is the one reported.
    const { i, err } = failures.reduce((x, y) => (y.i < x.i ? y : x));
    const notUndone = await undo(viewer, plan, made);
    if (!(err instanceof DomainError)) throw err;
    throw commitFailure(plan, plan.assignments[i]!, i, err, made.length - notUndone.length, notUndone);
  }

  const assignments = plan.assignments.map((a, i) => ({ ...a, bookingId: bookingIds[i] ?? null }));
  await setPlanFields(plan._id, { status: 'COMMITTED', assignments, committedBy: viewer.userId, committedAt: at });
  await finishPlanCommit(plan._id);
  await recordAudit({ actor: viewer, action: 'plan.commit', entityType: 'Plan', entityId: String(plan._id), poolId: plan.poolId, after: { bookingIds: made.map(String) }, at });
  return { ...plan, status: 'COMMITTED', assignments, committedBy: viewer.userId, committedAt: at };
}

/** Cancel what this commit booked and free the plan again; returns the bookings that could not be cancelled. */
async function undo(viewer: Viewer, plan: PlanDoc, made: readonly Types.ObjectId[]): Promise<string[]> {
  const failed: string[] = [];
  for (const b of [...made].reverse()) {
    try {
      await cancelBooking(viewer, String(b), `Plan "${plan.name}" could not be committed: undone`);
    } catch {
      failed.push(String(b));
    }
  }
  // Only with every booking undone may the plan be committed again.
  if (!failed.length) await abandonPlanCommit(plan._id);
  return failed;
}

/** Two saved plans and what changes from the first to the second. */
export async function comparePlans(aId: string, bId: string, find?: (id: string) => Promise<PlanDoc | null>): Promise<PlanChangeSet> {
  const [a, b] = await Promise.all([getPlan(aId, ['a'], find), getPlan(bId, ['b'], find)]);
  return comparePlanDocs(a, b);
}
