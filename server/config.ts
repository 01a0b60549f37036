// The one place configuration is read: every variable is parsed and validated
// here from the environment, with the defaults listed in .env.example. Bad
// config fails at start with a message that names the variable.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only')
    .default('talent_pool'),
  DATA_DIR: z.string().min(1).default('.data/ferretdb'),
  FERRETDB_PORT: port.default(27027),
  FERRETDB_CACHE_DIR: z.string().min(1).default('.cache/ferretdb'),
  FERRETDB_BACKEND: z.enum(['postgresql', 'sqlite']).default('postgresql'),
  POSTGRES_PORT: port.default(27028),
  FERRETDB_POSTGRESQL_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  GRAPHQL_INTROSPECTION: bool.optional(),
  // Query limits (graphql/query-limits.ts); every test's and the README's queries stay well under them.
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(1000).default(15),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(2_000),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).max(1_000_000_000).default(50_000),
  GRAPHQL_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(100 * 1024),
  // Size of a file sent to POST /imports/practitioners (PAYLOAD_TOO_LARGE, HTTP 413).
  IMPORT_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(2 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  DB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(8 * 3600),
  // Web pages (server/web): the session cookie's signing key and lifetime, and sign-in attempt limits.
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional().or(z.literal('').transform(() => undefined)),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(8 * 3600),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  TRUST_PROXY: z
    .string()
    .regex(/^(|true|false|\d{1,2}|[\w.:/, -]+)$/, 'true, false, a hop count or a list of addresses')
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' || v === '' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  RECONCILE_STALE_MS: z.coerce.number().int().min(100).max(86_400_000).default(120_000),
  FIXED_NOW: z.iso.datetime({ offset: true }).optional().or(z.literal('').transform(() => undefined)),
  // Notifications (server/services/notifications.ts): on unless NODE_ENV=test (a test turns them on for itself).
  NOTIFICATIONS: bool.optional(),
  // Mail: an SMTP server (smtp://user:pass@host:587, smtps://...); unset = mail is held in the outbox and logged.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('talent-pool@localhost'),
  // The service's public address, put before the links in mail (e.g. https://talent-pool.example.gov.uk).
  PUBLIC_URL: z.string().default(''),
  NOTIFY_INTERVAL_MS: z.coerce.number().int().min(10).max(86_400_000).default(30_000),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(1).max(86_400_000).default(60_000),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  MAIL_CLAIM_MS: z.coerce.number().int().min(100).max(86_400_000).default(120_000),
  DEMO_DATA: bool.default(true),
  DEMO_SEED: z.coerce.number().int().min(0).default(2026),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config extends Omit<RawConfig, 'GRAPHQL_INTROSPECTION' | 'JWT_SECRET' | 'SESSION_SECRET' | 'NOTIFICATIONS'> {
  GRAPHQL_INTROSPECTION: boolean;
  NOTIFICATIONS: boolean;
  JWT_SECRET: string;
  SESSION_SECRET: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

// A fixed secret keeps development and tests working without an env file;
// production must set its own, so it is refused there.
const DEV_JWT_SECRET = 'development-only-secret-change-me-0123456789';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const raw = parsed.data;
  if (raw.NODE_ENV === 'production' && !raw.JWT_SECRET) {
    throw new ConfigError([{ variable: 'JWT_SECRET', message: 'is required in production' }]);
  }
  const jwtSecret = raw.JWT_SECRET ?? DEV_JWT_SECRET;
  return {
    ...raw,
    GRAPHQL_INTROSPECTION: raw.GRAPHQL_INTROSPECTION ?? raw.NODE_ENV !== 'production',
    NOTIFICATIONS: raw.NOTIFICATIONS ?? raw.NODE_ENV !== 'test',
    JWT_SECRET: jwtSecret,
    // Unset: a key of its own derived from JWT_SECRET (required in production), so a session
    // cookie is never a valid API token nor the other way round.
    SESSION_SECRET: raw.SESSION_SECRET ?? createHmac('sha256', jwtSecret).update('talent-pool web session').digest('base64url'),
  };
}
