import 'reflect-metadata';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { prepareDatabase } from './boot';
import { ConfigError, loadConfig, type PeelConfig } from './common/config/config';
import { resolveDatabase } from './common/db/database';
import { demoLoginsText } from './users/demo-accounts';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Peel');
  // `npm start -- --demo`: sample data and demo accounts on a DATABASE_URL database too.
  const asked = process.argv.includes('--demo');
  const base = loadConfig();
  const loaded: PeelConfig = asked ? { ...base, demo: true, sampleData: true } : base;
  // The sample's images are served from its folder unless a mirror is configured.
  const sampleDir = path.join(loaded.dataDir, 'sample');
  const config: PeelConfig =
    loaded.sampleData && !loaded.imageDir ? { ...loaded, imageDir: sampleDir } : loaded;
  const database = await resolveDatabase(config, (message) => logger.log(message));
  const prepared = await prepareDatabase(database.url, config, (message) => logger.log(message));
  const app = await createApp(config, { url: database.url, embedded: database.embedded });
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const where = database.embedded
    ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`
    : 'DATABASE_URL';
  process.stdout.write(
    `\nPeel is running at http://${shown}:${config.port}/  (database: ${where})\n`,
  );
  process.stdout.write(`API docs: http://${shown}:${config.port}/api/docs\n\n`);
  if (prepared.demoAccounts) process.stdout.write(`${demoLoginsText()}\n`);
  const shutdown = async () => {
    await app.close();
    await database.release();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Peel failed to start: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
