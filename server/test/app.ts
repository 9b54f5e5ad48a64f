import { type NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/app';
import { parseConfig, type PeelConfig } from '../src/common/config/config';
import { testDatabaseUrl } from './db';

/** The real application on this worker's test database, for API tests through supertest. */
export async function createTestApp(
  overrides: Partial<PeelConfig> = {},
): Promise<NestExpressApplication> {
  const url = await testDatabaseUrl();
  const config: PeelConfig = {
    ...parseConfig({ DATABASE_URL: url, NODE_ENV: 'test' }),
    ...overrides,
  };
  const app = await createApp(config, { url, embedded: false }, { logger: false });
  await app.init();
  return app;
}
