import { type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { type DataSource } from 'typeorm';
import { readerPool } from '../common/db/pg-pool';
import { liftTimeouts } from '../common/db/timeouts';
import { type ExportOptions } from './export-options';
import {
  type BatchRow,
  editsSql,
  type EditRow,
  pairsSql,
  type SessionRow,
  sessionsSql,
} from './export-queries';
import { longTableSql } from './long-table';

/**
 * The export's reads: one connection, one REPEATABLE READ READ ONLY transaction (every file sees
 * the same data), each query streamed through a cursor so memory stays flat.
 */
export class ExportReader {
  private constructor(private readonly client: PoolClient) {}

  /**
   * A reader in a new transaction; with `snapshot` (from `exportSnapshot()` of an open reader) it
   * sees exactly the same data, so files can be written in parallel from one consistent state.
   */
  static async open(dataSource: DataSource, snapshot?: string): Promise<ExportReader> {
    const client = await readerPool(dataSource).connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (snapshot !== undefined)
        await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(snapshot)}`);
      // An export runs as long as its data needs: the server's per-request timeouts do not apply.
      await liftTimeouts((sql) => client.query(sql));
      // The cursors are read to the end: plan for all rows, not for a fast first row.
      await client.query('SET LOCAL cursor_tuple_fraction = 1.0');
      // Room for the per-item vote aggregation to stay in memory.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      // Compiling the export's expressions costs more than it saves on these scans (about a
      // second per query on the 1M-answer bench, EXPLAIN ANALYZE's JIT timing).
      await client.query('SET LOCAL jit = off');
      // An export already runs its reads side by side on several connections (and its workers
      // beside them): parallel workers for the pairs' aggregate added CPU (gather, partial and
      // final aggregation) without shortening the export (PostgreSQL 5.5 → 4.8 s on the bench).
      await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    } catch (error) {
      client.release();
      throw error;
    }
    return new ExportReader(client);
  }

  private closed = false;

  /** The transaction's snapshot id, for `open(dataSource, snapshot)` while this reader is open. */
  async exportSnapshot(): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    return rows[0].id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.query('COMMIT');
    } finally {
      this.client.release();
    }
  }

  /**
   * Gives the connection up on failure: it is closed, not returned to the pool. A COPY stream left
   * unread (its reader stopped on another stream's error) keeps the connection in COPY state, where
   * a COMMIT would wait forever; a read-only transaction needs no COMMIT.
   */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.release(new Error('export read abandoned'));
  }

  async batches(ids: number[]): Promise<BatchRow[]> {
    const all = ids.length === 0;
    const { rows } = await this.client.query<BatchRow>(
      `SELECT id, name, task_type FROM batch WHERE $1::boolean OR id = ANY($2::int[]) ORDER BY id`,
      [all, ids],
    );
    return rows;
  }

  /**
   * The pairs (pairsSql, PAIR_FIELDS) as PostgreSQL's text COPY stream: read with forEachCopyRow,
   * far cheaper than a row object per pair.
   */
  pairRows(batchIds: number[], options: ExportOptions): AsyncIterable<Buffer> {
    const select = this.inline(
      pairsSql(options.preferAdjudicated),
      this.aggregateParams(batchIds, options),
    );
    return this.client.query(copyTo(`COPY (${select}) TO STDOUT`)) as AsyncIterable<Buffer>;
  }

  /** Pairs that are items of more than one selected batch: their item ids (usually none). */
  async sharedPairItems(batchIds: number[], excludeGold: boolean): Promise<Map<string, number[]>> {
    const { rows } = await this.client.query<{ pair_id: string; ids: string[] }>(
      `SELECT pair_id, array_agg(id ORDER BY id)::text[] AS ids FROM batch_item
       WHERE batch_id = ANY($1::int[]) AND pair_id IS NOT NULL AND (NOT $2::boolean OR NOT is_gold)
       GROUP BY pair_id HAVING count(*) > 1`,
      [batchIds, excludeGold],
    );
    return new Map(rows.map((row) => [row.pair_id, row.ids.map(Number)]));
  }

  /** The selected batches' pairwise ones. */
  async pairwiseBatches(batchIds: number[]): Promise<number[]> {
    const { rows } = await this.client.query<{ id: number }>(
      `SELECT id FROM batch WHERE id = ANY($1::int[]) AND task_type = 'pairwise' ORDER BY id`,
      [batchIds],
    );
    return rows.map((row) => row.id);
  }

  /** The raw connection (inside the snapshot), for reads shared with other modules. */
  get connection(): PoolClient {
    return this.client;
  }

  edits(batchIds: number[], options: ExportOptions): AsyncIterable<EditRow> {
    return this.stream<EditRow>(
      editsSql(options.preferAdjudicated),
      this.aggregateParams(batchIds, options),
    );
  }

  sessions(batchIds: number[], options: ExportOptions): AsyncIterable<SessionRow> {
    return this.stream<SessionRow>(
      sessionsSql(options.preferAdjudicated),
      this.aggregateParams(batchIds, options),
    );
  }

  /** The answers of these batches (the long table's size before edit-type filters). */
  async answerCount(batchIds: number[], excludeGold: boolean): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(
      excludeGold
        ? `SELECT count(*) AS n FROM judgment_answer ja JOIN batch_item bi ON bi.id = ja.batch_item_id
           WHERE ja.batch_id = ANY($1::int[]) AND NOT bi.is_gold`
        : `SELECT count(*) AS n FROM judgment_answer WHERE batch_id = ANY($1::int[])`,
      [batchIds],
    );
    return Number(rows[0].n);
  }

  /** The raters who judged in these batches. */
  async raterIds(batchIds: number[]): Promise<number[]> {
    const { rows } = await this.client.query<{ rater_id: number }>(
      `SELECT DISTINCT rater_id FROM judgment WHERE batch_id = ANY($1::int[]) ORDER BY rater_id`,
      [batchIds],
    );
    return rows.map((row) => row.rater_id);
  }

  /** One of the long table's two COPY streams, text format (see longTableSql and LongTableWorker). */
  longTable(
    part: 'judgments' | 'answers',
    batchIds: number[],
    options: ExportOptions,
    pseudonyms: Map<number, string>,
  ): AsyncIterable<Buffer> {
    const select = longTableSql(this.client, batchIds, options, pseudonyms)[part];
    return this.client.query(copyTo(`COPY (${select}) TO STDOUT`)) as AsyncIterable<Buffer>;
  }

  private aggregateParams(batchIds: number[], options: ExportOptions): unknown[] {
    return [
      batchIds,
      options.excludeGold,
      options.minRaters,
      options.editTypes,
      options.categories,
    ];
  }

  /** `sql` with its parameters $1..$n written in as literals (COPY takes no parameters). */
  private inline(sql: string, params: unknown[]): string {
    return sql.replace(/\$(\d+)/g, (_, n: string) => this.literal(params[Number(n) - 1]));
  }

  private literal(value: unknown): string {
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      return this.client.escapeLiteral(`{${value.map(arrayElement).join(',')}}`);
    if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v)))
      return `'{${value.join(',')}}'`;
    throw new Error(`no SQL literal for ${JSON.stringify(value)}`);
  }

  private async *stream<T>(sql: string, params: unknown[]): AsyncIterable<T> {
    const stream = this.client.query(new QueryStream(sql, params, { batchSize: 2000 }));
    try {
      for await (const row of stream) yield row as T;
    } finally {
      stream.destroy();
    }
  }
}

/** An array element in PostgreSQL's array text form: quoted, `"` and `\` escaped. */
function arrayElement(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
