import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { COLUMN_ENCODER_SOURCE } from './parquet-columns';

type ColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

/** Columns of the Parquet twin of a JSONL file; objects and arrays are JSON text. */
export interface ParquetTable {
  jsonl: string;
  parquet: string;
  columns: [string, ColumnType][];
  /**
   * STRING columns with (nearly) a different value per row: their dictionary is only their
   * values in order (no lookup of earlier entries); the others are looked up (COLUMN_ENCODER_SOURCE).
   */
  plain?: string[];
}

const S = 'STRING';
export const PARQUET_TABLES: ParquetTable[] = [
  {
    jsonl: 'preference.jsonl',
    parquet: 'preference.parquet',
    columns: [
      ['output_image', S],
      ['rejected_images', S],
      ['text', S],
      ['edit_type', S],
      ['open_image_input_url', S],
      ['summarized_text', S],
      ['human', S],
    ],
    plain: ['output_image', 'rejected_images', 'text', 'summarized_text', 'human'],
  },
  {
    jsonl: 'dpo.jsonl',
    parquet: 'dpo.parquet',
    columns: [
      ['prompt', S],
      ['source_image', S],
      ['chosen', S],
      ['rejected', S],
      ['margin', 'DOUBLE'],
      ['criteria', S],
    ],
    plain: ['prompt', 'chosen', 'rejected'],
  },
  {
    jsonl: 'sft.jsonl',
    parquet: 'sft.parquet',
    columns: [
      ['open_image_input_url', S],
      ['text', S],
      ['output_image', S],
      ['edit_type', S],
      ['summarized_text', S],
      ['original_edit_type', S],
      ['human', S],
    ],
    plain: ['text', 'output_image', 'summarized_text', 'human'],
  },
  {
    jsonl: 'multi-turn.jsonl',
    parquet: 'multi-turn.parquet',
    columns: [
      ['files', S],
      ['metadata_edit_turn_prompts', S],
      ['human', S],
    ],
    plain: ['files', 'metadata_edit_turn_prompts', 'human'],
  },
  {
    jsonl: 'judgments.jsonl',
    parquet: 'judgments.parquet',
    columns: [
      ['judgment_id', S],
      ['batch_id', 'INT32'],
      ['item_id', S],
      ['subject', S],
      ['task_type', S],
      ['rater', S],
      ['question', S],
      ['value', S],
      ['presented', S],
      ['dwell_ms', 'INT32'],
      ['is_gold', 'BOOLEAN'],
      ['created_at', S],
      ['revised_at', S],
      ['revision', 'INT32'],
    ],
  },
];

/** One JSONL record as a Parquet row: known columns, the rest (unknown keys) in `extra`. */
export function parquetRow(
  record: Record<string, unknown>,
  table: ParquetTable,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const [name, type] of table.columns) {
    known.add(name);
    const value = record[name];
    row[name] =
      value === undefined || value === null
        ? null
        : type === S && typeof value !== 'string'
          ? JSON.stringify(value)
          : value;
  }
  const extra = Object.keys(record).filter((key) => !known.has(key));
  row.extra =
    extra.length === 0
      ? null
      : JSON.stringify(Object.fromEntries(extra.map((k) => [k, record[k]])));
  return row;
}

/**
 * The Parquet encoder of the JSONL files, one worker thread for all of an export's tables (each
 * table a job; a worker's start-up and hyparquet-writer's loading are paid once). Plain
 * JavaScript. The JSONL lines were written by JSON.stringify, so each top-level member's bytes
 * are already what `parquetRow` makes of it: a string without escapes is its bytes between the
 * quotes, an object or array its JSON text, `extra` the unknown members' bytes. So a line is only
 * scanned for its members' byte ranges, never parsed (an escaped string is JSON.parse'd,
 * non-STRING columns too); the Parquet read-back test holds this to `parquetRow`. The bytes go to
 * the column encoders (COLUMN_ENCODER_SOURCE), a row group every `rowGroupSize` rows (sooner
 * when a dictionary is full). A job reads its JSONL file; jobs run one after the other; each
 * reports its row count and answers `done` or `error`.
 */
