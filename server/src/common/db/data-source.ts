import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@peel/migrations';
import { ENTITIES } from '../../entities';

export interface DataSourceParams {
  url: string;
  /** A read replica: TypeORM's `slave` query runners (and `readerPool`) use it; writes never do. */
  readUrl?: string;
  poolSize?: number;
  applicationName?: string;
  /** Per-connection `statement_timeout` and `lock_timeout` in ms (unset or 0: none). */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

/** TypeORM options: migrations are the schema, `synchronize` is off everywhere, tests included. */
export function dataSourceOptions(params: DataSourceParams): DataSourceOptions {
  return {
    type: 'postgres',
    // With a replica, the primary is TypeORM's "master" and the default for every query runner.
    ...(params.readUrl
      ? {
          replication: {
            master: { url: params.url },
            slaves: [{ url: params.readUrl }],
            defaultMode: 'master' as const,
          },
        }
      : { url: params.url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: params.poolSize ?? 10,
      application_name: params.applicationName ?? 'peel',
      connectionTimeoutMillis: 10_000,
      // A new connection costs PostgreSQL a backend, SCRAM and cold plan caches (the queue's
      // PL/pgSQL plans are built per connection), so idle ones are kept for a minute (pg: 10 s).
      idleTimeoutMillis: 60_000,
      // Set as startup parameters of every connection (pg sends nothing for 0 / undefined).
      statement_timeout: params.statementTimeoutMs || undefined,
      lock_timeout: params.lockTimeoutMs || undefined,
    },
  };
}

export function createDataSource(params: DataSourceParams): DataSource {
  return new DataSource(dataSourceOptions(params));
}
