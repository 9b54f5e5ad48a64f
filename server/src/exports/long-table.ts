import { type PoolClient } from 'pg';
import { type ExportOptions } from './export-options';
import { UTC_ISO } from './export-queries';

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
 * answers' JSON lines and CSV lines (ordered by question), built in PostgreSQL as text, and the
 * same rows as one JSON array (the judgment's fields once, then each answer's question and value)
 * for the Parquet twin's columns. The JSON
 * lines are what `row_to_json` gives for JUDGMENT_COLUMNS (compact, in column order), the CSV
 * lines what `COPY ... (FORMAT csv)` gives. Parameters are inlined (COPY takes none): the rater
 * pseudonyms arrive as a VALUES list. Edit-type filters apply to pairs and edits through their
 * (first) edit.
 */
export function longTableSql(
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
      E'\n' ORDER BY ja.question) AS csv,
    '[' || min(p.fields COLLATE "C") || ',' || string_agg(to_json(ja.question)::text || ',' ||
      to_json(ja.value)::text, ',' ORDER BY ja.question) || ']' AS columns
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
        coalesce(j.revision::text, '') AS cpost,
      json_build_array(j.id::text, j.batch_id, j.batch_item_id::text, bi.subject_key, b.task_type,
        r.name, ${presented}, j.dwell_ms, bi.is_gold, ${created}, ${revised}, j.revision)::text
        AS fields
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

/** The long table's bytes of one COPY chunk: each judgment's lines, LF-terminated. */
export interface LongTableChunk {
  json: Buffer;
  csv: Buffer;
  /** One JSON array per judgment: `[[judgment fields], question, value, question, value, …]`. */
  columns: Buffer;
}

/**
 * Splits the long table's COPY stream (CSV format with SOH as the quote, STX as the delimiter and
 * every field quoted: `SOH json SOH STX SOH csv SOH STX SOH columns SOH LF` per judgment; the data
 * never holds SOH or STX) into the JSONL and CSV bytes and the Parquet encoder's input, each line
 * ending in LF. Few native copies per judgment.
 */
export class LongTableSplitter {
  private carry: Buffer | null = null;
  private static readonly MIDDLE = Buffer.from([1, 2, 1]);
  private static readonly END = Buffer.from([1, 10]);

  /** The whole rows of `chunk` (and what was carried), as the files' bytes. */
  push(chunk: Buffer): LongTableChunk {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const json = Buffer.allocUnsafe(buf.length);
    const csv = Buffer.allocUnsafe(buf.length);
    const columns = Buffer.allocUnsafe(buf.length);
    let j = 0;
    let c = 0;
    let k = 0;
    let i = 0;
    for (;;) {
      if (i >= buf.length) break;
      if (buf[i] !== SOH) throw new Error('the long table COPY output is not in the expected form');
      const first = buf.indexOf(LongTableSplitter.MIDDLE, i + 1);
      if (first < 0) break;
      const second = buf.indexOf(LongTableSplitter.MIDDLE, first + 3);
      if (second < 0) break;
      const end = buf.indexOf(LongTableSplitter.END, second + 3);
      if (end < 0) break;
      j += buf.copy(json, j, i + 1, first);
      json[j++] = 10;
      c += buf.copy(csv, c, first + 3, second);
      csv[c++] = 10;
      k += buf.copy(columns, k, second + 3, end);
      columns[k++] = 10;
      i = end + 2;
    }
    this.carry = i < buf.length ? Buffer.from(buf.subarray(i)) : null;
    return { json: json.subarray(0, j), csv: csv.subarray(0, c), columns: columns.subarray(0, k) };
  }

  finish(): void {
    if (this.carry) throw new Error('the long table COPY output ended inside a row');
  }
}
