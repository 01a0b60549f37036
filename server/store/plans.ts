// The plans collection and plan_commits (one per plan under a unique key:
// a plan is committed once, however many requests race).
import { Types } from 'mongoose';
import { Plan, type PlanDoc } from '../../models/plan.ts';
import { PlanCommit } from '../../models/plan-commit.ts';
import type { PageArgs } from '../pagination.ts';
import { findByIds, findPage, orderByIds } from './queries.ts';
import { insertUnlessTaken } from './duplicate-key.ts';
import { retryWhenBusy } from './busy.ts';
import { changed } from './changes.ts';

export type { PlanDoc };

export const findPlan = (id: string) => (Types.ObjectId.isValid(id) ? Plan.findById(id).lean<PlanDoc>() : Promise.resolve(null));

export async function plansByIds(ids: readonly string[]): Promise<(PlanDoc | null)[]> {
  return orderByIds(await findByIds<PlanDoc>(Plan, ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id))), ids);
}

export const plansPage = (filter: Record<string, unknown>, page: PageArgs) => findPage<PlanDoc>(Plan, filter, page);

/** A new draft plan; null when the pool already has a plan of that name (unique key). */
export async function insertPlan(p: Omit<PlanDoc, '_id' | 'createdAt' | 'updatedAt'>): Promise<PlanDoc | null> {
  const doc = await insertUnlessTaken<PlanDoc>(Plan, p);
  if (doc) changed('plans');
  return doc;
}

export async function setPlanFields(id: Types.ObjectId, set: Partial<PlanDoc>): Promise<void> {
  await retryWhenBusy(() => Plan.updateOne({ _id: id }, { $set: set }).exec());
  changed('plans');
}

/** Take the plan's commit key; false when it is committed, or being committed, already. */
export async function startPlanCommit(planId: Types.ObjectId, byUserId: string, startedAt: Date): Promise<boolean> {
  return (await insertUnlessTaken(PlanCommit, { _id: planId, status: 'COMMITTING', bookingIds: [], byUserId, startedAt })) !== null;
}

/** Note a booking the commit made, so a crash leaves the list for manual undo. */
export const notePlanCommitBooking = (planId: Types.ObjectId, bookingId: Types.ObjectId) => retryWhenBusy(() => PlanCommit.updateOne({ _id: planId }, { $push: { bookingIds: bookingId } }).exec()).then(() => undefined);

export const finishPlanCommit = (planId: Types.ObjectId) => retryWhenBusy(() => PlanCommit.updateOne({ _id: planId }, { $set: { status: 'COMMITTED' } }).exec()).then(() => undefined);

/** Give the commit key back (every booking it made was undone). */
export const abandonPlanCommit = (planId: Types.ObjectId) => retryWhenBusy(() => PlanCommit.deleteOne({ _id: planId }).exec()).then(() => undefined);
