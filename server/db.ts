// The database connection. One mongoose connection per process; the driver
// reconnects by itself when the server goes away and comes back, so the
// service keeps running and /readyz tells whether the database answers.
import mongoose from 'mongoose';
import type { Logger } from './logger.ts';
import { ensureIndexes } from './store/indexes.ts';
import { detectServer } from './store/queries.ts';
import { forgetReferenceCopies } from './store/reference-copy.ts';
import { ensureSearchEntries } from './store/practitioners.ts';
import { contractPoolsByPractitioner } from './store/central-contracts.ts';

export interface DbOptions {
  uri: string;
  dbName: string;
  serverSelectionTimeoutMS: number;
  logger: Logger;
  /** The PostgreSQL database behind a FerretDB, when known (server/db-equality-indexes.ts). */
  postgresUrl?: string;
}

let listenersAttached = false;
let closing = false;

export async function connectDatabase(opts: DbOptions): Promise<typeof mongoose> {
  const log = opts.logger.child({ component: 'db' });
  if (!listenersAttached) {
    listenersAttached = true;
    mongoose.connection.on('disconnected', () => {
      if (!closing) log.warn('database disconnected; the driver will keep retrying');
    });
    mongoose.connection.on('reconnected', () => log.info('database reconnected'));
    mongoose.connection.on('error', (err: Error) => log.error({ err: err.message }, 'database error'));
  }
  closing = false;
  mongoose.set('strictQuery', true);
  await mongoose.connect(opts.uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS,
    // Fail fast while the database is away instead of queueing requests in memory.
    bufferCommands: false,
    autoIndex: false,
    heartbeatFrequencyMS: 2000,
    // Lets the matching cache see every write this process makes (services/matching-snapshot.ts).
    monitorCommands: true,
  });
  await ensureIndexes(opts.postgresUrl);
  forgetReferenceCopies();
  await detectServer(mongoose.connection.db!);
  // Derived documents a crash or an older version may have left without (models/practitioner-search.ts).
  const made = await ensureSearchEntries(contractPoolsByPractitioner);
  if (made) log.info({ made }, 'practitioner search entries made');
  log.info({ dbName: opts.dbName }, 'database connected');
  return mongoose;
}

/**
 * Known to be away: the driver's heartbeat (every 2 s) has lost the server,
 * so a request would only wait out the server selection timeout. Requests
 * then answer SERVICE_UNAVAILABLE at once (graphql/context.ts).
 */
export const databaseKnownDown = () => mongoose.connection.readyState !== 1;

/** True when the database answers a ping within the timeout. */
export async function databaseReady(timeoutMs = 1500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export async function disconnectDatabase(): Promise<void> {
  closing = true;
  await mongoose.disconnect();
}
