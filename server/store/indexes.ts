// Every collection's indexes, created before the service serves: unique keys
// hold the invariants (README, Design: database rules), so none may be missing. On FerretDB over
// PostgreSQL, also the GIN indexes its equality filters use
// (server/db-equality-indexes.ts).
import mongoose from 'mongoose';
import { allModels } from '../../models/index.ts';
import { addEqualityIndexes } from '../db-equality-indexes.ts';

export async function ensureIndexes(postgresUrl?: string): Promise<void> {
  for (const model of allModels) await model.createIndexes();
  // The database the connection really uses (an earlier connect in this process may have fixed it).
  if (postgresUrl) await addEqualityIndexes(postgresUrl, mongoose.connection.name, allModels);
}
