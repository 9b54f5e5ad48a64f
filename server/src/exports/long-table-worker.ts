import { closeSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { addExportBytes } from '../common/metrics/progress';
import { type FileSummary } from './file-sink';
import { HASHED, KINDS, LONG_TABLE_SOURCE, PER_ANSWER } from './long-table-source';
import { ENCODER_HEAP, type ParquetTable } from './parquet';
import { JUDGMENT_COLUMNS } from './records';

/** Rows per row group of the long table's Parquet twin (bounds the encoder's memory). */
const ROW_GROUP_ROWS = 65_536;
/** Chunks sent and not yet written before the sender waits. */
const MAX_IN_FLIGHT = 2;

/** What the long table's worker wrote: the two files, and Parquet rows (0 without a file). */
export interface LongTableCounts {
  json: FileSummary;
  csv: FileSummary;
  parquetRows: number;
}

/** The long table's two COPY streams (longTableSql): its judgments, and their answers. */
export const JUDGMENTS = 0;
export const ANSWERS = 1;
export type LongTableStream = typeof JUDGMENTS | typeof ANSWERS;

/**
 * The long table's worker (LONG_TABLE_SOURCE): `push` each COPY stream's bytes (a sender waits
 * while MAX_IN_FLIGHT of its stream's chunks are not yet taken: push the two streams from two
 * concurrent loops, since the worker takes from each only as the other's rows need), `endStream`
 * each, then `end`. It writes the JSONL file and the CSV file (its header first), created here
 * (`wx`) and closed here whatever happens, and with `parquet` the Parquet twin, while the table
 * streams; `counter.rows` follows the rows written.
 */
export class LongTableWorker {
  private readonly worker: Worker;
  private readonly fds: number[];
  private readonly inFlight = [0, 0];
  /** Buffers the worker gave back, for the next chunks. */
  private readonly spare: Uint8Array<ArrayBuffer>[] = [];
  /** The size of a chunk's buffer (the sender gathers about half a megabyte). */
  static readonly CHUNK_BYTES = (512 << 10) + (128 << 10);
  private readonly waiting: (() => void)[][] = [[], []];
  private failure: Error | null = null;
  /** The files' summaries, once both are written and the Parquet file is complete. */
  readonly finished: Promise<LongTableCounts>;

  constructor(
    files: { json: string; csv: string; csvHeader: string },
    parquet: {
      file: string;
      table: ParquetTable;
      counter?: { rows: number };
      /** Rows per row group (tests); default ROW_GROUP_ROWS. */
      rowGroupRows?: number;
    } | null,
    private readonly counter = { rows: 0 },
  ) {
    const spec = parquet ? [...parquet.table.columns, ['extra', 'STRING']] : [];
    const names = spec.slice(0, -1).map(([name]) => name);
    if (parquet && names.join() !== JUDGMENT_COLUMNS.join())
      throw new Error(`the Parquet columns of ${parquet.table.parquet} are not the long table's`);
    const json = openSync(files.json, 'wx');
    let csv: number;
    try {
      csv = openSync(files.csv, 'wx');
    } catch (error) {
      closeSync(json);
      throw error;
    }
    this.fds = [json, csv];
    try {
      this.worker = new Worker(LONG_TABLE_SOURCE, {
        eval: true,
        resourceLimits: ENCODER_HEAP,
        workerData: {
          names: JUDGMENT_COLUMNS,
          kinds: JUDGMENT_COLUMNS.map((column) => KINDS[column]),
          perAnswer: PER_ANSWER,
          files: { json, csv, csvHeader: files.csvHeader },
          parquet: parquet && {
            writerDir: path.dirname(createRequire(__filename).resolve('hyparquet-writer')),
            hashed: HASHED,
            file: parquet.file,
            spec,
            rowGroupSize: parquet.rowGroupRows ?? ROW_GROUP_ROWS,
          },
        },
      });
    } catch (error) {
      this.closeFiles();
      throw error;
    }
    this.finished = new Promise<LongTableCounts>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, counts?: LongTableCounts) => {
        if (settled) return;
        settled = true;
        // the worker writes nothing more once it answered, or once terminate() resolves
        void this.worker.terminate().finally(() => {
          this.closeFiles();
          this.failure = error;
          for (const queue of this.waiting) for (const wake of queue.splice(0)) wake();
          if (error) reject(error);
          else resolve(counts!);
        });
      };
      this.worker.on(
        'message',
        (message: {
          ack?: LongTableStream;
          chunk?: ArrayBuffer;
          rows?: number;
          bytes?: number;
          done?: boolean;
          json?: FileSummary;
          csv?: FileSummary;
          parquetRows?: number;
          error?: string;
        }) => {
          if (message.rows !== undefined) this.counter.rows = message.rows;
          if (message.parquetRows !== undefined && parquet?.counter)
            parquet.counter.rows = message.parquetRows;
          if (message.bytes) addExportBytes(message.bytes);
          if (message.chunk) this.spare.push(new Uint8Array(message.chunk));
          if (message.ack !== undefined) {
            this.inFlight[message.ack] -= 1;
            this.waiting[message.ack].shift()?.();
          }
          if (message.done)
            finish(null, {
              json: message.json!,
              csv: message.csv!,
              parquetRows: message.parquetRows!,
            });
          if (message.error !== undefined) finish(new Error(`long table: ${message.error}`));
        },
      );
      this.worker.on('error', (error) => finish(error));
      this.worker.on('exit', (code) => finish(new Error(`long table worker exited with ${code}`)));
    });
    this.finished.catch(() => undefined);
  }

  /**
   * Hands over a stream's COPY bytes (copied from `chunks` into a buffer the worker gives back
   * once it is done with it); waits while MAX_IN_FLIGHT of that stream's chunks are not given back.
   */
  async push(stream: LongTableStream, ...chunks: Buffer[]): Promise<void> {
    if (this.failure) throw this.failure;
    let size = 0;
    for (const chunk of chunks) size += chunk.length;
    if (size === 0) return;
    let bytes = this.spare.pop();
    if (!bytes || bytes.length < size)
      bytes = new Uint8Array(Math.max(size, LongTableWorker.CHUNK_BYTES));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    this.inFlight[stream] += 1;
    this.worker.postMessage({ stream, bytes, length: size }, [bytes.buffer]);
    while (this.inFlight[stream] > MAX_IN_FLIGHT && !this.failure)
      await new Promise<void>((resolve) => this.waiting[stream].push(resolve));
    if (this.failure) throw this.failure;
  }

  /** The stream has no more rows. */
  endStream(stream: LongTableStream): void {
    if (!this.failure) this.worker.postMessage({ end: stream });
  }

  /**
   * Once both streams ended: writes what is left, the last row group and the footer; resolves to
   * the summaries.
   */
  end(): Promise<LongTableCounts> {
    return this.finished;
  }

  /** Closes the two files (once; a close that fails is not this export's error to report). */
  private closeFiles(): void {
    for (const fd of this.fds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }

  /** Stops the worker and closes the files (on failure); the files are left to the caller. */
  async abort(): Promise<void> {
    await this.worker.terminate();
    await this.finished.catch(() => undefined);
  }
}
