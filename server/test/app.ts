import { type NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/app';
import { parseConfig, type PeelConfig } from '../src/common/config/config';
import { type GracefulShutdown } from '../src/common/http/graceful-shutdown';
import { testDatabaseUrl } from './db';

export interface TestAppOptions {
  clientDir?: string;
  /** Another database than this worker's (a fresh clone a test may break). */
  databaseUrl?: string;
  /** Draining on shutdown, as main.ts installs it. */
  shutdown?: GracefulShutdown;
}

/** The real application on this worker's test database, for API tests through supertest. */
export async function createTestApp(
  overrides: Partial<PeelConfig> = {},
  { databaseUrl, ...options }: TestAppOptions = {},
): Promise<NestExpressApplication> {
  const url = databaseUrl ?? (await testDatabaseUrl());
  const config: PeelConfig = {
    ...parseConfig({ DATABASE_URL: url, NODE_ENV: 'test' }),
    // Every test signs in from 127.0.0.1 on a database shared by a worker's test files: the
    // login limits stay out of the way unless a test sets them (the throttling test does).
    loginLimitPerIp: 1_000_000,
    loginLimitPerAccount: 1_000_000,
    ...overrides,
  };
  // PEEL_TEST_LOG=1 shows the server's log (errors behind a 500) while debugging a test.
  const logger = process.env.PEEL_TEST_LOG ? undefined : false;
  const app = await createApp(config, { url, embedded: false }, { logger, ...options });
  await app.init();
  return app;
}
