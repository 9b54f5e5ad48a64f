import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { withDatabaseName } from '../../server/src/cli/migration.command';
import { createDataSource } from '../../server/src/common/db/data-source';
import { startEmbeddedPostgres } from '../../server/src/common/db/embedded-postgres';
import { migrate } from '../../server/src/common/db/migrations';

export interface BenchDatabase {
  url: string;
  /** Drops the database and stops an embedded server started for the bench. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on PEEL_BENCH_DATABASE_URL's server when set
 * (e.g. the machine's PostgreSQL), else on an embedded server under `.peel/bench`.
 */
export async function freshDatabase(label: string): Promise<BenchDatabase> {
  let adminUrl = process.env.PEEL_BENCH_DATABASE_URL;
  let stop = async () => undefined as void;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(__dirname, '../../../../.peel/bench'),
      port: 54399,
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
    stop = embedded.stop;
  }
  const name = `peel_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabaseName(adminUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabaseName(adminUrl, name);
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  return {
    url,
    close: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await stop();
    },
  };
}

export function writeResult(name: string, result: Record<string, unknown>): string {
  const file = path.resolve(__dirname, `../../../results/${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function printTable(rows: [string, string | number][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [key, value] of rows) process.stdout.write(`  ${key.padEnd(width)}  ${value}\n`);
}
