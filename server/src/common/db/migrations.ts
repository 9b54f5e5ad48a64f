import { type DataSource } from 'typeorm';

export interface MigrationState {
  applied: number;
  pending: string[];
  current: boolean;
}

/** Runs pending migrations (each in its own transaction); safe to call from several processes. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    // Two instances starting together must not both migrate: serialize on an advisory lock.
    await queryRunner.query('SELECT pg_advisory_lock(7233011)');
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((migration) => migration.name);
  } finally {
    await queryRunner.query('SELECT pg_advisory_unlock(7233011)').catch(() => undefined);
    await queryRunner.release();
  }
}

export async function migrationState(dataSource: DataSource): Promise<MigrationState> {
  const known = dataSource.migrations.map(
    (migration) => migration.name ?? migration.constructor.name,
  );
  const rows: { name: string }[] = await dataSource
    .query('SELECT name FROM migrations')
    .catch(() => []);
  const applied = new Set(rows.map((row) => row.name));
  const pending = known.filter((name) => !applied.has(name));
  return { applied: applied.size, pending, current: pending.length === 0 };
}

/** The SQL a freshly generated migration would hold: empty when entities and migrations agree. */
export async function schemaDrift(
  dataSource: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((query) => query.query),
    down: log.downQueries.map((query) => query.query).reverse(),
  };
}
