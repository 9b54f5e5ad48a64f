import 'reflect-metadata';
import * as path from 'node:path';
import { createApp } from './app';
import { prepareDatabase } from './boot';
import { ConfigError, loadConfig, type PeelConfig } from './common/config/config';
import { resolveDatabase } from './common/db/database';
import { GracefulShutdown } from './common/http/graceful-shutdown';
import { JsonLogger } from './common/logging/json-logger';
import { demoLoginsText } from './users/demo-accounts';

/** After the drain, how long closing the app (pool included) may take. */
const CLOSE_GRACE_MS = 5_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function bootstrap(): Promise<void> {
  // `npm start -- --demo`: sample data and demo accounts on a DATABASE_URL database too.
  const asked = process.argv.includes('--demo');
  const base = loadConfig();
  const logger = new JsonLogger(base.logLevel);
  const log = (message: string) => logger.entry('info', message, { context: 'Peel' });
  const loaded: PeelConfig = asked ? { ...base, demo: true, sampleData: true } : base;
  // The sample's images are served from its folder unless a mirror is configured.
  const sampleDir = path.join(loaded.dataDir, 'sample');
  const config: PeelConfig =
    loaded.sampleData && !loaded.imageDir ? { ...loaded, imageDir: sampleDir } : loaded;
  const database = await resolveDatabase(config, log);
  const prepared = await prepareDatabase(database.url, config, log);
  const shutdown = new GracefulShutdown();
  const app = await createApp(
    config,
    { url: database.url, embedded: database.embedded },
    { logger, shutdown },
  );
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
  // SIGTERM / SIGINT: stop accepting, let in-flight requests finish (bounded), then close the
  // pool and the embedded PostgreSQL. A second signal exits at once.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    const started = Date.now();
    logger.entry('info', 'shutting down', { context: 'Peel', signal });
    const drained = await shutdown.drain(app.getHttpServer(), config.shutdownTimeoutMs);
    // The pool waits for connections still checked out by requests cut at the timeout: bounded.
    await Promise.race([app.close(), delay(CLOSE_GRACE_MS)]);
    await database.release();
    logger.entry('info', 'stopped', { context: 'Peel', ...drained, ms: Date.now() - started });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        logger.entry('warn', 'second signal: exiting now', { context: 'Peel', signal });
        process.exit(1);
      }
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.entry('error', 'shutdown failed', {
            context: 'Peel',
            stack: (error as Error)?.stack ?? String(error),
          });
          process.exit(1);
        },
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
