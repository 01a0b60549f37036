// `npm run seed:demo`: load the demo data (DEMO_SEED) into the configured
// database (MONGODB_URI, or the embedded FerretDB) without starting the
// service: the reference data first (idempotent), then the demo data, once.
// Prints the demo users' credentials. Refused with NODE_ENV=production.
import { configOrExit } from '../server/main.ts';
import { createLogger } from '../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../server/db.ts';
import { importReferenceData } from '../server/services/reference-import.ts';
import { DemoDataRefused, describeDemo, loadDemoData } from '../server/services/demo-data.ts';
import { openDatabase } from './embedded-database.ts';

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
if (config.NODE_ENV === 'production') {
  console.error('Demo data is never loaded with NODE_ENV=production: the demo users have public passwords.');
  process.exit(1);
}

const db = await openDatabase(config, logger);
let exitCode = 0;
try {
  await connectDatabase({ uri: db.uri, dbName: config.DB_NAME, serverSelectionTimeoutMS: config.DB_SERVER_SELECTION_TIMEOUT_MS, logger });
  await importReferenceData();
  const result = await loadDemoData(config.DEMO_SEED, { nodeEnv: config.NODE_ENV, onStep: (step, ms) => logger.info({ step, ms }, 'demo data step done') });
  if (result.outcome === 'SKIPPED') {
    exitCode = 1;
    console.error(`Demo data not loaded: ${result.reason}.`);
  } else {
    console.log(`\n${describeDemo(result)}`);
  }
} catch (err) {
  exitCode = 1;
  if (err instanceof DemoDataRefused) console.error(err.message);
  else throw err;
} finally {
  await disconnectDatabase();
  await db.stop();
}
process.exit(exitCode);
