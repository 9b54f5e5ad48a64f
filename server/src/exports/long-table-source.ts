import { COPY_ROWS_SOURCE } from './long-table-rows';
import { COLUMN_ENCODER_SOURCE } from './parquet-columns';
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
 * Parquet columns with few distinct values (a hashed dictionary per row group, COLUMN_ENCODER_SOURCE);
 * the others only reuse the previous row's entry (a judgment's fields repeat on its answers).
 */
export const HASHED = [
  'batch_id',
  'task_type',
  'rater',
  'question',
  'value',
  'presented',
  'revision',
];

/**
 * The long table's formatter and Parquet encoder, on a worker thread. It takes PostgreSQL's text
 * COPY rows (longTableSql: tab-separated, `\N` for NULL, backslash escapes) in chunks of whole or
 * partial lines and answers each chunk with its JSONL and CSV bytes, byte for byte what
 * `row_to_json` and `COPY ... (FORMAT csv)` give for the same values (the test holds it to them): a value without a
 * backslash, quote or control character is copied as it came; any other goes through a string
 * (unescaped, then JSON.stringify, which escapes as PostgreSQL's to_json does). It writes them
 * to the two files (descriptors the main thread opened), hashing them, and acks each chunk with
 * the rows and bytes so far. With a Parquet file it also hands each field's bytes to its column's
 * encoder (COLUMN_ENCODER_SOURCE; a judgment's own fields are repeated, not looked up, on its
 * later answers) and writes a row group every `rowGroupSize` rows, or sooner when a dictionary is
 * full, so memory is bounded by one row group. Answers `done` (rows) or `error`.
 */
