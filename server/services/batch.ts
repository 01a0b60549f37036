// Loading one document by a client-given id, answering BAD_USER_INPUT or
// NOT_FOUND the same way everywhere. (Batch loads live in server/store/queries.ts.)
import { badInput, notFound, type FieldPath } from '../errors.ts';
import { OBJECT_ID } from '../ids.ts';

/**
 * A document by a client-given id: BAD_USER_INPUT for an id that is not an
 * ObjectId, NOT_FOUND for one that matches nothing.
 */
export async function requireById<T>(id: string, field: FieldPath, what: string, idLabel: string, find: (id: string) => Promise<T | null>): Promise<T> {
  if (!OBJECT_ID.test(id)) throw badInput(field, `is not a ${idLabel} id`);
  const doc = await find(id);
  if (!doc) throw notFound(what, id, field);
  return doc;
}
