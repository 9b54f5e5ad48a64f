import { type Pool, type QueryConfig, type QueryResultRow } from 'pg';
import { type DataSource } from 'typeorm';

/** The `pg` pool under TypeORM's data source (same connections, same limits). */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * The pool reads that may lag the primary a little use (exports, agreement, the admin dashboards):
 * the read replica's when one is configured.
 */
export function readerPool(dataSource: DataSource): Pool {
  const driver = dataSource.driver as unknown as { master: Pool; slaves: Pool[] };
  return driver.slaves[0] ?? driver.master;
}

/** A query's rows, as `DataSource.query` answers them. */
export type ReadQuery = <T extends QueryResultRow>(
  text: string,
  values?: unknown[],
) => Promise<T[]>;

/** One statement at a time on `readerPool`: the replica when configured, else the primary. */
export function readerQuery(dataSource: DataSource): ReadQuery {
  return async <T extends QueryResultRow>(text: string, values: unknown[] = []) =>
    (await readerPool(dataSource).query<T>(text, values)).rows;
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
