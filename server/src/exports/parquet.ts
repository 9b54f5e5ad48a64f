import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

type ColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN';

/** Columns of the Parquet twin of a JSONL file; objects and arrays are JSON text. */
export interface ParquetTable {
  jsonl: string;
  parquet: string;
  columns: [string, ColumnType][];
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
  },
  {
    jsonl: 'multi-turn.jsonl',
    parquet: 'multi-turn.parquet',
    columns: [
      ['files', S],
      ['metadata_edit_turn_prompts', S],
      ['human', S],
    ],
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
 * The Parquet encoder, run on a worker thread (encoding is CPU-bound, and each table gets its own
 * worker so they encode in parallel with each other). Plain JavaScript: it builds each row exactly
 * as `parquetRow` does (the Parquet read-back test holds the two together), reports its row count
 * every row group and answers `done` or `error`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
const { writerPath, jsonlFile, parquetFile, columns, rowGroupSize } = workerData;
const known = new Set(columns.map((c) => c[0]));
function row(record) {
  const out = {};
  for (const [name, type] of columns) {
    const value = record[name];
    out[name] = value === undefined || value === null ? null
      : type === 'STRING' && typeof value !== 'string' ? JSON.stringify(value) : value;
  }
  const extra = Object.keys(record).filter((key) => !known.has(key));
  out.extra = extra.length === 0 ? null
    : JSON.stringify(Object.fromEntries(extra.map((k) => [k, record[k]])));
  return out;
}
async function* rows() {
  // whole lines out of raw chunks: no readline, no string decoder, one string per line
  let n = 0;
  let carry = null;
  for await (const chunk of fs.createReadStream(jsonlFile, { highWaterMark: 1 << 20 })) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
      if (end > start) {
        n += 1;
        if (n % rowGroupSize === 0) parentPort.postMessage({ rows: n });
        yield row(JSON.parse(buf.toString('utf8', start, end)));
      }
      start = end + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
  }
  if (carry && carry.length > 0) {
    n += 1;
    yield row(JSON.parse(carry.toString('utf8')));
  }
  parentPort.postMessage({ rows: n });
}
import(pathToFileURL(writerPath).href)
  .then(({ fileWriter, parquetWriteRows }) =>
    parquetWriteRows({
      writer: fileWriter(parquetFile),
      rows: rows(),
      columns: [...columns, ['extra', 'STRING']].map(([name, type]) => ({
        name, type, nullable: true,
      })),
      rowGroupSize,
      createdBy: 'peel',
    }),
  )
  .then(() => parentPort.postMessage({ done: true }))
  .catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

const ROW_GROUP_SIZE = 10_000;

/** An encoder worker's heap: one row group at a time, so a small heap keeps the collector tight. */
export const ENCODER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * Writes `parquetFile` from `jsonlFile` on a worker thread, streaming (one row group in memory at a
 * time); `counter.rows` follows the rows encoded.
 */
export function writeParquet(
  jsonlFile: string,
  parquetFile: string,
  table: ParquetTable,
  counter = { rows: 0 },
): Promise<void> {
  const writerPath = createRequire(__filename).resolve('hyparquet-writer');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: ENCODER_HEAP,
    workerData: {
      writerPath,
      jsonlFile,
      parquetFile,
      columns: table.columns,
      rowGroupSize: ROW_GROUP_SIZE,
    },
  });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: { rows?: number; done?: boolean; error?: string }) => {
      if (message.rows !== undefined) counter.rows = message.rows;
      if (message.done) finish();
      if (message.error !== undefined)
        finish(new Error(`Parquet ${table.parquet}: ${message.error}`));
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`Parquet worker exited with ${code}`)));
  });
}
