import { once } from 'node:events';
import { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type DatasetKind } from '@peel/shared';
import { type ImportRun } from './import-run';
import { createWorkTables, MERGERS } from './merge';
import { copyStageSql, createStageSql, STAGE_TABLE } from './staging';
import { RowWriter } from './stream-write';

/**
 * One COPY of every accepted line into the staging table, then one set-based merge, all inside
 * the import's transaction. The database holds the rows, so memory stays flat whatever the size.
 * (Merging in chunks to overlap parsing with merging was measured and lost: each chunk rescans
 * the growing tables, and the merge, not the parse, is the bottleneck.)
 */
export class StageLoader {
  private constructor(
    private readonly client: PoolClient,
    private readonly run: ImportRun,
    private readonly kind: DatasetKind,
    private readonly writer: RowWriter,
    private readonly copy: NodeJS.WritableStream & { destroy(error?: Error): void },
  ) {}

  static async open(client: PoolClient, run: ImportRun, kind: DatasetKind): Promise<StageLoader> {
    await client.query(createStageSql(kind));
    await createWorkTables(client);
    const copy = client.query(copyFrom(copyStageSql(kind)));
    // A COPY error surfaces through the pending write or `end`; never as an unhandled event.
    copy.on('error', () => undefined);
    return new StageLoader(client, run, kind, new RowWriter(copy), copy);
  }

  /**
   * Cancels the COPY (a CopyFail to the server) when the input fails midway, so the connection
   * answers the ROLLBACK that follows instead of waiting for the rest of the COPY forever.
   */
  async abort(error: Error): Promise<void> {
    const closed = once(this.copy, 'close').catch(() => undefined);
    this.copy.destroy(error);
    await closed;
  }

  push(row: string | undefined): Promise<void> {
    return this.writer.push(row);
  }

  /** Ends the COPY and drops the lines that repeat an earlier line's natural key. */
  async finishStaging(): Promise<void> {
    await this.writer.end();
    await this.client.query(`ANALYZE ${STAGE_TABLE}`);
    await this.run.rejectDuplicates(this.client);
  }

  /** Merges the staged lines into the dataset tables under the given import's id. */
  async merge(importId: string): Promise<void> {
    this.run.addCounts(await MERGERS[this.kind](this.client, importId));
  }
}
