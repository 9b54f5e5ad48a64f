import 'reflect-metadata';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../src/common/db/data-source';
import { isAlive, startEmbeddedPostgres } from '../src/common/db/embedded-postgres';
import { migrate } from '../src/common/db/migrations';
import { withDatabaseName } from '../src/cli/migration.command';
import { freePort } from './load/server-process';

/**
 * Integration tests run on a real PostgreSQL: the server named by PEEL_TEST_DATABASE_URL (CI uses
 * the machine's), else an embedded one started here. Migrations run once into a template database;
 * each jest worker clones it (server/test/db.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.PEEL_TEST_DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(__dirname, '../../.peel/test'),
      port: await freePort(),
      database: 'postgres',
    });
    (globalThis as { peelEmbedded?: typeof embedded }).peelEmbedded = embedded;
    adminUrl = embedded.adminUrl;
  }
  const template = `peel_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: withDatabaseName(adminUrl, 'postgres') });
  await admin.connect();
  try {
    await dropStale(admin);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource({ url: withDatabaseName(adminUrl, template), poolSize: 2 });
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  process.env.PEEL_TEST_ADMIN_URL = withDatabaseName(adminUrl, 'postgres');
  process.env.PEEL_TEST_TEMPLATE = template;
}

/**
 * Databases of earlier runs whose jest process is gone (tests never clean up after themselves, by
 * design). Names carry the pid of the run that made them, so a concurrent run is left alone.
 */
async function dropStale(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname ~ '^peel_(tpl|test)_[0-9]+_' ORDER BY 1`,
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    if (pid !== process.pid && isAlive(pid)) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
}
