// The service with the demo data on a throw-away embedded database, as
// `npm start` runs it, for the page benchmark and the screenshots; and the
// pages each demo user can reach from the service navigation.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../ferretdb.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../embedded-database.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startService } from '../../server/main.ts';
import { importReferenceData } from '../../server/services/reference-import.ts';
import { loadDemoData } from '../../server/services/demo-data.ts';
import { DEMO_ANCHOR, type DemoUser } from '../../server/demo/demo-plan.ts';
import { httpClient, signInOverHttp, type HttpClient } from './http-client.ts';

export interface DemoService {
  url: string;
  users: DemoUser[];
  /** The embedded database under it (the hardening probes stop and start FerretDB). */
  database: EmbeddedDatabase;
  stop(): Promise<void>;
}

/** The service on its own embedded database with the demo data (`scale` 10: ten times the demo, for benchmarks). */
export async function startDemoService(opts: { scale?: number } = {}): Promise<DemoService> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'demo-service-'));
  const logger = createLogger('silent');
  const [ferretPort, postgresPort] = [await freePort(), await freePort()];
  const db = await startEmbeddedDatabase({
    backend: process.env.FERRETDB_BACKEND === 'sqlite' ? 'sqlite' : 'postgresql',
    dataDir,
    port: ferretPort,
    postgresPort,
    cacheDir: process.env.FERRETDB_CACHE_DIR ?? path.resolve('.cache/ferretdb'),
    durable: false,
  });
  const postgresUrl = db.postgresUrl;
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MONGODB_URI: db.uri,
    DB_NAME: 'demo_service',
    // The demo's own day, as `FIXED_NOW=... npm start` pins it, so its bookings are current.
    FIXED_NOW: `${DEMO_ANCHOR}T09:00:00Z`,
    RECONCILE_INTERVAL_MS: '0',
    ...(postgresUrl ? { FERRETDB_POSTGRESQL_URL: postgresUrl } : {}),
  });
  const running = await startService(config, logger, db.uri, async () => {
    await importReferenceData();
  });
  const loaded = await loadDemoData(config.DEMO_SEED, { nodeEnv: config.NODE_ENV, scale: opts.scale });
  if (loaded.outcome === 'SKIPPED') throw new Error(`demo data not loaded: ${loaded.reason}`);
  return {
    url: running.url,
    users: loaded.plan.users,
    database: db,
    async stop() {
      await running.stop();
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One demo user of each role: an admin, a programme lead, a council requester and a practitioner. */
export const oneOfEachRole = (users: readonly DemoUser[]) => [...new Map(users.map((u) => [u.role, u])).values()];

export async function signedIn(url: string, user: DemoUser): Promise<HttpClient> {
  const client = httpClient({ url });
  await signInOverHttp(client, user.email, user.password);
  return client;
}

const hrefs = (html: string, within: RegExp) => [...(within.exec(html)?.[1] ?? '').matchAll(/href="(\/[^"#?]*)"/g)].map((m) => m[1]!);

/**
 * The pages a signed-in user reaches: the service navigation's, and for each
 * the first page it links to below itself (a project, an agreement...).
 */
export async function pagesOf(client: HttpClient): Promise<string[]> {
  const home = await (await client.get('/')).text();
  const nav = [...new Set(['/', ...hrefs(home, /<nav[^>]*govuk-service-navigation[\s\S]*?>([\s\S]*?)<\/nav>/)])];
  const pages = [...nav];
  for (const page of nav.filter((p) => p !== '/')) {
    const html = await (await client.get(page)).text();
    const deeper = hrefs(html, /<main[^>]*>([\s\S]*?)<\/main>/).find((h) => h.startsWith(`${page}/`) && !pages.includes(h));
    if (deeper) pages.push(deeper);
  }
  return pages;
}
