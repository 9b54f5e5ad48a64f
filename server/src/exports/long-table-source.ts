import { JUDGMENT_COLUMNS } from './records';

/**
 * How each long-table column is written: `id` a bigint as a JSON string (`"42"`), `int` a JSON
 * number, `bool` true/false, `text` a JSON string. In CSV every kind is its text (booleans as
 * true/false), text quoted as COPY's CSV quotes it; NULL is JSON null and an empty CSV field.
 */
export const KINDS: Record<(typeof JUDGMENT_COLUMNS)[number], 'id' | 'int' | 'bool' | 'text'> = {
  judgment_id: 'id',
  batch_id: 'int',
  item_id: 'id',
  subject: 'text',
  task_type: 'text',
  rater: 'text',
  question: 'text',
  value: 'text',
  presented: 'text',
  dwell_ms: 'int',
  is_gold: 'bool',
  created_at: 'text',
  revised_at: 'text',
  revision: 'int',
};

/** Columns that differ between the answers of one judgment (the rest are the judgment's). */
export const PER_ANSWER = ['question', 'value'];

/**
 * Parquet columns with (nearly) a value per row: handed to the encoder as the UTF-8 bytes they
 * arrived in (a view, no string, no re-encoding), written PLAIN (no dictionary attempt) and
 * without min/max statistics (of ids and times as text, they would serve no reader).
 */
export const AS_BYTES = ['judgment_id', 'item_id', 'subject', 'created_at', 'revised_at'];

/**
 * The long table's formatter and Parquet encoder, on a worker thread. It takes PostgreSQL's text
 * COPY rows (longTableSql: tab-separated, `\N` for NULL, backslash escapes) in chunks of whole or
 * partial lines and answers each chunk with its JSONL and CSV bytes, byte for byte what
 * `row_to_json` and `COPY ... (FORMAT csv)` give for the same values (the test holds it to them): a value without a
 * backslash, quote or control character is copied as it came; any other goes through a string
 * (unescaped, then JSON.stringify, which escapes as PostgreSQL's to_json does). It writes them
 * to the two files (descriptors the main thread opened), hashing them, and acks each chunk with
 * the rows and bytes so far. With a Parquet
 * file it also fills one array per column (a judgment's own fields decoded once for all its
 * answers) and writes a row group every `rowGroupSize` rows, so memory is bounded by one row
 * group. Answers `done` (rows) or `error`.
 */
