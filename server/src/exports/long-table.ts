import { type PoolClient } from 'pg';
import { type ExportOptions } from './export-options';
import { UTC_ISO } from './export-queries';

/**
 * The long table as PostgreSQL's text COPY rows: one row per answer, JUDGMENT_COLUMNS in order
 * (booleans as t/f, times already in the export's UTC form), ordered by judgment and question.
 * Only plain columns: the JSONL, CSV and Parquet forms are made from these bytes on a worker
 * thread (LongTableWorker), which is far cheaper than building three texts per row in SQL.
 * Parameters are inlined (COPY takes none): the rater pseudonyms arrive as a VALUES list.
 * Edit-type filters apply to pairs and edits through their (first) edit.
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
  // The judgment's own columns are computed once per judgment, behind OFFSET 0 (the planner would
  // otherwise pull them up and format its times again on each of its answers), then joined to
  // the answers.
  return `
  SELECT jj.id, jj.batch_id, jj.batch_item_id, jj.subject_key, jj.task_type, jj.name,
    ja.question, ja.value, jj.presented, jj.dwell_ms, jj.is_gold, jj.created, jj.revised,
    jj.revision
  FROM (
    SELECT j.id, j.batch_id, j.batch_item_id, bi.subject_key, b.task_type, r.name,
      CASE WHEN b.task_type = 'pairwise'
        THEN CASE WHEN a.swapped THEN 'second_left' ELSE 'first_left' END END AS presented,
      j.dwell_ms, bi.is_gold,
      to_char(j.created_at AT TIME ZONE 'UTC', ${UTC_ISO}) AS created,
      to_char(j.revised_at AT TIME ZONE 'UTC', ${UTC_ISO}) AS revised,
      j.revision
    FROM judgment j
    JOIN assignment a ON a.id = j.assignment_id
    JOIN batch_item bi ON bi.id = j.batch_item_id
    JOIN batch b ON b.id = j.batch_id
    JOIN ${raters} ON r.id = j.rater_id
    WHERE j.batch_id = ANY(${ids}) ${options.excludeGold ? 'AND NOT bi.is_gold' : ''}
      ${typeFilter}
    OFFSET 0
  ) jj
  JOIN judgment_answer ja ON ja.judgment_id = jj.id
  ORDER BY jj.id, ja.question`;
}
