// The embedded database: FerretDB v1.24.2 on its PostgreSQL backend (an
// embedded PostgreSQL cluster, scripts/postgres.ts) by default, or on its
// SQLite backend with FERRETDB_BACKEND=sqlite. PostgreSQL is the default
// because it is the one that can serve the service's reads from indexes
// (README, "The embedded database"). Used by `npm start`, the tests and the
// benchmarks; a script uses MONGODB_URI instead when it is set.
import path from 'node:path';
import type { Config } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import { ensureFerretDBBinary, startFerretDB, type FerretDBHandle } from './ferretdb.ts';
import { startPostgres, type PostgresHandle } from './postgres.ts';

export type Backend = 'postgresql' | 'sqlite';

export interface EmbeddedOptions {
  backend: Backend;
  /** FerretDB's state (and SQLite files); the PostgreSQL cluster lives in <dataDir>/postgresql. */
  dataDir: string;
  port: number;
  /** PostgreSQL's loopback port (postgresql backend only). */
  postgresPort: number;
  cacheDir: string;
  /** false for throw-away data (tests, benchmarks): PostgreSQL runs without fsync. */
  durable: boolean;
  log?: (msg: string) => void;
}

export interface EmbeddedDatabase {
  uri: string;
  backend: Backend;
  /** The PostgreSQL database behind FerretDB, for the service's equality indexes (null on SQLite). */
  postgresUrl: string | null;
  /** The running FerretDB (replaced by restartFerretDB). */
  ferretdb: FerretDBHandle;
  /** Start FerretDB again on the same port and storage, after it stopped or was killed. */
  restartFerretDB(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const binary = await ensureFerretDBBinary(opts.cacheDir, opts.log);
  const dataDir = path.resolve(opts.dataDir);
  let postgres: PostgresHandle | null = null;
  if (opts.backend === 'postgresql') {
    postgres = await startPostgres({
      dataDir: path.join(dataDir, 'postgresql'),
      port: opts.postgresPort,
      logFile: path.join(dataDir, 'postgresql.log'),
      durable: opts.durable,
    });
  }
  const ferret = () =>
    startFerretDB({ binary, dataDir, port: opts.port, backend: postgres ? { handler: 'postgresql', url: postgres.url } : { handler: 'sqlite' } });
  try {
    const db: EmbeddedDatabase = {
      uri: '',
      backend: opts.backend,
      postgresUrl: postgres?.url ?? null,
      ferretdb: await ferret(),
      async restartFerretDB() {
        await db.ferretdb.stop();
        db.ferretdb = await ferret();
      },
      async stop() {
        await db.ferretdb.stop();
        await postgres?.stop();
      },
    };
    db.uri = db.ferretdb.uri;
    return db;
  } catch (err) {
    await postgres?.stop();
    throw err;
  }
}

export interface DatabaseHandle {
  uri: string;
  embedded: boolean;
  /** Set for the embedded PostgreSQL backend: goes to the service as FERRETDB_POSTGRESQL_URL. */
  postgresUrl: string | null;
  stop(): Promise<void>;
}

/** The database a script or `npm start` uses: MONGODB_URI when set, otherwise the embedded one. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, embedded: false, postgresUrl: config.FERRETDB_POSTGRESQL_URL ?? null, stop: async () => {} };
  const log = logger.child({ component: 'embedded-database' });
  const db = await startEmbeddedDatabase({
    backend: config.FERRETDB_BACKEND,
    dataDir: config.DATA_DIR,
    port: config.FERRETDB_PORT,
    postgresPort: config.POSTGRES_PORT,
    cacheDir: config.FERRETDB_CACHE_DIR,
    durable: true,
    log: (m) => log.info(m),
  });
  log.info({ uri: db.uri, backend: db.backend, dataDir: path.resolve(config.DATA_DIR) }, 'embedded FerretDB started');
  return {
    uri: db.uri,
    embedded: true,
    postgresUrl: db.postgresUrl,
    async stop() {
      await db.stop();
      log.info('embedded database stopped');
    },
  };
}