const WORKER_SOURCE = `
${COLUMN_ENCODER_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const BACKSLASH = 92, QUOTE = 34, COMMA = 44;

/** The end of the JSON string starting at the quote at i (after its closing quote); e bounds it. */
function stringEnd(t, buf, i, e) {
  for (i += 1; i < e && buf[i] !== QUOTE; i += 1) if (buf[i] === BACKSLASH) i += 1;
  if (i >= e) t.malformed();
  return i + 1;
}

/** The end of the JSON value starting at i (compact JSON, as JSON.stringify writes it). */
function valueEnd(t, buf, i, e) {
  const first = buf[i];
  if (first === QUOTE) return stringEnd(t, buf, i, e);
  if (first !== 123 && first !== 91) {
    while (i < e && buf[i] !== COMMA && buf[i] !== 125) i += 1;
    if (i >= e) t.malformed();
    return i;
  }
  let depth = 0;
  do {
    if (i >= e) t.malformed();
    const b = buf[i];
    if (b === QUOTE) { i = stringEnd(t, buf, i, e); continue; }
    if (b === 123 || b === 91) depth += 1;
    else if (b === 125 || b === 93) depth -= 1;
    i += 1;
  } while (depth > 0);
  return i;
}

function hasBackslash(buf, s, e) {
  for (let i = s; i < e; i += 1) if (buf[i] === BACKSLASH) return true;
  return false;
}

/** One table being encoded: its columns, its encoders and its file. */
class Table {
  constructor(hw, job) {
    const { jsonlFile, parquetFile, columns, plain, rowGroupSize } = job;
    this.jsonlFile = jsonlFile;
    this.width = columns.length;
    this.names = columns.map((c) => Buffer.from(JSON.stringify(c[0]).slice(1, -1), 'utf8'));
    this.types = columns.map((c) => c[1]);
    this.index = new Map(columns.map((c, i) => [c[0], i]));
    this.guess = [];
    this.seen = new Uint8Array(this.width);
    this.rowGroupSize = rowGroupSize;
    const hashed = columns.filter(([name]) => !plain.includes(name)).map(([name]) => name);
    this.file = columnFile(hw, parquetFile, [...columns, ['extra', 'STRING']], hashed, rowGroupSize);
    this.encoders = this.file.encoders;
    this.carry = null;
  }

  malformed() {
    throw new Error('a line of ' + this.jsonlFile + ' is not a JSON object as JSON.stringify writes it');
  }

  /** The column of the key buf[s, e) (the member's position first: records keep their key order). */
  columnOf(buf, s, e, m) {
    const c = this.guess[m], names = this.names;
    if (c !== undefined && c >= 0 && names[c].length === e - s && buf.compare(names[c], 0, names[c].length, s, e) === 0) return c;
    const key = hasBackslash(buf, s, e) ? JSON.parse(buf.toString('utf8', s - 1, e + 1)) : buf.toString('utf8', s, e);
    const found = this.index.has(key) ? this.index.get(key) : -1;
    this.guess[m] = found;
    return found;
  }

  /** Column c's member value buf[s, e) into its encoder (a STRING of any other JSON kind is its text). */
  cell(buf, c, s, e) {
    const out = this.encoders[c];
    if (e - s === 4 && buf[s] === 110 && buf[s + 1] === 117) { out.nul(); return; } // null
    switch (this.types[c]) {
      case 'DOUBLE': out.double(JSON.parse(buf.toString('latin1', s, e))); return;
      case 'INT32': out.int32(JSON.parse(buf.toString('latin1', s, e))); return;
      case 'BOOLEAN': out.bool(buf[s] === 116); return;
    }
    if (buf[s] === QUOTE) {
      if (hasBackslash(buf, s + 1, e - 1)) { const b = Buffer.from(JSON.parse(buf.toString('utf8', s, e)), 'utf8'); out.bytes(b, 0, b.length); return; }
      s += 1; e -= 1;
    }
    out.bytes(buf, s, e);
  }

  /** One line buf[s, e) (a JSON object) as a row: absent columns are null. */
  line(buf, s, e) {
    const seen = this.seen, width = this.width, encoders = this.encoders;
    let extra = null;
    if (buf[s] !== 123) this.malformed();
    seen.fill(0);
    let i = s + 1;
    for (let m = 0; buf[i] !== 125; m += 1) {
      if (i >= e || buf[i] !== QUOTE) this.malformed();
      const ks = i + 1;
      const ke = stringEnd(this, buf, i, e) - 1;
      const vs = ke + 2;
      const ve = valueEnd(this, buf, vs, e);
      const c = this.columnOf(buf, ks, ke, m);
      if (c >= 0) {
        if (seen[c]) this.malformed();
        seen[c] = 1;
        this.cell(buf, c, vs, ve);
      } else extra = (extra === null ? '{' : extra + ',') + buf.toString('utf8', i, ve);
      i = buf[ve] === COMMA ? ve + 1 : ve;
    }
    for (let c = 0; c < width; c++) if (!seen[c]) encoders[c].nul();
    if (extra === null) encoders[width].nul();
    else { const b = Buffer.from(extra + '}', 'utf8'); encoders[width].bytes(b, 0, b.length); }
    if (encoders[0].rows === this.rowGroupSize || this.file.full) {
      this.file.group();
      return true;
    }
    return false;
  }

  /** Whole lines out of raw chunks (no readline, no string decoder); true when a group was written. */
  chunk(chunk) {
    let start = 0, grouped = false;
    if (this.carry) {
      // the line cut at the last chunk's end: joined with its rest alone, not the whole chunk
      const end = chunk.indexOf(10);
      if (end === -1) { this.carry = Buffer.concat([this.carry, chunk]); return false; }
      const line = Buffer.concat([this.carry, chunk.subarray(0, end)]);
      this.carry = null;
      if (line.length > 0 && this.line(line, 0, line.length)) grouped = true;
      start = end + 1;
    }
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      if (end > start && this.line(chunk, start, end)) grouped = true;
      start = end + 1;
    }
    // the encoders copy what they keep: the carry is a copy of the cut line only
    this.carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : null;
    return grouped;
  }

  finish() {
    if (this.carry && this.carry.length > 0) this.line(this.carry, 0, this.carry.length);
    this.file.finish();
    return this.file.rows;
  }
}

async function encodeFile(hw, job) {
  const table = new Table(hw, job);
  for await (const chunk of fs.createReadStream(job.jsonlFile, { highWaterMark: 256 << 10 }))
    if (table.chunk(chunk)) parentPort.postMessage({ job: job.id, rows: table.file.rows });
  parentPort.postMessage({ job: job.id, rows: table.finish() });
}

// one job at a time (a table's row group in memory, not several): the CPU is one thread anyway
let queue = loadWriter(workerData.writerDir);
parentPort.on('message', (job) => {
  const run = queue.then((hw) => encodeFile(hw, job).then(
    () => parentPort.postMessage({ job: job.id, done: true }),
    (error) => parentPort.postMessage({ job: job.id, error: String((error && error.stack) || error) }),
  ).then(() => hw));
  queue = run;
});
`;

