// `npm run create-admin -- --email you@council.gov.uk --name "Your Name"`
// Creates the first admin on the configured database (MONGODB_URI, or the
// embedded FerretDB). The password comes from ADMIN_PASSWORD so it stays out
// of shell history and process lists.
import { parseArgs } from 'node:util';
import { configOrExit } from '../server/main.ts';
import { createLogger } from '../server/logger.ts';
import { connectDatabase, disconnectDatabase } from '../server/db.ts';
import { createUser } from '../server/services/users.ts';
import { DomainError } from '../server/errors.ts';
import { openDatabase } from './embedded-database.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const password = process.env.ADMIN_PASSWORD;
if (!values.email || !values.name || !password) {
  console.error('Usage: ADMIN_PASSWORD=... npm run create-admin -- --email <email> --name "<name>"');
  process.exit(64);
}

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const db = await openDatabase(config, logger);
let exitCode = 0;
try {
  await connectDatabase({ uri: db.uri, dbName: config.DB_NAME, serverSelectionTimeoutMS: config.DB_SERVER_SELECTION_TIMEOUT_MS, logger });
  const user = await createUser({ email: values.email, name: values.name, password, role: 'ADMIN' }, []);
  console.log(`Admin ${user.email} created (id ${String(user._id)}).`);
} catch (err) {
  exitCode = 1;
  if (err instanceof DomainError) console.error(`Not created: ${err.field?.length ? `${err.field.join('.')}: ` : ''}${err.message}`);
  else throw err;
} finally {
  await disconnectDatabase();
  await db.stop();
}
process.exit(exitCode);
