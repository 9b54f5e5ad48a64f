import { type PoolClient } from 'pg';
import { type ExportOptions } from './export-options';
import { UTC_ISO } from './export-queries';

/**
 * The long table as two text COPY streams in judgment order, merged on a worker thread
 * (LongTableWorker) into one row per answer, JUDGMENT_COLUMNS in order: the selected judgments
 * (JUDGMENT_COLUMNS without question and value; booleans as t/f, times already in the export's
 * UTC form) by id, and the answers of their batches as (judgment id, question, value) by judgment
 * and question. Each judgment's fields travel once, not once per answer. Only plain columns: the
 * JSONL, CSV and Parquet forms are made from these bytes on the worker, far cheaper than building
 * three texts per row in SQL. Parameters are inlined (COPY takes none): the rater pseudonyms
 * arrive as a VALUES list. Edit-type filters apply to pairs and edits through their (first) edit;
 * the answers carry the same filters, and an answer whose judgment is not selected is passed over.
 */
export function longTableSql(
  client: PoolClient,
  batchIds: number[],
  options: ExportOptions,
  pseudonyms: Map<number, string>,
): { judgments: string; answers: string } {
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
  const gold = options.excludeGold ? 'AND NOT bi.is_gold' : '';
  const itemFilter =
    gold || typeFilter
      ? `AND EXISTS (SELECT 1 FROM batch_item bi WHERE bi.id = ja.batch_item_id ${gold} ${typeFilter})`
      : '';
  return {
    judgments: `
    SELECT j.id, j.batch_id, j.batch_item_id, bi.subject_key, b.task_type, r.name,
      CASE WHEN b.task_type = 'pairwise'
        THEN CASE WHEN a.swapped THEN 'second_left' ELSE 'first_left' END END,
      j.dwell_ms, bi.is_gold,
      to_char(j.created_at AT TIME ZONE 'UTC', ${UTC_ISO}),
      to_char(j.revised_at AT TIME ZONE 'UTC', ${UTC_ISO}),
      j.revision
    FROM judgment j
    JOIN assignment a ON a.id = j.assignment_id
    JOIN batch_item bi ON bi.id = j.batch_item_id
    JOIN batch b ON b.id = j.batch_id
    JOIN ${raters} ON r.id = j.rater_id
    WHERE j.batch_id = ANY(${ids}) ${gold}
      ${typeFilter}
    ORDER BY j.id`,
    answers: `
    SELECT ja.judgment_id, ja.question, ja.value FROM judgment_answer ja
    WHERE ja.batch_id = ANY(${ids}) ${itemFilter}
    ORDER BY ja.judgment_id, ja.question`,
  };
}
