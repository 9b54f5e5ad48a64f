import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { type FileSummary } from './file-sink';
import { ParquetEncoder, PARQUET_TABLES, type ParquetTable } from './parquet';

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

/**
 * Encoder workers at once: the twins are encoded at the end of an export (after the long table,
 * see `after`), when the two cores are otherwise idle; each worker costs ~15 MB.
 */
const ENCODERS = 2;

/**
 * The Parquet twins of the JSONL files (same rows, same order), each encoded as soon as its JSONL
 * file is complete (`start`) and the work it is held `after` is done, on at most ENCODERS worker
 * threads (ParquetEncoder, each started when needed and running its jobs one after the other).
 */
export class ParquetJobs {
  private readonly jobs = new Map<string, Promise<FileSummary>>();
  private readonly aborts: (() => Promise<void>)[] = [];
  /** At most ENCODERS workers, each running its jobs one after the other. */
  private readonly encoders: { encoder: ParquetEncoder; busy: number }[] = [];
  /** Resolved once `after`'s work settles, or by `settle()`: the jobs wait for it. */
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  private stopped = false;

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
    const file = path.join(this.dir, table.parquet);
    const job = this.gate
      .then(() => {
        if (this.stopped) throw new Error(`Parquet ${table.parquet}: the export stopped`);
        return this.onEncoder((encoder) =>
          encoder.encode(path.join(this.dir, table.jsonl), file, table, counter),
        );
      })
      .then(async () => ({ rows, ...(await hashFile(file)) }));
    job.catch(() => undefined);
    this.jobs.set(table.parquet, job);
  }

  /**
   * Lets the jobs run once `work` settles (the long table's worker): the two workers then do not
   * hold their memory at once. Until then `start` only queues them.
   */
  after(work: Promise<unknown>): void {
    void work.then(this.open, this.open);
  }

  /** Every table's summary, in table order (then the encoders stop). */
  async results(): Promise<Record<string, FileSummary>> {
    const out: Record<string, FileSummary> = {};
    try {
      for (const table of PARQUET_TABLES) out[table.parquet] = await this.jobs.get(table.parquet)!;
    } finally {
      await this.closeEncoders();
    }
    return out;
  }

  /** Stops every job (on failure, before the temp folder goes). */
  async settle(): Promise<void> {
    this.stopped = true;
    this.open();
    await Promise.allSettled(this.aborts.map((abort) => abort()));
    await this.closeEncoders();
    await Promise.allSettled(this.jobs.values());
  }

  /** Runs `job` on an idle encoder, a new one while there are fewer than ENCODERS, else the least busy. */
  private async onEncoder(job: (encoder: ParquetEncoder) => Promise<void>): Promise<void> {
    let slot = this.encoders.find((candidate) => candidate.busy === 0);
    if (!slot && this.encoders.length < ENCODERS) {
      slot = { encoder: new ParquetEncoder(), busy: 0 };
      this.encoders.push(slot);
    }
    slot ??= this.encoders.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy += 1;
    try {
      await job(slot.encoder);
    } finally {
      slot.busy -= 1;
    }
  }

  private async closeEncoders(): Promise<void> {
    await Promise.allSettled(this.encoders.map(({ encoder }) => encoder.close()));
  }
}
