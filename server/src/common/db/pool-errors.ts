import { type Logger } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { type DataSource } from 'typeorm';

const GUARDED = Symbol('peel.guarded');

/**
 * A connection that dies while checked out (PostgreSQL restarting, a backend terminated) can emit
 * 'error' after TypeORM has already released it and removed its listener; an 'error' event with
 * no listener kills the process. Every client of the pool gets a listener of its own for good:
 * the request that used it fails with a retryable 503, the pool drops it, the process lives.
 */
export function guardPoolErrors(dataSource: DataSource, logger: Pick<Logger, 'warn'>): void {
  // The primary's pool and the read replica's (PEEL_READ_DATABASE_URL) alike.
  const driver = dataSource.driver as unknown as { master?: Pool; slaves?: Pool[] };
  for (const pool of [driver.master, ...(driver.slaves ?? [])]) {
    if (pool) guardPool(pool, logger);
  }
}

function guardPool(pool: Pool, logger: Pick<Logger, 'warn'>): void {
  const guard = (client: PoolClient) => {
    const marked = client as PoolClient & { [GUARDED]?: boolean };
    if (marked[GUARDED]) return;
    marked[GUARDED] = true;
    client.on('error', (error: Error) => {
      logger.warn(`database connection lost: ${error.message}`);
    });
  };
  pool.on('connect', guard);
  const existing = (pool as unknown as { _clients?: PoolClient[] })._clients ?? [];
  for (const client of existing) guard(client);
}
