import { type PoolClient } from 'pg';
import { type DatasetKind } from '@peel/shared';
import { type LineProblem } from './records';
import { STAGE_TABLE as S } from './staging';

/** What a merge did, counted per accepted line (record). */
export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The natural key of each kind, unique within one file. */
/** The line of each staged record that changed something, and whether it created its main row. */
const CHANGED = 'peel_import_changed';

const KEY: Record<DatasetKind, { column: string; field: string }> = {
  sft: { column: 'image', field: 'output_image' },
  preference: { column: 'image', field: 'output_image' },
  multi_turn: { column: 'session_key', field: 'files' },
};

/** The table of the lines that changed something, for the preference and multi-turn counts. */
export async function createWorkTables(client: PoolClient): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE ${CHANGED} (line integer NOT NULL, inserted boolean NOT NULL) ON COMMIT DROP`,
  );
}

/**
 * Removes from the stage every line whose natural key an earlier line of the same file already
 * had, and reports each as a problem naming that first line. Set-based: memory stays flat.
 */
export async function rejectDuplicates(
  client: PoolClient,
  kind: DatasetKind,
): Promise<LineProblem[]> {
  const { column, field } = KEY[kind];
  const { rows } = await client.query<{ line: number; key: string; first_line: number }>(
    `DELETE FROM ${S} s USING (
       SELECT line, ${column} AS key, min(line) OVER (PARTITION BY ${column}) AS first_line
         FROM ${S}
     ) d
     WHERE s.line = d.line AND d.line <> d.first_line
     RETURNING d.line, d.key, d.first_line`,
  );
  const what = kind === 'multi_turn' ? 'session' : 'output_image';
  return rows.map((row) => ({
    line: row.line,
    field,
    message: `duplicate ${what} "${row.key}": first seen on line ${row.first_line}`,
  }));
}

async function insertSources(client: PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO source_image (url)
     SELECT source_url FROM ${S} s
      WHERE NOT EXISTS (SELECT 1 FROM source_image x WHERE x.url = s.source_url)
      GROUP BY source_url`,
  );
}

async function countChanges(client: PoolClient): Promise<MergeCounts> {
  const { rows } = await client.query<{ total: string; inserted: string; changed: string }>(
    `SELECT (SELECT count(*) FROM ${S}) AS total,
            count(DISTINCT line) FILTER (WHERE inserted) AS inserted,
            count(DISTINCT line) AS changed
       FROM ${CHANGED}`,
  );
  await client.query(`TRUNCATE ${CHANGED}`);
  const total = Number(rows[0].total);
  const inserted = Number(rows[0].inserted);
  const updated = Number(rows[0].changed) - inserted;
  return { inserted, updated, unchanged: total - inserted - updated };
}

const EDIT_UPSERT = `
  ON CONFLICT (image) DO UPDATE SET
    source_image_id = EXCLUDED.source_image_id, instruction = EXCLUDED.instruction,
    summarized_instruction = EXCLUDED.summarized_instruction, edit_type_id = EXCLUDED.edit_type_id,
    extra = EXCLUDED.extra, import_id = EXCLUDED.import_id, updated_at = now()
  WHERE (edit.source_image_id, edit.instruction, edit.summarized_instruction, edit.edit_type_id,
         edit.extra)
    IS DISTINCT FROM (EXCLUDED.source_image_id, EXCLUDED.instruction,
         EXCLUDED.summarized_instruction, EXCLUDED.edit_type_id, EXCLUDED.extra)
  RETURNING image, (xmax = 0) AS inserted`;

/**
 * Upserts the edits of `from` and records the lines that changed something. Edits keep the origin
 * they were first imported with; re-importing never flips it. `countsAsInsert`: whether creating
 * one of these edits makes its line "inserted" (the main row) or only "updated" (a part of it).
 */
function upsertEditsSql(origin: string, from: string, countsAsInsert: boolean): string {
  return `WITH up AS (
      INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                        origin, extra, import_id)
      SELECT r.image, si.id, r.instruction, r.summarized, et.id, '${origin}', r.extra, $1
        FROM ${from} r
        JOIN source_image si ON si.url = r.source_url
        JOIN edit_type et ON et.label = r.edit_type
       ORDER BY r.line
      ${EDIT_UPSERT}
    )
    INSERT INTO ${CHANGED} (line, inserted)
    SELECT r.line, ${countsAsInsert ? 'up.inserted' : 'false'} FROM up JOIN ${from} r ON r.image = up.image`;
}

/**
 * SFT files are the big ones (257,730 lines), so their merge avoids per-row ON CONFLICT work and
 * RETURNING: an UPDATE of the rows that differ, then a plain INSERT of the new ones, counted by
 * row counts. Imports are serialized (ingest.service.ts), so no other writer races the two.
 */
