// `npm start`: the service with everything it needs on a fresh machine. Starts
// the embedded FerretDB unless MONGODB_URI is set, loads the reference data
// (idempotent), then serves GraphQL. SIGTERM/SIGINT stop the HTTP server
// (finishing in-flight requests), close the database, then stop FerretDB.
import { configOrExit, onShutdown, startService } from '../server/main.ts';
import { createLogger } from '../server/logger.ts';
import { importReferenceData } from '../server/services/reference-import.ts';
import { openDatabase } from './embedded-database.ts';

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);

async function main() {
  const db = await openDatabase(config, logger);
  try {
    const running = await startService(config, logger, db.uri, async () => {
      const summary = await importReferenceData();
      logger.info({ summary }, 'reference data loaded');
    });
    console.log(`\n  Talent pool GraphQL API: ${running.url}/graphql\n`);
    onShutdown(logger, async () => {
      await running.stop();
      await db.stop();
    });
  } catch (err) {
    await db.stop();
    throw err;
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
