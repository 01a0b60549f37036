// Entry point for running against a database you already have (MONGODB_URI).
// `npm start` (scripts/start.ts) wraps this with the embedded FerretDB.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectDatabase, disconnectDatabase } from './db.ts';
import { createService } from './app.ts';
import { startReconciler } from './reconciler.ts';
import { startNotifier } from './notifier.ts';
import { setFixedNow } from './clock.ts';
import { setClaimDeadline } from './services/bookings.ts';
import { startMatchingCache } from './services/matching-snapshot.ts';
import { stopHighsSolver } from './services/highs.ts';

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Connect, serve, and return a stop() that drains HTTP and closes the database. */
export async function startService(
  config: Config,
  logger: Logger,
  uri: string,
  beforeListen: () => Promise<void> = async () => {},
): Promise<Running> {
  setFixedNow(config.FIXED_NOW);
  setClaimDeadline(config.RECONCILE_STALE_MS);
  await connectDatabase({ uri, dbName: config.DB_NAME, serverSelectionTimeoutMS: config.DB_SERVER_SELECTION_TIMEOUT_MS, logger, postgresUrl: config.FERRETDB_POSTGRESQL_URL });
  // Before anything writes, so the matching cache sees every write.
  const matchingCache = startMatchingCache(logger);
  await beforeListen();
  const reconciler = startReconciler({ intervalMs: config.RECONCILE_INTERVAL_MS, staleMs: config.RECONCILE_STALE_MS, logger });
  const notifier = await startNotifier(config, logger);
  const service = await createService(config, logger);
  const url = await service.listen();
  logger.info({ url: `${url}/graphql` }, 'GraphQL ready');
  return {
    url,
    async stop() {
      await service.stop();
      await reconciler.stop();
      await notifier.stop();
      await matchingCache.stop();
      await stopHighsSolver();
      await disconnectDatabase();
    },
  };
}

/** Load config or exit with a message naming the bad variable. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/** SIGTERM/SIGINT: stop once, in order, then exit. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.MONGODB_URI) {
    console.error('MONGODB_URI: is required by server/main.ts; use `npm start` to run on the embedded FerretDB');
    process.exit(78);
  }
  startService(config, logger, config.MONGODB_URI)
    .then((running) => onShutdown(logger, running.stop))
    .catch((err: unknown) => {
      logger.fatal({ err }, 'failed to start');
      process.exit(1);
    });
}
