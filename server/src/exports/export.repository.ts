import { type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { CRITERION_OUTCOMES, PAIR_OUTCOMES, PAIRWISE_CRITERIA } from '@peel/shared';
import { type DataSource } from 'typeorm';
import { readerPool } from '../common/db/pg-pool';
import { liftTimeouts } from '../common/db/timeouts';
import { type ExportOptions } from './export-options';
import { type VoteCounts } from './aggregate';

export interface BatchRow {
  id: number;
  name: string;
  task_type: string;
}

export interface PairRow {
  pair_id: string;
  first_image: string;
  second_image: string;
  instruction: string;
  summarized_instruction: string;
  edit_type: string;
  source_url: string;
  extra: Record<string, unknown>;
  k: number;
  counts: VoteCounts;
  /** The batch items the votes come from (ascending). */
  item_ids: number[];
  /** With preferAdjudicated: the pair's adjudication, if any. */
  adjudication?: AdjudicationRow | null;
}

export interface EditRow {
  edit_id: string;
  image: string;
  instruction: string;
  summarized_instruction: string;
  edit_type: string;
  source_url: string;
  extra: Record<string, unknown>;
  k: number;
  counts: VoteCounts;
  adjudication?: AdjudicationRow | null;
}

export interface SessionRow {
  session_id: string;
  source_url: string;
  turn_count: number;
  file_order: string[];
  extra: Record<string, unknown>;
  turns: { turn: number; prompt: string; image: string }[];
  k: number;
  counts: VoteCounts;
  adjudication?: AdjudicationRow | null;
}

type Subject = 'pair_id' | 'edit_id' | 'session_id';

/**
 * The items of the selected batches with one subject column, their judgment counts (k) and their
 * votes as `{ question: { value: n } }`. $1 batch ids, $2 exclude gold.
 */
function votesSql(subject: Subject): string {
  return `
    WITH sel AS (
      SELECT bi.id, bi.${subject} AS subject FROM batch_item bi
      WHERE bi.batch_id = ANY($1::int[]) AND bi.${subject} IS NOT NULL
        AND (NOT $2::boolean OR NOT bi.is_gold)
    ),
    kk AS (
      SELECT s.subject, count(*)::int AS k FROM judgment j JOIN sel s ON s.id = j.batch_item_id
      GROUP BY s.subject
    ),
    v AS (
      SELECT s.subject, ja.question, ja.value, count(*)::int AS n
      FROM judgment_answer ja JOIN sel s ON s.id = ja.batch_item_id
      GROUP BY 1, 2, 3
    ),
    q AS (SELECT subject, question, jsonb_object_agg(value, n) AS vals FROM v GROUP BY 1, 2),
    c AS (SELECT subject, jsonb_object_agg(question, vals) AS counts FROM q GROUP BY 1),
    agg AS (SELECT kk.subject, kk.k, c.counts FROM kk JOIN c USING (subject) WHERE kk.k >= $3)`;
}

/** $4 edit types (empty = all), $5 categories (empty = all), on edit type `et`. */
const TYPE_FILTER = `(cardinality($4::text[]) = 0 OR et.label = ANY($4::text[]))
  AND (cardinality($5::text[]) = 0 OR et.category_id = ANY($5::text[]))`;

/** One vote count: answers to `question` with `value`. */
function countOf(question: string, value: string): string {
  return `count(*) FILTER (WHERE ja.question = '${question}' AND ja.value = '${value}')`;
}

/** The pairwise (question, value) cells, in the order of the `votes` array of PAIRS_SQL. */
const PAIR_CELLS: [string, string][] = [
  ...PAIR_OUTCOMES.map((value): [string, string] => ['overall', value]),
  ...PAIRWISE_CRITERIA.flatMap((criterion) =>
    CRITERION_OUTCOMES.map((value): [string, string] => [criterion, value]),
  ),
];

/** Pairwise votes in one pass: fixed questions and outcomes, counted with FILTER. */
const PAIR_COUNTS = `ARRAY[${PAIR_CELLS.map(([question, value]) => countOf(question, value)).join(', ')}]::int[]`;

/** `votes` (PAIR_CELLS order) as `{ question: { value: n } }`. */
export function pairCounts(votes: number[]): VoteCounts {
  const counts: VoteCounts = {};
  PAIR_CELLS.forEach(([question, value], index) => {
    (counts[question] ??= {})[value] = votes[index];
  });
  return counts;
}

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** An item's adjudication as the export reads it (answers in judgment_answer's encoding). */
export interface AdjudicationRow {
  answers: Record<string, string>;
  note: string;
  item_id: string;
  adjudicated_at: string;
}