const ROW_GROUP_SIZE = 4_000;

/** An encoder worker's heap: one row group at a time, so a small heap keeps the collector tight. */
export const ENCODER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/**
 * One worker thread that writes Parquet files from JSONL files (`encode`, any number, each
 * streamed: one row group in memory at a time); `close` when done.
 */
export class ParquetEncoder {
  private readonly worker: Worker;
  private readonly jobs = new Map<
    number,
    { counter: { rows: number }; resolve(): void; reject(error: Error): void; table: string }
  >();
  private nextId = 1;
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: ENCODER_HEAP,
      workerData: {
        writerDir: path.dirname(createRequire(__filename).resolve('hyparquet-writer')),
      },
    });
    this.worker.on(
      'message',
      (message: { job: number; rows?: number; done?: boolean; error?: string }) => {
        const job = this.jobs.get(message.job);
        if (!job) return;
        if (message.rows !== undefined) job.counter.rows = message.rows;
        if (message.done || message.error !== undefined) this.jobs.delete(message.job);
        if (message.done) job.resolve();
        if (message.error !== undefined)
          job.reject(new Error(`Parquet ${job.table}: ${message.error}`));
      },
    );
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const job of this.jobs.values()) job.reject(this.failure);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`Parquet worker exited with ${code}`)));
  }

  /** Writes `parquetFile` from `jsonlFile`; `counter.rows` follows the rows encoded. */
  encode(
    jsonlFile: string,
    parquetFile: string,
    table: ParquetTable,
    counter = { rows: 0 },
  ): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) =>
      this.jobs.set(id, { counter, resolve, reject, table: table.parquet }),
    );
    this.worker.postMessage({
      id,
      jsonlFile,
      parquetFile,
      columns: table.columns,
      plain: table.plain ?? [],
      rowGroupSize: ROW_GROUP_SIZE,
    });
    return done;
  }

  /** Stops the worker (a job still running fails). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Writes `parquetFile` from `jsonlFile` on a worker of its own (see ParquetEncoder). */
export async function writeParquet(
  jsonlFile: string,
  parquetFile: string,
  table: ParquetTable,
  counter = { rows: 0 },
): Promise<void> {
  const encoder = new ParquetEncoder();
  try {
    await encoder.encode(jsonlFile, parquetFile, table, counter);
  } finally {
    await encoder.close();
  }
}
