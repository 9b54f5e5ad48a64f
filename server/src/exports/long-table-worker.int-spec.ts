import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { testDatabaseUrl } from '../../test/db';
import { parquetRowGroups, readParquet } from '../../test/parquet-read';
import { ANSWERS, JUDGMENTS, LongTableWorker, type LongTableStream } from './long-table-worker';
import { PARQUET_TABLES, parquetRow } from './parquet';
import { JUDGMENT_COLUMNS } from './records';

/**
 * The worker against PostgreSQL itself: for the same values, its JSONL must be what `row_to_json`
 * gives and its CSV what `COPY ... (FORMAT csv)` gives, byte for byte, however the COPY stream is
 * cut into chunks; its Parquet twin must read back equal to the JSONL.
 */
const HOSTILE = [
  'plain',
  '',
  'a,b',
  'say "hi"',
  'line\nbreak',
  'cr\rhere',
  'tab\there',
  'back\\slash \\n not a newline',
  '\\.',
  '\\N',
  'bell\u0007 esc\u001b unit\u001f del\u007f',
  'ünïcödé ✓ 日本 😀',
  'line\u2028separator',
  null,
];

const TABLE = PARQUET_TABLES.find((table) => table.jsonl === 'judgments.jsonl')!;

let client: Client;
let dir: string;

beforeAll(async () => {
  client = new Client({ connectionString: await testDatabaseUrl() });
  await client.connect();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-long-table-'));
  // One row per hostile value in every text column (rotated, so columns differ).
  await client.query(`CREATE TEMP TABLE hostile (ord int, text_values text[])`);
  for (let i = 0; i < HOSTILE.length; i += 1) {
    const rotated = HOSTILE.map((_, k) => HOSTILE[(i + k) % HOSTILE.length]);
    await client.query('INSERT INTO hostile VALUES ($1, $2)', [i, rotated]);
  }
});

afterAll(async () => {
  await client.end();
});

/**
 * The rows in JUDGMENT_COLUMNS order, three answers per judgment (its own fields taken from its
 * first row, as the export's join gives them); `csv` gives is_gold as true/false text, as the
 * export does.
 */
function select(csv: boolean): string {
  return `SELECT (1000 + j)::bigint::text AS judgment_id, 7 AS batch_id,
      (500 + j)::bigint::text AS item_id, own[1] AS subject, own[2] AS task_type, own[3] AS rater,
      text_values[4] AS question, text_values[5] AS value, own[6] AS presented,
      CASE WHEN j % 2 = 0 THEN NULL ELSE j * 100 END AS dwell_ms,
      ${csv ? `CASE WHEN j % 2 = 0 THEN 'true' ELSE 'false' END` : 'j % 2 = 0'} AS is_gold,
      own[7] AS created_at, own[8] AS revised_at, CASE WHEN j % 3 = 0 THEN NULL ELSE j END AS revision
    FROM (SELECT ord, ord / 3 AS j, text_values,
                 first_value(text_values) OVER (PARTITION BY ord / 3 ORDER BY ord) AS own
            FROM hostile) h
    ORDER BY ord`;
}