export async function mergeSft(client: PoolClient, importId: string): Promise<MergeCounts> {
  await insertSources(client);
  const updated = await client.query(
    `UPDATE edit e SET source_image_id = si.id, instruction = r.instruction,
            summarized_instruction = r.summarized, edit_type_id = et.id, extra = r.extra,
            import_id = $1, updated_at = now()
       FROM ${S} r
       JOIN source_image si ON si.url = r.source_url
       JOIN edit_type et ON et.label = r.edit_type
      WHERE e.image = r.image
        AND (e.source_image_id, e.instruction, e.summarized_instruction, e.edit_type_id, e.extra)
            IS DISTINCT FROM (si.id, r.instruction, r.summarized, et.id, r.extra)`,
    [importId],
  );
  const inserted = await client.query(
    `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                       origin, extra, import_id)
     SELECT r.image, si.id, r.instruction, r.summarized, et.id, 'sft', r.extra, $1
       FROM ${S} r
       JOIN source_image si ON si.url = r.source_url
       JOIN edit_type et ON et.label = r.edit_type
      WHERE NOT EXISTS (SELECT 1 FROM edit e WHERE e.image = r.image)`,
    [importId],
  );
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${S}`);
  const counts = { inserted: inserted.rowCount ?? 0, updated: updated.rowCount ?? 0 };
  return { ...counts, unchanged: Number(rows[0].n) - counts.inserted - counts.updated };
}

export async function mergePreference(client: PoolClient, importId: string): Promise<MergeCounts> {
  await insertSources(client);
  await client.query(upsertEditsSql('preference_chosen', S, true), [importId]);
  const rejected = `(SELECT DISTINCT ON (x.image) s.line, x.image, x.pos, s.source_url, s.instruction,
                            s.summarized, s.edit_type, s.extra, s.rejected_shape, s.image AS chosen
                       FROM ${S} s
                      CROSS JOIN LATERAL jsonb_array_elements_text(s.rejected)
                                 WITH ORDINALITY AS x(image, pos)
                      ORDER BY x.image, s.line)`;
  await client.query(upsertEditsSql('preference_rejected', rejected, false), [importId]);
  await client.query(
    `WITH up AS (
       INSERT INTO edit_pair (first_edit_id, second_edit_id, origin, position, rejected_shape, import_id)
       SELECT c.id, r.id, 'dataset', x.pos - 1, s.rejected_shape, $1
         FROM ${S} s
        CROSS JOIN LATERAL jsonb_array_elements_text(s.rejected) WITH ORDINALITY AS x(image, pos)
         JOIN edit c ON c.image = s.image
         JOIN edit r ON r.image = x.image
        ORDER BY s.line, x.pos
       ON CONFLICT (first_edit_id, second_edit_id) DO UPDATE SET
         position = EXCLUDED.position, rejected_shape = EXCLUDED.rejected_shape
       WHERE (edit_pair.position, edit_pair.rejected_shape)
         IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.rejected_shape)
       RETURNING first_edit_id
     )
     INSERT INTO ${CHANGED} (line, inserted)
     SELECT s.line, false FROM up JOIN edit c ON c.id = up.first_edit_id JOIN ${S} s ON s.image = c.image`,
    [importId],
  );
  return countChanges(client);
}

export async function mergeMultiTurn(client: PoolClient, importId: string): Promise<MergeCounts> {
  await insertSources(client);
  await client.query(
    `WITH up AS (
       INSERT INTO mt_session (session_key, source_image_id, turn_count, file_order, extra, import_id)
       SELECT s.session_key, si.id, jsonb_array_length(s.prompts), s.file_order, s.extra, $1
         FROM ${S} s JOIN source_image si ON si.url = s.source_url
        ORDER BY s.line
       ON CONFLICT (session_key) DO UPDATE SET
         source_image_id = EXCLUDED.source_image_id, turn_count = EXCLUDED.turn_count,
         file_order = EXCLUDED.file_order, extra = EXCLUDED.extra, import_id = EXCLUDED.import_id,
         updated_at = now()
       WHERE (mt_session.source_image_id, mt_session.turn_count, mt_session.file_order,
              mt_session.extra)
         IS DISTINCT FROM (EXCLUDED.source_image_id, EXCLUDED.turn_count, EXCLUDED.file_order,
              EXCLUDED.extra)
       RETURNING session_key, (xmax = 0) AS inserted
     )
     INSERT INTO ${CHANGED} (line, inserted)
     SELECT s.line, up.inserted FROM up JOIN ${S} s ON s.session_key = up.session_key`,
    [importId],
  );
  await client.query(
    `WITH turns AS (
       SELECT ms.id AS session_id, p.idx AS turn_index, p.prompt, i.image, s.line
         FROM ${S} s
         JOIN mt_session ms ON ms.session_key = s.session_key
        CROSS JOIN LATERAL jsonb_array_elements_text(s.prompts) WITH ORDINALITY AS p(prompt, idx)
         JOIN LATERAL jsonb_array_elements_text(s.images) WITH ORDINALITY AS i(image, idx)
           ON i.idx = p.idx
     ), up AS (
       INSERT INTO mt_turn (session_id, turn_index, prompt, image)
       SELECT session_id, turn_index, prompt, image FROM turns ORDER BY session_id, turn_index
       ON CONFLICT (session_id, turn_index) DO UPDATE SET prompt = EXCLUDED.prompt, image = EXCLUDED.image
       WHERE (mt_turn.prompt, mt_turn.image) IS DISTINCT FROM (EXCLUDED.prompt, EXCLUDED.image)
       RETURNING session_id
     )
     INSERT INTO ${CHANGED} (line, inserted)
     SELECT DISTINCT t.line, false FROM up JOIN turns t ON t.session_id = up.session_id`,
  );
  await client.query(
    `DELETE FROM mt_turn t USING mt_session ms, ${S} s
      WHERE ms.session_key = s.session_key AND t.session_id = ms.id AND t.turn_index > ms.turn_count`,
  );
  return countChanges(client);
}

export const MERGERS: Record<
  DatasetKind,
  (client: PoolClient, importId: string) => Promise<MergeCounts>
> = {
  sft: mergeSft,
  preference: mergePreference,
  multi_turn: mergeMultiTurn,
};
