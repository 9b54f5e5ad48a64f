import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { type FileSummary } from './file-sink';
import { PARQUET_TABLES, type ParquetTable, writeParquet } from './parquet';

/** Rows written so far per file, read by the export's heartbeat. */
export type LiveRows = Map<string, () => number>;

/** The size and sha256 of a written file (the manifest's entry). */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Parquet encoders at once (worker threads): the CPU is shared with PostgreSQL and the writer. */
const PARQUET_CONCURRENCY = 1;

/**
 * The Parquet twins of the JSONL files (same rows, same order), each encoded on a worker thread as
 * soon as its JSONL file is complete (`start`), at most PARQUET_CONCURRENCY at a time.
 */
export class ParquetJobs {
  private readonly jobs = new Map<string, Promise<FileSummary>>();
  private readonly aborts: (() => Promise<void>)[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly dir: string,
    private readonly live: LiveRows,
  ) {}

  /**
   * A twin written by someone else while its table streams (the long table's worker): where to
   * write it and the counter to keep; `track` hands over its row count (and how to stop it).
   * Its JSONL file's `start` is then a no-op.
   */
  streamed(jsonl: string): {
    file: string;
    table: ParquetTable;
    counter: { rows: number };
    track(rows: Promise<number>, abort: () => Promise<void>): void;
  } {
    const table = PARQUET_TABLES.find((candidate) => candidate.jsonl === jsonl)!;
    const counter = { rows: 0 };
    this.live.set(table.parquet, () => counter.rows);
    const file = path.join(this.dir, table.parquet);
    return {
      file,
      table,
      counter,
      track: (rows, abort) => {
        const job = rows.then(async (count) => ({ rows: count, ...(await hashFile(file)) }));
        job.catch(() => undefined);
        this.jobs.set(table.parquet, job);
        this.aborts.push(abort);
      },
    };
  }

  start(jsonl: string, rows: number): void {
    const table = PARQUET_TABLES.find((candidate) => candidate.jsonl === jsonl);
    if (!table || this.jobs.has(table.parquet)) return;
    const counter = { rows: 0 };
    this.live.set(table.parquet, () => counter.rows);
    const job = this.slot(async () => {
      const file = path.join(this.dir, table.parquet);
      await writeParquet(path.join(this.dir, table.jsonl), file, table, counter);
      return { rows, ...(await hashFile(file)) };
    });
    job.catch(() => undefined);
    this.jobs.set(table.parquet, job);
  }

  /** Every table's summary, in table order. */
  async results(): Promise<Record<string, FileSummary>> {
    const out: Record<string, FileSummary> = {};
    for (const table of PARQUET_TABLES) out[table.parquet] = await this.jobs.get(table.parquet)!;
    return out;
  }

  /** Waits for the started ones (on failure, before the temp folder goes). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.aborts.map((abort) => abort()));
    await Promise.allSettled(this.jobs.values());
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= PARQUET_CONCURRENCY)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
