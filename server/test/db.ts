import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { withDatabaseName } from '../src/cli/migration.command';
import { createDataSource } from '../src/common/db/data-source';

/**
 * This worker's own database, cloned from the migrated template. Tests never clean up: they create
 * their own rows (unique data) and assert only on those.
 */
export async function testDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.PEEL_TEST_ADMIN_URL;
  const template = process.env.PEEL_TEST_TEMPLATE;
  if (!adminUrl || !template)
    throw new Error('integration tests need the jest global setup (npm test)');
  const name = `peel_test_${template.slice('peel_tpl_'.length)}_w${process.env.JEST_WORKER_ID ?? '1'}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await cloneTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  return withDatabaseName(adminUrl, name);
}

/**
 * A database of its own, cloned from the migrated template: for a test that needs an empty
 * database (a first start: sample data, demo accounts and batches) that no other test file has
 * touched. Named like the worker databases, so a later run drops it.
 */
export async function freshDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.PEEL_TEST_ADMIN_URL;
  const template = process.env.PEEL_TEST_TEMPLATE;
  if (!adminUrl || !template)
    throw new Error('integration tests need the jest global setup (npm test)');
  const name = `peel_test_${template.slice('peel_tpl_'.length)}_f${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await cloneTemplate(admin, name, template);
  } finally {
    await admin.end();
  }
  return withDatabaseName(adminUrl, name);
}

export async function testDataSource(): Promise<DataSource> {
  const dataSource = createDataSource({ url: await testDatabaseUrl(), poolSize: 5 });
  await dataSource.initialize();
  return dataSource;
}

/** Two workers cloning the template at once can collide (55006); the loser waits and retries. */
async function cloneTemplate(admin: Client, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
