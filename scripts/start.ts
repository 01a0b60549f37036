// `npm start`: the service with everything it needs on a fresh machine. Starts
// the embedded database (FerretDB on an embedded PostgreSQL) unless MONGODB_URI is set, loads the reference data
// (idempotent) and, with DEMO_DATA, the demo data (once), then serves GraphQL
// and prints the demo users' credentials. SIGTERM/SIGINT stop the HTTP server
// (finishing in-flight requests), close the database, then stop FerretDB.
import { configOrExit, onShutdown, startService } from '../server/main.ts';
import { createLogger } from '../server/logger.ts';
import { importReferenceData } from '../server/services/reference-import.ts';
import { describeDemo, loadDemoData, type DemoLoadResult } from '../server/services/demo-data.ts';
import { openDatabase } from './embedded-database.ts';

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);

/** The demo data, unless turned off; never in production, where DEMO_DATA's default must not bring in public passwords. */
async function demoData(): Promise<DemoLoadResult | null> {
  if (!config.DEMO_DATA) return null;
  if (config.NODE_ENV === 'production') {
    logger.warn('DEMO_DATA is ignored with NODE_ENV=production: demo users have public passwords');
    return null;
  }
  const result = await loadDemoData(config.DEMO_SEED, {
    nodeEnv: config.NODE_ENV,
    onStep: (step, ms) => logger.info({ step, ms }, step === 'plan' ? 'loading demo data (first start only)' : 'demo data step done'),
  });
  if (result.outcome === 'SKIPPED') logger.warn({ reason: result.reason }, 'demo data not loaded');
  else logger.info({ outcome: result.outcome, seed: result.plan.seed, summary: result.summary }, 'demo data ready');
  return result;
}

async function main() {
  const db = await openDatabase(config, logger);
  try {
    const demo: { result?: DemoLoadResult | null } = {};
    const running = await startService({ ...config, FERRETDB_POSTGRESQL_URL: db.postgresUrl ?? undefined }, logger, db.uri, async () => {
      const summary = await importReferenceData();
      logger.info({ summary }, 'reference data loaded');
      demo.result = await demoData();
    });
    console.log(`\n  Talent pool GraphQL API: ${running.url}/graphql\n  Web pages (sign in as a demo user): ${running.url}/\n`);
    // Printed, not logged: credentials do not belong in log files.
    if (demo.result && demo.result.outcome !== 'SKIPPED') console.log(describeDemo(demo.result));
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
