// Boots the real service in this process against the test FerretDB, in a
// database of its own, and talks to it over HTTP like any client would.
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startService, type Running } from '../../server/main.ts';
import { importReferenceData } from '../../server/services/reference-import.ts';
import { monitored, testDatabase, uniqueDbName } from './test-database.ts';

export interface GqlResult<T = Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: (string | number)[]; details?: Record<string, unknown> } }[];
}

export interface TestServer {
  url: string;
  dbName: string;
  uri: string;
  config: Config;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

export interface TestServerOptions {
  label: string;
  reference?: boolean;
  env?: Record<string, string>;
  /** Database URI to use instead of the shared test database (with its PostgreSQL, if any). */
  uri?: string;
  postgresUrl?: string;
  /** Turn on the driver's command monitoring (tests that count reads through mongoose.connection.getClient()). */
  monitored?: boolean;
  beforeListen?: () => Promise<void>;
}

export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const shared = opts.uri ? null : await testDatabase();
  const uri = opts.uri ?? (opts.monitored ? monitored(shared!.uri) : shared!.uri);
  const postgresUrl = opts.uri ? opts.postgresUrl : shared!.postgresUrl;
  const dbName = uniqueDbName(opts.label);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: uri,
    ...(postgresUrl ? { FERRETDB_POSTGRESQL_URL: postgresUrl } : {}),
    DB_NAME: dbName,
    DB_SERVER_SELECTION_TIMEOUT_MS: '2000',
    ...opts.env,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const running: Running = await startService(config, logger, uri, async () => {
    if (opts.reference !== false) await importReferenceData();
    await opts.beforeListen?.();
  });
  const url = running.url;
  return {
    url,
    dbName,
    uri,
    config,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status } as never;
    },
    stop: () => running.stop(),
  };
}

/** The single error of a result, asserting there is exactly one. */
export function onlyError(r: GqlResult) {
  if (!r.errors || r.errors.length !== 1) throw new Error(`expected one error, got ${JSON.stringify(r.errors ?? r.data)}`);
  return r.errors[0]!;
}