async function copy(sql: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The long table's two COPY streams (see longTableSql) of a select of JUDGMENT_COLUMNS. */
interface Streams {
  judgments: Buffer;
  answers: Buffer;
}

const JUDGMENT_FIELDS = JUDGMENT_COLUMNS.filter((name) => name !== 'question' && name !== 'value');

/** The select's judgments (their first row's fields) and its answers, in the select's order. */
async function streams(sql: string): Promise<Streams> {
  const numbered = `SELECT t.*, row_number() OVER () AS n FROM (${sql}) t`;
  return {
    judgments: await copy(
      `COPY (SELECT ${JUDGMENT_FIELDS.join(', ')} FROM (
         SELECT DISTINCT ON (judgment_id::bigint) * FROM (${numbered}) u ORDER BY judgment_id::bigint, n
       ) v ORDER BY judgment_id::bigint) TO STDOUT`,
    ),
    answers: await copy(
      `COPY (SELECT judgment_id, question, value FROM (${numbered}) u ORDER BY n) TO STDOUT`,
    ),
  };
}

let runs = 0;

/** Sends each stream cut into `size`-byte chunks from its own loop, then ends both. */
async function send(worker: LongTableWorker, input: Streams, size: number): Promise<void> {
  const one = async (stream: LongTableStream, bytes: Buffer) => {
    for (let at = 0; at < bytes.length; at += size)
      await worker.push(stream, bytes.subarray(at, at + size));
    worker.endStream(stream);
  };
  await Promise.all([one(JUDGMENTS, input.judgments), one(ANSWERS, input.answers)]);
}

/** Runs the worker over `input` cut into `size`-byte chunks; the files it wrote. */
async function format(
  input: Streams,
  size: number,
  parquetFile: string | null,
  rowGroupRows?: number,
) {
  runs += 1;
  const files = {
    json: path.join(dir, `${runs}.jsonl`),
    csv: path.join(dir, `${runs}.csv`),
    csvHeader: 'the,header',
  };
  const parquetRows = { rows: 0 };
  const worker = new LongTableWorker(
    files,
    parquetFile ? { file: parquetFile, table: TABLE, counter: parquetRows, rowGroupRows } : null,
  );
  await send(worker, input, size);
  const counts = await worker.end();
  return {
    json: fs.readFileSync(files.json),
    csv: fs.readFileSync(files.csv),
    counts,
    parquetRows: parquetRows.rows,
  };
}

/** A summary of `bytes` as the worker reports its files. */
function summary(bytes: Buffer, rows: number) {
  return { rows, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A JSONL file's records. */
function records(json: Buffer): Record<string, unknown>[] {
  return json
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The Parquet file reads back as parquetRow of each JSONL record. */
function expectParquetEqualsJsonl(file: string, json: Buffer): void {
  const [table] = readParquet([file]);
  expect(table).toEqual(records(json).map((record) => parquetRow(record, TABLE)));
}

describe('the long table worker', () => {
  it('writes row_to_json and COPY csv bytes exactly, however the streams are cut', async () => {
    const input = await streams(select(false));
    const { rows } = await client.query<{ line: string }>(
      `SELECT row_to_json(t)::text AS line FROM (${select(false)}) t`,
    );
    const expectedJson = Buffer.from(rows.map((row) => `${row.line}\n`).join(''));
    const expectedCsv = Buffer.concat([
      Buffer.from('the,header\n'),
      await copy(`COPY (${select(true)}) TO STDOUT (FORMAT csv)`),
    ]);
    for (const size of [input.answers.length, 1 << 20, 97, 7, 1]) {
      const { json, csv, counts } = await format(input, size, null);
      expect({ size, json: json.toString('utf8') }).toEqual({
        size,
        json: expectedJson.toString('utf8'),
      });
      expect({ size, csv: csv.toString('utf8') }).toEqual({
        size,
        csv: expectedCsv.toString('utf8'),
      });
      expect(counts).toEqual({
        json: summary(json, HOSTILE.length),
        csv: summary(csv, HOSTILE.length),
        parquetRows: 0,
      });
    }
  });

  it('writes a Parquet twin that reads back equal to its JSONL', async () => {
    const input = await streams(select(false));
    const file = path.join(dir, 'judgments.parquet');
    const { json, counts, parquetRows } = await format(input, 13, file);
    expect(counts.parquetRows).toBe(HOSTILE.length);
    // the export's progress of the Parquet twin follows the rows written
    expect(parquetRows).toBe(HOSTILE.length);
    expectParquetEqualsJsonl(file, json);
  });

  it('ends a row group when a dictionary reaches 8 MB, and every group reads back', async () => {
    // 6,000 answers, each with its own 2 KB value (null on every seventh judgment): more distinct
    // values than the hashed value column's lookup table keeps (4,096), and a dictionary that
    // reaches 8 MB after about 4,080 values (4,800 rows), before a 5,000-row group is full. Also
    // negative numbers and nulls in most columns.
    const sql = `SELECT (9000 + j)::text AS judgment_id, 7 - j % 2 AS batch_id, (j / 4)::text AS item_id,
        CASE WHEN j % 5 = 0 THEN NULL ELSE 'subject ' || j / 4 END AS subject, 'pairwise' AS task_type,
        'rater-' || j % 9 AS rater, 'q' || a AS question,
        CASE WHEN j % 7 = 0 THEN NULL ELSE repeat(md5(j::text), 64) || ' ' || a END AS value,
        CASE WHEN j % 2 = 0 THEN 'first_left' END AS presented, -j AS dwell_ms, j % 3 = 0 AS is_gold,
        '2026-01-01T00:00:00.000Z' AS created_at, NULL AS revised_at, j % 4 - 2 AS revision
      FROM generate_series(1, 2000) j, generate_series(1, 3) a ORDER BY j, a`;
    const input = await streams(sql);
    const file = path.join(dir, 'groups.parquet');
    const { json, counts } = await format(input, 1 << 16, file, 5000);
    expect(counts.parquetRows).toBe(6000);
    const groups = parquetRowGroups(file);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(6000);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toBeGreaterThan(4096);
    expect(groups[0]).toBeLessThan(5000);
    expectParquetEqualsJsonl(file, json);
  });

  it('passes over judgments without answers and answers of judgments not selected', async () => {
    const judgment = (id: number) =>
      `${id}\t7\t${id}\tpair-${id}\tpairwise\tr1\tfirst_left\t10\tf\t2026-01-01T00:00:00.000Z\t\\N\t0\n`;
    const input = {
      judgments: Buffer.from([1, 2, 3, 6].map(judgment).join('')),
      answers: Buffer.from('0\tq\tlost\n1\tq\ta\n1\tr\tb\n3\tq\tc\n4\tq\tlost\n5\tq\tlost\n'),
    };
    for (const size of [1 << 20, 5, 1]) {
      const { json, counts } = await format(input, size, null);
      const lines = records(json);
      expect(lines.map((line) => [line.judgment_id, line.question, line.value])).toEqual([
        ['1', 'q', 'a'],
        ['1', 'r', 'b'],
        ['3', 'q', 'c'],
      ]);
      expect(lines[2]).toMatchObject({ item_id: '3', subject: 'pair-3', revised_at: null });
      expect(counts.json.rows).toBe(3);
    }
  });

  it('fails on rows that are not the long table, out of order, or cut inside a row', async () => {
    const files = (name: string) => ({
      json: path.join(dir, `${name}.jsonl`),
      csv: path.join(dir, `${name}.csv`),
      csvHeader: 'h',
    });
    const run = async (name: string, input: Streams) => {
      const worker = new LongTableWorker(files(name), null);
      await send(worker, input, 1 << 20).catch(() => undefined);
      return worker.end();
    };
    const whole = await streams(select(false));
    await expect(
      run('short', { judgments: Buffer.from('1\t2\t3\n'), answers: Buffer.from('1\tq\tv\n') }),
    ).rejects.toThrow('a long table judgment row has 3 fields, not 12');
    await expect(
      run('unordered', {
        judgments: whole.judgments,
        answers: Buffer.from('1002\tq\tv\n1001\tq\tv\n'),
      }),
    ).rejects.toThrow('the long table answers are not in judgment order');
    await expect(
      run('cut', {
        judgments: whole.judgments.subarray(0, whole.judgments.length - 3),
        answers: whole.answers,
      }),
    ).rejects.toThrow('the long table COPY output ended inside a row');
    // its files exist already: a second worker on them is refused, nothing overwritten
    expect(() => new LongTableWorker(files('cut'), null)).toThrow(/EEXIST/);
  });
});