/**
 * With preferAdjudicated: the CTE `adj` (the subject's latest adjudication among the selected
 * items, `adjudication` as AdjudicationRow), its column and its join on `subjectColumn`.
 */
function adjudicationParts(subject: Subject, subjectColumn: string, on: boolean) {
  if (!on) return { cte: '', column: '', join: '' };
  return {
    cte: `,
    adj AS (
      SELECT DISTINCT ON (bi.${subject}) bi.${subject} AS subject,
        jsonb_build_object(
          'answers', (SELECT jsonb_object_agg(aa.question, aa.value ORDER BY aa.question)
                      FROM adjudication_answer aa WHERE aa.batch_item_id = a.batch_item_id),
          'note', a.note, 'item_id', a.batch_item_id::text,
          'adjudicated_at', to_char(a.updated_at AT TIME ZONE 'UTC', ${UTC_ISO})) AS adjudication
      FROM adjudication a JOIN batch_item bi ON bi.id = a.batch_item_id
      WHERE bi.batch_id = ANY($1::int[]) AND bi.${subject} IS NOT NULL
        AND (NOT $2::boolean OR NOT bi.is_gold)
      ORDER BY bi.${subject}, a.updated_at DESC, a.batch_item_id DESC
    )`,
    column: ', adj.adjudication',
    join: `LEFT JOIN adj ON adj.subject = ${subjectColumn}`,
  };
}

function pairsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('pair_id', 'p.id', adjudicated);
  return `
  WITH sel AS (
    SELECT bi.id, bi.pair_id AS subject FROM batch_item bi
    WHERE bi.batch_id = ANY($1::int[]) AND bi.pair_id IS NOT NULL
      AND (NOT $2::boolean OR NOT bi.is_gold)
  ),
  agg AS (
    SELECT s.subject, count(*) FILTER (WHERE ja.question = 'overall')::int AS k,
      ${PAIR_COUNTS} AS votes, min(s.id) AS first_item, max(s.id) AS last_item
    FROM judgment_answer ja JOIN sel s ON s.id = ja.batch_item_id
    GROUP BY s.subject
    HAVING count(*) FILTER (WHERE ja.question = 'overall') >= $3
  )${adj.cte}
  SELECT p.id AS pair_id, fe.image AS first_image, se.image AS second_image, fe.instruction,
    fe.summarized_instruction, et.label AS edit_type, si.url AS source_url, fe.extra, agg.k, agg.votes,
    agg.first_item, agg.last_item${adj.column}
  FROM agg
  JOIN edit_pair p ON p.id = agg.subject
  JOIN edit fe ON fe.id = p.first_edit_id
  JOIN edit se ON se.id = p.second_edit_id
  JOIN edit_type et ON et.id = fe.edit_type_id
  JOIN source_image si ON si.id = fe.source_image_id
  ${adj.join}
  WHERE ${TYPE_FILTER}
  ORDER BY p.id`;
}

function editsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('edit_id', 'e.id', adjudicated);
  return `${votesSql('edit_id')}${adj.cte}
  SELECT e.id AS edit_id, e.image, e.instruction, e.summarized_instruction, et.label AS edit_type,
    si.url AS source_url, e.extra, agg.k, agg.counts${adj.column}
  FROM agg
  JOIN edit e ON e.id = agg.subject
  JOIN edit_type et ON et.id = e.edit_type_id
  JOIN source_image si ON si.id = e.source_image_id
  ${adj.join}
  WHERE ${TYPE_FILTER}
  ORDER BY e.id`;
}

/** Sessions carry no edit type: an edit-type or category filter leaves them all out. */
function sessionsSql(adjudicated: boolean): string {
  const adj = adjudicationParts('session_id', 's.id', adjudicated);
  return `${votesSql('session_id')}${adj.cte}
  SELECT s.id AS session_id, si.url AS source_url, s.turn_count, s.file_order, s.extra,
    (SELECT jsonb_agg(jsonb_build_object('turn', t.turn_index, 'prompt', t.prompt, 'image', t.image)
       ORDER BY t.turn_index) FROM mt_turn t WHERE t.session_id = s.id) AS turns,
    agg.k, agg.counts${adj.column}
  FROM agg
  JOIN mt_session s ON s.id = agg.subject
  JOIN source_image si ON si.id = s.source_image_id
  ${adj.join}
  WHERE cardinality($4::text[]) = 0 AND cardinality($5::text[]) = 0
  ORDER BY s.id`;
}

