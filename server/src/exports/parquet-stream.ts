import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ENCODER_HEAP, type ParquetTable } from './parquet';

/**
 * The fields of a judgment in the long table's `columns` arrays (longTableSql), in order; each
 * answer adds its `question` and `value`.
 */
export const LONG_TABLE_FIELDS = [
  'judgment_id',
  'batch_id',
  'item_id',
  'subject',
  'task_type',
  'rater',
  'presented',
  'dwell_ms',
  'is_gold',
  'created_at',
  'revised_at',
  'revision',
] as const;

/**
 * The streaming encoder of the long table's Parquet twin, on a worker thread: it takes the
 * long table's `columns` lines (one JSON array per judgment) as the COPY stream delivers them,
 * fills one array per column (a judgment's fields parsed once for all its answers, each value as
 * `parquetRow` makes it) and writes a row group each ROW_GROUP_ROWS rows, so memory is bounded by
 * one row group. Acknowledges each chunk (the sender's backpressure) and answers `done` or `error`.
 */
const STREAM_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { writerPath, parquetFile, columns, sources, rowGroupSize } = workerData;
const width = columns.length + 1; // + extra, always null here
const strings = columns.map((c) => c[1] === 'STRING');
const pending = [];
let handle = null;
parentPort.on('message', (message) => (handle ? handle(message) : pending.push(message)));
function fail(error) {
  parentPort.postMessage({ error: String((error && error.stack) || error) });
}
import(pathToFileURL(writerPath).href)
  .then(({ fileWriter, ParquetWriter, schemaFromColumnData }) => {
    const spec = [...columns, ['extra', 'STRING']];
    const schema = schemaFromColumnData({
      columnData: spec.map(([name, type]) => ({ name, type, nullable: true, data: [] })),
    });
    const pq = new ParquetWriter({ writer: fileWriter(parquetFile), schema, createdBy: 'peel' });
    let cols = null;
    let n = 0;
    let total = 0;
    let groups = 0;
    const fresh = () => {
      cols = [];
      for (let c = 0; c < width; c++) cols.push(new Array(rowGroupSize));
      cols[width - 1].fill(null);
      n = 0;
    };
    const flush = () => {
      if (n === 0 && groups > 0) return;
      for (const col of cols) col.length = n;
      pq.write({ columnData: spec.map(([name], c) => ({ name, data: cols[c] })), rowGroupSize: n });
      groups += 1;
      total += n;
      fresh();
    };
    const cell = (value, c) =>
      value === undefined || value === null ? null
        : strings[c] && typeof value !== 'string' ? JSON.stringify(value) : value;
    const judgment = (array) => {
      const fields = array[0];
      for (let a = 1; a < array.length; a += 2) {
        for (let c = 0; c < columns.length; c++) {
          const s = sources[c];
          cols[c][n] = cell(s >= 0 ? fields[s] : s === -2 ? array[a] : array[a + 1], c);
        }
        n += 1;
        if (n === rowGroupSize) flush();
      }
    };
    fresh();
    handle = (message) => {
      try {
        if (message.end) {
          flush();
          pq.finish();
          parentPort.postMessage({ done: true, rows: total });
          return;
        }
        const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
        let start = 0;
        for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
          judgment(JSON.parse(buf.toString('utf8', start, end)));
          start = end + 1;
        }
        parentPort.postMessage({ ack: true, rows: total + n });
      } catch (error) {
        handle = () => undefined;
        fail(error);
      }
    };
    for (const message of pending.splice(0)) handle(message);
  })
  .catch(fail);
`;

/** Rows per row group of the long table's Parquet twin (bounds the encoder's memory). */
const ROW_GROUP_ROWS = 20_000;
/** Chunks sent to the encoder and not yet encoded before the sender waits. */
const MAX_IN_FLIGHT = 8;

/**
 * Writes the long table's Parquet twin while the long table streams: `push` each chunk's
 * `columns` bytes (whole lines), then `end`. `counter.rows` follows the rows encoded.
 */
export class LongTableParquet {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiting: (() => void)[] = [];
  private failure: Error | null = null;
  /** The rows written, once the file is complete. */
  readonly finished: Promise<number>;

  constructor(
    parquetFile: string,
    table: ParquetTable,
    private readonly counter = { rows: 0 },
  ) {
    const sources = table.columns.map(([name]) =>
      name === 'question'
        ? -2
        : name === 'value'
          ? -3
          : LONG_TABLE_FIELDS.indexOf(name as (typeof LONG_TABLE_FIELDS)[number]),
    );
    const unknown = table.columns.find((_, c) => sources[c] === -1);
    if (unknown) throw new Error(`no long-table field for Parquet column ${unknown[0]}`);
    this.worker = new Worker(STREAM_WORKER_SOURCE, {
      eval: true,
      resourceLimits: ENCODER_HEAP,
      workerData: {
        writerPath: createRequire(__filename).resolve('hyparquet-writer'),
        parquetFile,
        columns: table.columns,
        sources,
        rowGroupSize: ROW_GROUP_ROWS,
      },
    });
    this.finished = new Promise<number>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, rows = 0) => {
        if (settled) return;
        settled = true;
        void this.worker.terminate();
        this.failure = error;
        for (const wake of this.waiting.splice(0)) wake();
        if (error) reject(error);
        else resolve(rows);
      };
      this.worker.on(
        'message',
        (message: { ack?: boolean; rows?: number; done?: boolean; error?: string }) => {
          if (message.rows !== undefined) this.counter.rows = message.rows;
          if (message.ack) {
            this.inFlight -= 1;
            this.waiting.shift()?.();
          }
          if (message.done) finish(null, message.rows);
          if (message.error !== undefined)
            finish(new Error(`Parquet ${table.parquet}: ${message.error}`));
        },
      );
      this.worker.on('error', (error) => finish(error));
      this.worker.on('exit', (code) => finish(new Error(`Parquet worker exited with ${code}`)));
    });
    this.finished.catch(() => undefined);
  }

  /** Hands over whole `columns` lines; waits while the encoder is MAX_IN_FLIGHT chunks behind. */
  async push(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (bytes.length === 0) return;
    const copy = new Uint8Array(bytes);
    this.inFlight += 1;
    this.worker.postMessage(copy, [copy.buffer]);
    while (this.inFlight > MAX_IN_FLIGHT && !this.failure)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** Writes the last row group and the footer; resolves to the rows written. */
  end(): Promise<number> {
    if (!this.failure) this.worker.postMessage({ end: true });
    return this.finished;
  }

  /** Stops the encoder (on failure); its file is left to the caller. */
  async abort(): Promise<void> {
    await this.worker.terminate();
    await this.finished.catch(() => undefined);
  }
}
