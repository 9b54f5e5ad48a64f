import { type Pool, type QueryConfig, type QueryResultRow } from 'pg';
import { type DataSource } from 'typeorm';

/** The `pg` pool under TypeORM's data source (same connections, same limits). */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** The pool long reads use (exports, agreement): the read replica's when one is configured. */
export function readerPool(dataSource: DataSource): Pool {
  const driver = dataSource.driver as unknown as { master: Pool; slaves: Pool[] };
  return driver.slaves[0] ?? driver.master;
}

/**
 * One statement on the raw pool, prepared once per connection under `name` (its plan is kept,
 * no parse and plan per call): the hot path's way in, without TypeORM's query runner.
 */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const query: QueryConfig = { name, text, values };
  return (await pgPool(dataSource).query<T>(query)).rows;
}
