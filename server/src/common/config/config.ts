import * as path from 'node:path';
import { z } from 'zod';
import { PICO_BANANA_IMAGE_BASE_URL } from '@peel/shared';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

/** A duration in milliseconds; 0 turns the limit off. */
const millis = z.coerce.number().int().min(0).max(86_400_000);

/**
 * Every environment variable Peel reads, parsed once at boot. Nothing else reads `process.env`.
 * README.md ("Configuration") documents each one; keep the two in step.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PEEL_READ_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PEEL_DATA_DIR: z.string().min(1).default('.peel'),
  PEEL_EMBEDDED_PG_PORT: port.default(54329),
  PEEL_IMAGE_BASE_URL: z.url().default(PICO_BANANA_IMAGE_BASE_URL),
  PEEL_IMAGE_DIR: z.string().min(1).optional(),
  PEEL_SAMPLE_DATA: bool.optional(),
  PEEL_DEMO: bool.optional(),
  PEEL_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PEEL_SECURE_COOKIES: bool.default(false),
  PEEL_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|((loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)(\s*,\s*|$))+)$/,
      'must be a hop count, or a comma-separated list of loopback, linklocal, uniquelocal, IPs or CIDRs',
    )
    .default('loopback'),
  PEEL_LOGIN_LIMIT_IP: z.coerce.number().int().min(1).default(30),
  PEEL_LOGIN_LIMIT_ACCOUNT: z.coerce.number().int().min(1).default(10),
  PEEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  PEEL_DB_STATEMENT_TIMEOUT_MS: millis.default(30_000),
  PEEL_DB_LOCK_TIMEOUT_MS: millis.default(5_000),
  PEEL_SHUTDOWN_TIMEOUT_MS: millis.default(15_000),
  PEEL_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PEEL_IMPORT_ALLOW_PRIVATE_URLS: bool.default(false),
  PEEL_IMPORT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(4 * 1024 ** 3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface PeelConfig {
  env: RawConfig['NODE_ENV'];
  port: number;
  host: string;
  /** Set when Peel runs on an external PostgreSQL; absent means the embedded one. */
  databaseUrl?: string;
  /**
   * A read replica of the database: the agreement computations (dashboards) and the exports read
   * from it; everything else, and every write, goes to the primary.
   */
  readDatabaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  imageBaseUrl: string;
  imageDir?: string;
  /** Load the bundled sample dataset (and demo accounts) into an empty database. */
  sampleData: boolean;
  demo: boolean;
  sessionSecret?: string;
  secureCookies: boolean;
  /** Express's `trust proxy`: whose X-Forwarded-For gives the client IP (login limits, audit). */
  trustProxy: string | number;
  dbPoolSize: number;
  /**
   * Per-connection limits of the server's pool (0 = off): a statement or a lock wait past them
   * fails, and the request answers a retryable 503 instead of hanging. Long jobs lift them for
   * their own transaction (`liftTimeouts`).
   */
  dbStatementTimeoutMs: number;
  dbLockTimeoutMs: number;
  /** How long a SIGTERM waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`; unset, it is public. */
  metricsToken?: string;
  /** Largest JSONL file accepted by `POST /api/imports/upload`, in bytes. */
  importMaxUploadBytes: number;
  /** Whether URL imports from the API may reach non-public addresses (SSRF guard off). */
  importAllowPrivateUrls: boolean;
  /** Login attempts allowed per client IP per minute, and per account per 15 minutes. */
  loginLimitPerIp: number;
  loginLimitPerAccount: number;
  logLevel: RawConfig['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): PeelConfig {
  const result = ConfigSchema.safeParse(stripEmpty(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = result.data;
  const embedded = raw.DATABASE_URL === undefined;
  return {
    env: raw.NODE_ENV,
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: raw.DATABASE_URL,
    readDatabaseUrl: raw.PEEL_READ_DATABASE_URL,
    dataDir: path.resolve(raw.PEEL_DATA_DIR),
    embeddedPgPort: raw.PEEL_EMBEDDED_PG_PORT,
    imageBaseUrl: raw.PEEL_IMAGE_BASE_URL.endsWith('/')
      ? raw.PEEL_IMAGE_BASE_URL
      : `${raw.PEEL_IMAGE_BASE_URL}/`,
    imageDir: raw.PEEL_IMAGE_DIR ? path.resolve(raw.PEEL_IMAGE_DIR) : undefined,
    sampleData: raw.PEEL_SAMPLE_DATA ?? embedded,
    demo: raw.PEEL_DEMO ?? embedded,
    sessionSecret: raw.PEEL_SESSION_SECRET,
    secureCookies: raw.PEEL_SECURE_COOKIES,
    trustProxy: /^\d+$/.test(raw.PEEL_TRUST_PROXY)
      ? Number(raw.PEEL_TRUST_PROXY)
      : raw.PEEL_TRUST_PROXY,
    dbPoolSize: raw.PEEL_DB_POOL_SIZE,
    dbStatementTimeoutMs: raw.PEEL_DB_STATEMENT_TIMEOUT_MS,
    dbLockTimeoutMs: raw.PEEL_DB_LOCK_TIMEOUT_MS,
    shutdownTimeoutMs: raw.PEEL_SHUTDOWN_TIMEOUT_MS,
    metricsToken: raw.PEEL_METRICS_TOKEN,
    importMaxUploadBytes: raw.PEEL_IMPORT_MAX_UPLOAD_BYTES,
    importAllowPrivateUrls: raw.PEEL_IMPORT_ALLOW_PRIVATE_URLS,
    loginLimitPerIp: raw.PEEL_LOGIN_LIMIT_IP,
    loginLimitPerAccount: raw.PEEL_LOGIN_LIMIT_ACCOUNT,
    logLevel: raw.LOG_LEVEL,
  };
}

/** Only the variables Peel knows, with empty strings treated as unset. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const known = Object.keys(ConfigSchema.shape);
  const out: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

let loaded: PeelConfig | undefined;

/** The process's configuration, parsed from `process.env` on first use. */
export function loadConfig(): PeelConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}

export const PEEL_CONFIG = Symbol('PEEL_CONFIG');
