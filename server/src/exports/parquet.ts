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
 * The Parquet encoder, run on a worker thread (encoding is CPU-bound, and each table gets its own
 * worker so they encode in parallel with each other). Plain JavaScript. The JSONL lines were
 * written by JSON.stringify, so each top-level member's bytes are already what `parquetRow` makes
 * of it: a string without escapes is its bytes between the quotes, an object or array its JSON
 * text, `extra` the unknown members' bytes. So a line is only scanned for its members' byte
 * ranges, never parsed (an escaped string is JSON.parse'd, non-STRING columns too); the
 * Parquet read-back test holds this to `parquetRow`. The bytes go to the column encoders
 * (COLUMN_ENCODER_SOURCE), a row group every `rowGroupSize` rows (sooner when a dictionary is
 * full); reports its row count and answers `done` or `error`.
 */
const WORKER_SOURCE = `
${COLUMN_ENCODER_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { writerDir, jsonlFile, parquetFile, columns, plain, rowGroupSize } = workerData;
const width = columns.length;
const names = columns.map((c) => Buffer.from(JSON.stringify(c[0]).slice(1, -1), 'utf8'));
const types = columns.map((c) => c[1]);
const index = new Map(columns.map((c, i) => [c[0], i]));
const BACKSLASH = 92, QUOTE = 34, COMMA = 44;

function malformed() {
  throw new Error('a line of ' + jsonlFile + ' is not a JSON object as JSON.stringify writes it');
}

/** The end of the JSON string starting at the quote at i (after its closing quote); e bounds it. */
function stringEnd(buf, i, e) {
  for (i += 1; i < e && buf[i] !== QUOTE; i += 1) if (buf[i] === BACKSLASH) i += 1;
  if (i >= e) malformed();
  return i + 1;
}

/** The end of the JSON value starting at i (compact JSON, as JSON.stringify writes it). */
function valueEnd(buf, i, e) {
  const first = buf[i];
  if (first === QUOTE) return stringEnd(buf, i, e);
  if (first !== 123 && first !== 91) {
    while (i < e && buf[i] !== COMMA && buf[i] !== 125) i += 1;
    if (i >= e) malformed();
    return i;
  }
  let depth = 0;
  do {
    if (i >= e) malformed();
    const b = buf[i];
    if (b === QUOTE) { i = stringEnd(buf, i, e); continue; }
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

/** The column of the key buf[s, e) (the member's position first: records keep their key order). */
const guess = [];
function columnOf(buf, s, e, m) {
  const c = guess[m];
  if (c !== undefined && c >= 0 && names[c].length === e - s && buf.compare(names[c], 0, names[c].length, s, e) === 0) return c;
  const key = hasBackslash(buf, s, e) ? JSON.parse(buf.toString('utf8', s - 1, e + 1)) : buf.toString('utf8', s, e);
  const found = index.has(key) ? index.get(key) : -1;
  guess[m] = found;
  return found;
}

/** Column c's member value buf[s, e) into its encoder (a STRING of any other JSON kind is its text). */
function cell(buf, c, s, e) {
  const out = encoders[c];
  if (e - s === 4 && buf[s] === 110 && buf[s + 1] === 117) { out.nul(); return; } // null
  switch (types[c]) {
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

let file = null, encoders = null;
const seen = new Uint8Array(width);

/** One line buf[s, e) (a JSON object) as a row: absent columns are null. */
function line(buf, s, e) {
  let extra = null;
  if (buf[s] !== 123) malformed();
  seen.fill(0);
  let i = s + 1;
  for (let m = 0; buf[i] !== 125; m += 1) {
    if (i >= e || buf[i] !== QUOTE) malformed();
    const ks = i + 1;
    const ke = stringEnd(buf, i, e) - 1;
    const vs = ke + 2;
    const ve = valueEnd(buf, vs, e);
    const c = columnOf(buf, ks, ke, m);
    if (c >= 0) {
      if (seen[c]) malformed();
      seen[c] = 1;
      cell(buf, c, vs, ve);
    } else extra = (extra === null ? '{' : extra + ',') + buf.toString('utf8', i, ve);
    i = buf[ve] === COMMA ? ve + 1 : ve;
  }
  for (let c = 0; c < width; c++) if (!seen[c]) encoders[c].nul();
  if (extra === null) encoders[width].nul();
  else { const b = Buffer.from(extra + '}', 'utf8'); encoders[width].bytes(b, 0, b.length); }
  if (encoders[0].rows === rowGroupSize || file.full) {
    file.group();
    parentPort.postMessage({ rows: file.rows });
  }
}

async function run() {
  const hw = await loadWriter(writerDir);
  const hashed = columns.filter(([name]) => !plain.includes(name)).map(([name]) => name);
  file = columnFile(hw, parquetFile, [...columns, ['extra', 'STRING']], hashed, rowGroupSize);
  encoders = file.encoders;
  // whole lines out of raw chunks: no readline, no string decoder
  let carry = null;
  for await (const chunk of fs.createReadStream(jsonlFile, { highWaterMark: 1 << 20 })) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
      if (end > start) line(buf, start, end);
      start = end + 1;
    }
    // the rows of this chunk hold views of it: the carry is a copy
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
  }
  if (carry && carry.length > 0) line(carry, 0, carry.length);
  file.finish();
  parentPort.postMessage({ rows: file.rows });
}
run()
  .then(() => parentPort.postMessage({ done: true }))
  .catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

const ROW_GROUP_SIZE = 10_000;

/** An encoder worker's heap: one row group at a time, so a small heap keeps the collector tight. */
export const ENCODER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

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
  const writerDir = path.dirname(createRequire(__filename).resolve('hyparquet-writer'));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: ENCODER_HEAP,
    workerData: {
      writerDir,
      jsonlFile,
      parquetFile,
      columns: table.columns,
      plain: table.plain ?? [],
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
