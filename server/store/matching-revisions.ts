// The matching_revisions collection (models/matching-revision.ts): each
// process's recent changes, published for the others' matching caches.
import { MatchingRevision, type MatchingRevisionDoc, type RevisionChangeDoc } from '../../models/matching-revision.ts';
import { findIn } from './queries.ts';
import { retryWhenBusy } from './busy.ts';

export type RevisionChange = RevisionChangeDoc;

/** Every process's document (a few: two per running process). */
export const readRevisions = () => MatchingRevision.find({}).lean<MatchingRevisionDoc[]>();

export async function announceChanges(changes: { id: string; seq: number; recent: RevisionChange[] }[]): Promise<void> {
  const at = new Date();
  await Promise.all(changes.map((c) => retryWhenBusy(() => MatchingRevision.updateOne({ _id: c.id }, { $set: { seq: c.seq, recent: c.recent, at } }, { upsert: true }).exec())));
}

export async function deleteOldRevisions(before: Date): Promise<void> {
  const old = (await readRevisions()).filter((d) => d.at < before).map((d) => d._id);
  await Promise.all(old.map((id) => MatchingRevision.deleteOne({ _id: id })));
}

export async function deleteRevisionsOf(ids: readonly string[]): Promise<void> {
  const mine = await findIn<{ _id: string }>(MatchingRevision, '_id', ids, {}, { _id: 1 });
  await Promise.all(mine.map((d) => MatchingRevision.deleteOne({ _id: d._id })));
}
