import 'reflect-metadata';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from './app';
import { ConfigError, loadConfig, type PeelConfig } from './common/config/config';
import { resolveDatabase } from './common/db/database';
import { migrate } from './common/db/migrations';
import { loadSampleIfEmpty } from './dataset/sample/sample-loader';
import { createDemoAccounts, demoAccountsExist, demoLoginsText } from './users/demo-accounts';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Peel');
  // `npm start -- --demo`: sample data and demo accounts on a DATABASE_URL database too.
  const asked = process.argv.includes('--demo');
  const base = loadConfig();
  const loaded: PeelConfig = asked ? { ...base, demo: true, sampleData: true } : base;
  const sampleDir = path.join(loaded.dataDir, 'sample');
  // The sample's images are served from its folder unless a mirror is configured.
  const config: PeelConfig =
    loaded.sampleData && !loaded.imageDir ? { ...loaded, imageDir: sampleDir } : loaded;
  const database = await resolveDatabase(config, (message) => logger.log(message));
  const app = await createApp(config, { url: database.url, embedded: database.embedded });
  const dataSource = app.get(DataSource);
  const applied = await migrate(dataSource);
  if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);
  if (config.sampleData && (await loadSampleIfEmpty(dataSource, sampleDir, (m) => logger.log(m)))) {
    logger.log('loaded the bundled sample dataset');
  }
  if (config.demo && (await createDemoAccounts(dataSource)))
    logger.log('created the demo accounts');
  const showDemo = config.demo && (await demoAccountsExist(dataSource));
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const where = database.embedded
    ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`
    : 'DATABASE_URL';
  process.stdout.write(
    `\nPeel is running at http://${shown}:${config.port}/  (database: ${where})\n`,
  );
  process.stdout.write(`API docs: http://${shown}:${config.port}/api/docs\n\n`);
  if (showDemo) process.stdout.write(`${demoLoginsText()}\n`);
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