/** A text column as COPY's CSV writes it: quoted when empty or holding `,` `"` CR LF, or `\.`. */
function csvText(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN ''
    WHEN ${column} = '' OR ${column} ~ '[",\r\n]' OR ${column} = E'\\\\.'
    THEN '"' || replace(${column}, '"', '""') || '"' ELSE ${column} END`;
}

/** A nullable text column as JSON text. */
function jsonText(column: string): string {
  return `coalesce(to_json(${column})::text, 'null')`;
}

/**
 * The long table, both files from one pass: one row per judgment (joined once) holding its
 * answers' JSON lines and CSV lines (ordered by question), built in PostgreSQL as text. The JSON
 * lines are what `row_to_json` gives for JUDGMENT_COLUMNS (compact, in column order), the CSV
 * lines what `COPY ... (FORMAT csv)` gives. Parameters are inlined (COPY takes none): the rater
 * pseudonyms arrive as a VALUES list. Edit-type filters apply to pairs and edits through their
 * (first) edit.
 */
function longTableSql(
  client: PoolClient,
  batchIds: number[],
  options: ExportOptions,
  pseudonyms: Map<number, string>,
): string {
  const text = (values: string[]) =>
    `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(', ')}]::text[]`;
  const ids = `ARRAY[${batchIds.map((id) => String(Math.trunc(id))).join(', ')}]::int[]`;
  const raters =
    pseudonyms.size === 0
      ? '(SELECT NULL::int AS id, NULL::text AS name WHERE false) AS r'
      : `(VALUES ${[...pseudonyms]
          .map(([id, name]) => `(${Math.trunc(id)}, ${client.escapeLiteral(name)})`)
          .join(', ')}) AS r(id, name)`;
  const typeFilter =
    options.editTypes.length === 0 && options.categories.length === 0
      ? ''
      : `AND EXISTS (
      SELECT 1 FROM edit_type et
      JOIN edit e ON e.edit_type_id = et.id
      LEFT JOIN edit_pair p ON p.id = bi.pair_id
      WHERE e.id = coalesce(bi.edit_id, p.first_edit_id)
        ${options.editTypes.length ? `AND et.label = ANY(${text(options.editTypes)})` : ''}
        ${options.categories.length ? `AND et.category_id = ANY(${text(options.categories)})` : ''})`;
  const presented = `CASE WHEN b.task_type = 'pairwise'
      THEN CASE WHEN a.swapped THEN 'second_left' ELSE 'first_left' END END`;
  const created = `to_char(j.created_at AT TIME ZONE 'UTC', ${UTC_ISO})`;
  const revised = `to_char(j.revised_at AT TIME ZONE 'UTC', ${UTC_ISO})`;
  const bool = `CASE WHEN bi.is_gold THEN 'true' ELSE 'false' END`;
  return `
  SELECT
    string_agg(p.jpre || to_json(ja.question)::text || ',"value":' || to_json(ja.value)::text ||
      p.jpost, E'\n' ORDER BY ja.question) AS json,
    string_agg(p.cpre || ${csvText('ja.question')} || ',' || ${csvText('ja.value')} || p.cpost,
      E'\n' ORDER BY ja.question) AS csv
  FROM (
    SELECT j.id,
      '{"judgment_id":"' || j.id || '","batch_id":' || j.batch_id || ',"item_id":"' ||
        j.batch_item_id || '","subject":' || ${jsonText('bi.subject_key')} || ',"task_type":' ||
        ${jsonText('b.task_type')} || ',"rater":' || ${jsonText('r.name')} || ',"question":'
        AS jpre,
      ',"presented":' || ${jsonText(presented)} || ',"dwell_ms":' ||
        coalesce(j.dwell_ms::text, 'null') || ',"is_gold":' || ${bool} || ',"created_at":' ||
        ${jsonText(created)} || ',"revised_at":' || ${jsonText(revised)} || ',"revision":' ||
        coalesce(j.revision::text, 'null') || '}' AS jpost,
      j.id || ',' || j.batch_id || ',' || j.batch_item_id || ',' || ${csvText('bi.subject_key')} ||
        ',' || ${csvText('b.task_type')} || ',' || ${csvText('r.name')} || ',' AS cpre,
      ',' || ${csvText(presented)} || ',' || coalesce(j.dwell_ms::text, '') || ',' || ${bool} ||
        ',' || ${csvText(created)} || ',' || ${csvText(revised)} || ',' ||
        coalesce(j.revision::text, '') AS cpost
    FROM judgment j
    JOIN assignment a ON a.id = j.assignment_id
    JOIN batch_item bi ON bi.id = j.batch_item_id
    JOIN batch b ON b.id = j.batch_id
    JOIN ${raters} ON r.id = j.rater_id
    WHERE j.batch_id = ANY(${ids}) ${options.excludeGold ? 'AND NOT bi.is_gold' : ''}
      ${typeFilter}
    ORDER BY j.id
    OFFSET 0 -- a fence: each judgment's prefix and suffix are built once, not once per answer
  ) p
  JOIN judgment_answer ja ON ja.judgment_id = p.id
  GROUP BY p.id
  ORDER BY p.id`;
}

const SOH = 1;

/**
 * Splits the long table's COPY stream (CSV format with SOH as the quote, STX as the delimiter and
 * every field quoted: `SOH json SOH STX SOH csv SOH LF` per judgment; the data never holds SOH or
 * STX) into the JSONL and CSV bytes, each line ending in LF. Few native copies per judgment.
 */
export class LongTableSplitter {
  private carry: Buffer | null = null;
  private static readonly MIDDLE = Buffer.from([1, 2, 1]);
  private static readonly END = Buffer.from([1, 10]);

  /** The whole rows of `chunk` (and what was carried), as the two files' bytes. */
  push(chunk: Buffer): { json: Buffer; csv: Buffer } {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const json = Buffer.allocUnsafe(buf.length);
    const csv = Buffer.allocUnsafe(buf.length);
    let j = 0;
    let c = 0;
    let i = 0;
    for (;;) {
      if (i >= buf.length) break;
      if (buf[i] !== SOH) throw new Error('the long table COPY output is not in the expected form');
      const middle = buf.indexOf(LongTableSplitter.MIDDLE, i + 1);
      if (middle < 0) break;
      const end = buf.indexOf(LongTableSplitter.END, middle + 3);
      if (end < 0) break;
      j += buf.copy(json, j, i + 1, middle);
      json[j++] = 10;
      c += buf.copy(csv, c, middle + 3, end);
      csv[c++] = 10;
      i = end + 2;
    }
    this.carry = i < buf.length ? Buffer.from(buf.subarray(i)) : null;
    return { json: json.subarray(0, j), csv: csv.subarray(0, c) };
  }

  finish(): void {
    if (this.carry) throw new Error('the long table COPY output ended inside a row');
  }
}

/**
 * The export's reads: one connection, one REPEATABLE READ READ ONLY transaction (every file sees
 * the same data), each query streamed through a cursor so memory stays flat.
 */
export class ExportReader {
  private constructor(private readonly client: PoolClient) {}

  /**
   * A reader in a new transaction; with `snapshot` (from `exportSnapshot()` of an open reader) it
   * sees exactly the same data, so files can be written in parallel from one consistent state.
   */
  static async open(dataSource: DataSource, snapshot?: string): Promise<ExportReader> {
    const client = await readerPool(dataSource).connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (snapshot !== undefined)
        await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(snapshot)}`);
      // An export runs as long as its data needs: the server's per-request timeouts do not apply.
      await liftTimeouts((sql) => client.query(sql));
      // The cursors are read to the end: plan for all rows, not for a fast first row.
      await client.query('SET LOCAL cursor_tuple_fraction = 1.0');
      // Room for the per-item vote aggregation to stay in memory.
      await client.query(`SET LOCAL work_mem = '64MB'`);
    } catch (error) {
      client.release();
      throw error;
    }
    return new ExportReader(client);
  }

  private closed = false;

  /** The transaction's snapshot id, for `open(dataSource, snapshot)` while this reader is open. */
  async exportSnapshot(): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    return rows[0].id;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.query('COMMIT');
    } finally {
      this.client.release();
    }
  }

  async batches(ids: number[]): Promise<BatchRow[]> {
    const all = ids.length === 0;
    const { rows } = await this.client.query<BatchRow>(
      `SELECT id, name, task_type FROM batch WHERE $1::boolean OR id = ANY($2::int[]) ORDER BY id`,
      [all, ids],
    );
    return rows;
  }

  async *pairs(batchIds: number[], options: ExportOptions): AsyncIterable<PairRow> {
    const shared = await this.sharedPairItems(batchIds, options.excludeGold);
    const rows = this.stream<
      Omit<PairRow, 'counts' | 'item_ids'> & {
        votes: number[];
        first_item: string;
        last_item: string;
      }
    >(pairsSql(options.preferAdjudicated), this.aggregateParams(batchIds, options));
    for await (const { votes, first_item, last_item, ...row } of rows) {
      const item_ids =
        first_item === last_item ? [Number(first_item)] : (shared.get(row.pair_id) ?? []);
      yield { ...row, counts: pairCounts(votes), item_ids };
    }
  }

  /** Pairs that are items of more than one selected batch: their item ids (usually none). */
  private async sharedPairItems(
    batchIds: number[],
    excludeGold: boolean,
  ): Promise<Map<string, number[]>> {
    const { rows } = await this.client.query<{ pair_id: string; ids: string[] }>(
      `SELECT pair_id, array_agg(id ORDER BY id)::text[] AS ids FROM batch_item
       WHERE batch_id = ANY($1::int[]) AND pair_id IS NOT NULL AND (NOT $2::boolean OR NOT is_gold)
       GROUP BY pair_id HAVING count(*) > 1`,
      [batchIds, excludeGold],
    );
    return new Map(rows.map((row) => [row.pair_id, row.ids.map(Number)]));
  }

  /** The selected batches' pairwise ones. */
  async pairwiseBatches(batchIds: number[]): Promise<number[]> {
    const { rows } = await this.client.query<{ id: number }>(
      `SELECT id FROM batch WHERE id = ANY($1::int[]) AND task_type = 'pairwise' ORDER BY id`,
      [batchIds],
    );
    return rows.map((row) => row.id);
  }

  /** The raw connection (inside the snapshot), for reads shared with other modules. */
  get connection(): PoolClient {
    return this.client;
  }

  edits(batchIds: number[], options: ExportOptions): AsyncIterable<EditRow> {
    return this.stream<EditRow>(
      editsSql(options.preferAdjudicated),
      this.aggregateParams(batchIds, options),
    );
  }

  sessions(batchIds: number[], options: ExportOptions): AsyncIterable<SessionRow> {
    return this.stream<SessionRow>(
      sessionsSql(options.preferAdjudicated),
      this.aggregateParams(batchIds, options),
    );
  }

  /** The answers of these batches (the long table's size before edit-type filters). */
  async answerCount(batchIds: number[], excludeGold: boolean): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(
      excludeGold
        ? `SELECT count(*) AS n FROM judgment_answer ja JOIN batch_item bi ON bi.id = ja.batch_item_id
           WHERE ja.batch_id = ANY($1::int[]) AND NOT bi.is_gold`
        : `SELECT count(*) AS n FROM judgment_answer WHERE batch_id = ANY($1::int[])`,
      [batchIds],
    );
    return Number(rows[0].n);
  }

  /** The raters who judged in these batches. */
  async raterIds(batchIds: number[]): Promise<number[]> {
    const { rows } = await this.client.query<{ rater_id: number }>(
      `SELECT DISTINCT rater_id FROM judgment WHERE batch_id = ANY($1::int[]) ORDER BY rater_id`,
      [batchIds],
    );
    return rows.map((row) => row.rater_id);
  }

  /** The long table's COPY stream (see longTableSql and LongTableSplitter). */
  longTable(
    batchIds: number[],
    options: ExportOptions,
    pseudonyms: Map<number, string>,
  ): AsyncIterable<Buffer> {
    const select = longTableSql(this.client, batchIds, options, pseudonyms);
    const sql =
      `COPY (${select}) TO STDOUT ` +
      `WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01', FORCE_QUOTE *)`;
    return this.client.query(copyTo(sql)) as AsyncIterable<Buffer>;
  }

  private aggregateParams(batchIds: number[], options: ExportOptions): unknown[] {
    return [
      batchIds,
      options.excludeGold,
      options.minRaters,
      options.editTypes,
      options.categories,
    ];
  }

  private async *stream<T>(sql: string, params: unknown[]): AsyncIterable<T> {
    const stream = this.client.query(new QueryStream(sql, params, { batchSize: 2000 }));
    try {
      for await (const row of stream) yield row as T;
    } finally {
      stream.destroy();
    }
  }
}