export const LONG_TABLE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const { names, kinds, perAnswer, asBytes, files, parquet } = workerData;
const width = names.length;
const ID = 0, INT = 1, BOOL = 2, TEXT = 3;
const kind = kinds.map((k) => ({ id: ID, int: INT, bool: BOOL, text: TEXT })[k]);
const answerColumn = names.map((n) => perAnswer.includes(n));
const bytesColumn = names.map((n) => asBytes.includes(n));
const bytesOf = (s) => Buffer.from(s, 'utf8');
const jsonKey = names.map((n, c) => bytesOf((c === 0 ? '{' : ',') + JSON.stringify(n) + ':'));
const NULL = bytesOf('null'), TRUE = bytesOf('true'), FALSE = bytesOf('false');
const starts = new Int32Array(width), ends = new Int32Array(width);
const COPY_ESCAPES = { b: '\\b', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v' };
const unescapeCopy = (s) => s.replace(/\\\\(.)/gs, (_, ch) => COPY_ESCAPES[ch] ?? ch);
// as COPY's CSV quotes a field of a many-column row (\\. alone is quoted only as a row's one field)
const csvQuote = (s) => s === '' || /[",\\r\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;

class Out {
  // not zero-filled
  constructor(size) { this.buf = Buffer.allocUnsafeSlow(size); this.pos = 0; }
  room(n) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  range(src, s, e) { const b = this.buf; let p = this.pos; for (let i = s; i < e; i++) b[p++] = src[i]; this.pos = p; }
  all(src) {
    if (src.length > 32) { this.buf.set(src, this.pos); this.pos += src.length; return; }
    const b = this.buf; let p = this.pos; for (let i = 0; i < src.length; i++) b[p++] = src[i]; this.pos = p;
  }
  byte(x) { this.buf[this.pos++] = x; }
}

// the output buffers, kept from chunk to chunk (written out before the next one is made)
const json = new Out(4 << 20), csv = new Out(2 << 20);
let rows = 0, carry = null;

/** One output file (its descriptor opened by the main thread): bytes written and their sha256. */
class Sink {
  constructor(fd) { this.fd = fd; this.hash = createHash('sha256'); this.bytes = 0; }
  write(out) {
    for (let at = 0; at < out.pos; ) at += fs.writeSync(this.fd, out.buf, at, out.pos - at);
    this.hash.update(out.buf.subarray(0, out.pos));
    this.bytes += out.pos;
    out.pos = 0;
  }
  summary() { return { rows, bytes: this.bytes, sha256: this.hash.digest('hex') }; }
}
const jsonSink = new Sink(files.json), csvSink = new Sink(files.csv);
csv.room(files.csvHeader.length * 3);
csv.all(bytesOf(files.csvHeader + '\\n'));
// Parquet state
let pq = null, cols = null, n = 0, groups = 0, written = 0;
const judgmentValues = new Array(width).fill(null);
let judgmentKey = null;

function isNull(buf, s, e) { return e - s === 2 && buf[s] === 92 && buf[s + 1] === 78; }

function field(buf, c) {
  const s = starts[c], e = ends[c];
  if (isNull(buf, s, e)) { json.all(NULL); return; }
  const k = kind[c];
  if (k === BOOL) {
    const t = buf[s] === 116;
    json.all(t ? TRUE : FALSE);
    csv.all(t ? TRUE : FALSE);
    return;
  }
  if (k !== TEXT) {
    if (k === ID) json.byte(34);
    json.range(buf, s, e);
    if (k === ID) json.byte(34);
    csv.range(buf, s, e);
    return;
  }
  let plain = true, quote = e === s;
  for (let x = s; x < e; x++) {
    const b = buf[x];
    if (b === 92 || b === 34 || b < 32) { plain = false; break; }
    if (b === 44) quote = true;
  }
  if (plain) {
    json.byte(34); json.range(buf, s, e); json.byte(34);
    if (quote) { csv.byte(34); csv.range(buf, s, e); csv.byte(34); } else csv.range(buf, s, e);
    return;
  }
  const text = unescapeCopy(buf.toString('utf8', s, e));
  const j = bytesOf(JSON.stringify(text)), v = bytesOf(csvQuote(text));
  json.room(j.length); json.all(j);
  csv.room(v.length); csv.all(v);
}

function value(buf, c) {
  const s = starts[c], e = ends[c];
  if (isNull(buf, s, e)) return null;
  switch (kind[c]) {
    case BOOL: return buf[s] === 116;
    case INT: return Number(buf.toString('latin1', s, e));
    default: {
      for (let x = s; x < e; x++) if (buf[x] === 92) return unescapeCopy(buf.toString('utf8', s, e));
      return bytesColumn[c] ? new Uint8Array(buf.buffer, buf.byteOffset + s, e - s) : buf.toString('utf8', s, e);
    }
  }
}

function sameJudgment(buf) {
  const s = starts[0], e = ends[0];
  if (judgmentKey && judgmentKey.length === e - s && buf.compare(judgmentKey, 0, judgmentKey.length, s, e) === 0) return true;
  judgmentKey = Buffer.from(buf.subarray(s, e));
  return false;
}

function fresh() {
  cols = [];
  for (let c = 0; c <= width; c++) cols.push(new Array(parquet.rowGroupSize));
  cols[width].fill(null); // extra: always null here
  n = 0;
}

function flush() {
  if (n === 0 && groups > 0) return;
  for (const col of cols) col.length = n;
  pq.write({
    columnData: parquet.spec.map(([name], c) => ({ name, data: cols[c], ...(bytesColumn[c] ? { encoding: 'PLAIN', statistics: false } : {}) })),
    rowGroupSize: n,
  });
  groups += 1;
  written += n;
  fresh();
}

const keyBytes = jsonKey.reduce((a, b) => a + b.length, 0);

function row(buf) {
  // the most a row can take: each byte at most 6 (a control character as \\u00XX), keys, quotes
  const most = 6 * (ends[width - 1] - starts[0]) + 2 * width + 8;
  json.room(keyBytes + most);
  csv.room(most);
  for (let c = 0; c < width; c++) {
    json.all(jsonKey[c]);
    if (c > 0) csv.byte(44);
    field(buf, c);
  }
  json.byte(125); json.byte(10);
  csv.byte(10);
  rows += 1;
  if (!pq) return;
  const same = sameJudgment(buf);
  for (let c = 0; c < width; c++) {
    if (answerColumn[c]) cols[c][n] = value(buf, c);
    else cols[c][n] = same ? judgmentValues[c] : (judgmentValues[c] = value(buf, c));
  }
  n += 1;
  if (n === parquet.rowGroupSize) flush();
}

function chunk(input) {
  const buf = carry ? Buffer.concat([carry, input]) : input;
  let i = 0;
  for (let nl = buf.indexOf(10, i); nl !== -1; nl = buf.indexOf(10, i)) {
    let c = 0, s = i;
    for (let x = i; x < nl; x++) {
      if (buf[x] !== 9) continue;
      if (c < width) { starts[c] = s; ends[c] = x; }
      c += 1; s = x + 1;
    }
    if (c + 1 !== width) throw new Error('a long table row has ' + (c + 1) + ' fields, not ' + width);
    starts[c] = s; ends[c] = nl;
    row(buf);
    i = nl + 1;
  }
  carry = i < buf.length ? Buffer.from(buf.subarray(i)) : null;
  const bytes = json.pos + csv.pos;
  jsonSink.write(json);
  csvSink.write(csv);
  return bytes;
}

function fail(error) {
  parentPort.postMessage({ error: String((error && error.stack) || error) });
}

const pending = [];
let handle = null;
parentPort.on('message', (message) => (handle ? handle(message) : pending.push(message)));

const ready = parquet
  ? import(pathToFileURL(parquet.writerPath).href).then(({ fileWriter, ParquetWriter, schemaFromColumnData }) => {
      const schema = schemaFromColumnData({
        columnData: parquet.spec.map(([name, type]) => ({ name, type, nullable: true, data: [] })),
      });
      pq = new ParquetWriter({ writer: fileWriter(parquet.file), schema, createdBy: 'peel' });
      fresh();
    })
  : Promise.resolve();

ready
  .then(() => {
    handle = (message) => {
      try {
        if (message.end) {
          if (carry) throw new Error('the long table COPY output ended inside a row');
          jsonSink.write(json);
          csvSink.write(csv);
          if (pq) { flush(); pq.finish(); }
          parentPort.postMessage({
            done: true, rows, json: jsonSink.summary(), csv: csvSink.summary(), parquetRows: written,
          });
          return;
        }
        const bytes = chunk(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
        parentPort.postMessage({ ack: true, rows, bytes, parquetRows: written });
      } catch (error) {
        handle = () => undefined;
        fail(error);
      }
    };
    for (const message of pending.splice(0)) handle(message);
  })
  .catch(fail);
`;
