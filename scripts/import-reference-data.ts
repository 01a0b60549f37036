// `npm run import:reference [dir]`: load the reference data into the database
// (MONGODB_URI, or the embedded FerretDB). Idempotent; prints what changed.
import { configOrExit } from '../server/main.ts';
import { createLogger } from '../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../server/db.ts';
import { importReferenceData, DEFAULT_REFERENCE_DIR } from '../server/services/reference-import.ts';
import { ReferenceDataError } from '../server/reference/reference-data-error.ts';
import { openDatabase } from './embedded-database.ts';

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const dir = process.argv[2] ?? DEFAULT_REFERENCE_DIR;

const db = await openDatabase(config, logger);
let exitCode = 0;
try {
  await connectDatabase({ uri: db.uri, dbName: config.DB_NAME, serverSelectionTimeoutMS: config.DB_SERVER_SELECTION_TIMEOUT_MS, logger });
  const summary = await importReferenceData(dir);
  console.table(summary);
} catch (err) {
  exitCode = 1;
  if (err instanceof ReferenceDataError) console.error(`Reference data not imported: ${err.message}`);
  else throw err;
} finally {
  await disconnectDatabase();
  await db.stop();
}
process.exit(exitCode);