export const LONG_TABLE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const { names, kinds, perAnswer, files, parquet } = workerData;
const width = names.length;
const ID = 0, INT = 1, BOOL = 2, TEXT = 3;
const kind = kinds.map((k) => ({ id: ID, int: INT, bool: BOOL, text: TEXT })[k]);
const answerColumn = names.map((n) => perAnswer.includes(n));
const bytesOf = (s) => Buffer.from(s, 'utf8');
const jsonKey = names.map((n, c) => bytesOf((c === 0 ? '{' : ',') + JSON.stringify(n) + ':'));
const NULL = bytesOf('null'), TRUE = bytesOf('true'), FALSE = bytesOf('false');
const starts = new Int32Array(width), ends = new Int32Array(width);
const COPY_ESCAPES = { b: '\\b', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v' };
const unescapeCopy = (s) => s.replace(/\\\\(.)/gs, (_, ch) => COPY_ESCAPES[ch] ?? ch);
// as COPY's CSV quotes a field of a many-column row (\\. alone is quoted only as a row's one field)
const csvQuote = (s) => s === '' || /[",\\r\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;

${COLUMN_ENCODER_SOURCE}
${COPY_ROWS_SOURCE}
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
const WRITE_AT = 1 << 20;
const json = new Out(WRITE_AT + (64 << 10)), csv = new Out(WRITE_AT >> 1);
let rows = 0;

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
// Parquet state: one encoder per column (the last, extra, always null here)
let file = null, encoders = null, written = 0;

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

/** Column c's value of this row into its encoder (COPY escapes undone first, when there are any). */
function encode(buf, c) {
  const s = starts[c], e = ends[c], out = encoders[c];
  if (isNull(buf, s, e)) { out.nul(); return; }
  switch (kind[c]) {
    case BOOL: out.bool(buf[s] === 116); return;
    case INT: {
      let x = s, sign = 1, v = 0;
      if (buf[x] === 45) { sign = -1; x++; }
      for (; x < e; x++) v = v * 10 + (buf[x] - 48);
      out.int32(sign * v);
      return;
    }
    default: {
      for (let x = s; x < e; x++)
        if (buf[x] === 92) { const b = bytesOf(unescapeCopy(buf.toString('utf8', s, e))); out.bytes(b, 0, b.length); return; }
      out.bytes(buf, s, e);
    }
  }
}

function flush() {
  file.group();
  written = file.rows;
  // the next row starts the next group's dictionaries: nothing to repeat from
  encodedJudgment = false;
}

const keyBytes = jsonKey.reduce((a, b) => a + b.length, 0);

/** The bytes of a judgment's own fields in the JSON and CSV lines, kept for its next answers. */
class Part {
  constructor() { this.store = new Uint8Array(1024); this.bytes = this.store.subarray(0, 0); }
  // copied (the output buffer is reused), then set() from a view: Buffer.copy costs more per call
  keep(out, s) {
    const n = out.pos - s;
    if (n > this.store.length) this.store = new Uint8Array(2 * n);
    this.store.set(out.buf.subarray(s, out.pos));
    this.bytes = this.store.subarray(0, n);
  }
  into(out) { out.buf.set(this.bytes, out.pos); out.pos += this.bytes.length; }
}
const jsonHead = new Part(), jsonTail = new Part(), csvHead = new Part(), csvTail = new Part();
// the answer's own columns are one run, [firstAnswer, lastAnswer)
const firstAnswer = answerColumn.indexOf(true), lastAnswer = answerColumn.lastIndexOf(true) + 1;
for (let c = firstAnswer; c < lastAnswer; c++)
  if (!answerColumn[c]) throw new Error('the per-answer columns of the long table are not adjacent');

function fields(buf, from, to) {
  for (let c = from; c < to; c++) {
    json.all(jsonKey[c]);
    if (c > 0) csv.byte(44);
    field(buf, c);
  }
}

// the judgments (JUDGMENT_COLUMNS without the per-answer ones) and the answers (judgment id, then
// the per-answer columns), each in judgment order
const judgmentColumns = [], answerColumns = [];
for (let c = 0; c < width; c++) (answerColumn[c] ? answerColumns : judgmentColumns).push(c);
const judgments = new Rows('judgment', judgmentColumns.length);
const answers = new Rows('answer', 1 + answerColumns.length);
const streams = [judgments, answers];

// the current judgment: its row's bytes (starts/ends of its columns point here), its id, and
// whether its JSON/CSV parts and its Parquet values are already made
let judgment = Buffer.allocUnsafeSlow(1024), judgmentLength = 0, judgmentId = -1;
let formattedJudgment = false, encodedJudgment = false;
let answerPending = false, answerId = -1;

function takeJudgment() {
  const from = judgments.s[0], to = judgments.e[judgments.count - 1], n = to - from;
  if (n > judgment.length) judgment = Buffer.allocUnsafeSlow(2 * n);
  judgments.buf.copy(judgment, 0, from, to);
  judgmentLength = n;
  judgmentColumns.forEach((c, k) => { starts[c] = judgments.s[k] - from; ends[c] = judgments.e[k] - from; });
  const id = judgments.id();
  if (id <= judgmentId) throw new Error('the long table judgments are not in judgment order');
  judgmentId = id;
  formattedJudgment = false; encodedJudgment = false;
}

/** The answer's line: the judgment's parts made once, then only the answer's own fields. */
function row() {
  const buf = answers.buf;
  answerColumns.forEach((c, k) => { starts[c] = answers.s[k + 1]; ends[c] = answers.e[k + 1]; });
  // the most a row can take: each byte at most 6 (a control character as \\u00XX), keys, quotes
  const most = 6 * (judgmentLength + answers.e[answers.count - 1] - answers.s[0]) + 2 * width + 8;
  json.room(keyBytes + most);
  csv.room(most);
  if (formattedJudgment) {
    jsonHead.into(json); csvHead.into(csv);
    fields(buf, firstAnswer, lastAnswer);
    jsonTail.into(json); csvTail.into(csv);
  } else {
    let j = json.pos, v = csv.pos;
    fields(judgment, 0, firstAnswer);
    jsonHead.keep(json, j); csvHead.keep(csv, v);
    fields(buf, firstAnswer, lastAnswer);
    j = json.pos; v = csv.pos;
    fields(judgment, lastAnswer, width);
    json.byte(125); json.byte(10);
    csv.byte(10);
    jsonTail.keep(json, j); csvTail.keep(csv, v);
    formattedJudgment = true;
  }
  rows += 1;
  if (!file) return;
  for (let c = 0; c < width; c++) {
    if (answerColumn[c]) encode(buf, c);
    else if (encodedJudgment) encoders[c].repeat();
    else encode(judgment, c);
  }
  encodedJudgment = true;
  encoders[width].nul();
  if (encoders[0].rows === parquet.rowGroupSize || file.full) flush();
}

/**
 * Merges the two streams as far as their rows have arrived: each answer is written with its
 * judgment; judgments without answers and answers of judgments not selected are passed over.
 * Returns the bytes written.
 */
function merge() {
  let bytes = 0;
  for (;;) {
    if (!answerPending) {
      if (!answers.next()) break;
      const id = answers.id();
      if (id < answerId) throw new Error('the long table answers are not in judgment order');
      answerId = id;
      answerPending = true;
    }
    let waiting = false;
    while (judgmentId < answerId) {
      if (judgments.next()) takeJudgment();
      else if (judgments.ended) judgmentId = Infinity;
      else { waiting = true; break; }
    }
    if (waiting) break;
    if (judgmentId === answerId) row();
    answerPending = false;
    // a chunk of answers makes ten times its size in lines: written out as they pass WRITE_AT
    if (json.pos >= WRITE_AT) bytes += writeOut();
  }
  return bytes + writeOut();
}

/** Writes the lines made so far to the two files; returns their bytes. */
function writeOut() {
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
// bytes written and not yet reported (with an acknowledgement, or when done)
let unreported = 0;
parentPort.on('message', (message) => (handle ? handle(message) : pending.push(message)));

const ready = parquet
  ? loadWriter(parquet.writerDir).then((hw) => {
      file = columnFile(hw, parquet.file, parquet.spec, parquet.hashed, parquet.rowGroupSize);
      encoders = file.encoders;
    })
  : Promise.resolve();

ready
  .then(() => {
    handle = (message) => {
      try {
        if (message.end !== undefined) streams[message.end].ended = true;
        else streams[message.stream].queue.push(Buffer.from(message.bytes.buffer, 0, message.length));
        unreported += merge();
        // each chunk done with goes back to the sender (which then sends more)
        streams.forEach((stream, k) => {
          for (const chunk of stream.done.splice(0)) {
            parentPort.postMessage({ ack: k, rows, bytes: unreported, parquetRows: written, chunk: chunk.buffer }, [chunk.buffer]);
            unreported = 0;
          }
        });
        if (!judgments.ended || !answers.ended) return;
        // judgments after the last answer have none: only checked
        while (judgments.next()) {
          const id = judgments.id();
          if (id <= judgmentId) throw new Error('the long table judgments are not in judgment order');
          judgmentId = id;
        }
        if (judgments.partial || answers.partial) throw new Error('the long table COPY output ended inside a row');
        if (file) { file.finish(); written = file.rows; }
        parentPort.postMessage({
          done: true, rows, bytes: unreported, json: jsonSink.summary(), csv: csvSink.summary(), parquetRows: written,
        });
        handle = () => undefined;
      } catch (error) {
        handle = () => undefined;
        fail(error);
      }
    };
    for (const message of pending.splice(0)) handle(message);
  })
  .catch(fail);
`;
