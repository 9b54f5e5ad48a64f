import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { EDIT_ORIGINS, EDIT_TYPES } from '@peel/shared';

/** One edit of `buildBrowseDataset`, as the test expects the API to show it. */
export interface BrowseEdit {
  id: number;
  editTypeId: number;
  category: string;
  origin: (typeof EDIT_ORIGINS)[number];
  instruction: string;
  judged: boolean;
}

export interface BrowseDataset {
  key: string;
  importId: number;
  edits: BrowseEdit[];
  /** Every tenth edit's instruction holds this word. */
  searchWord: string;
  pairIds: number[];
  sessionIds: number[];
  batchId: number;
  raterId: number;
}

/**
 * Rows of the dataset browser's own, written directly in SQL under one fresh import: `n` edits
 * with edit types, origins and search words spread over them, `n / 5` pairs, `n / 10` sessions
 * (turns 1..4), and one taxonomy batch whose items on every seventh edit hold a submitted
 * judgment by `raterId`.
 */
export async function buildBrowseDataset(
  dataSource: DataSource,
  n: number,
  raterId: number,
): Promise<BrowseDataset> {
  return dataSource.transaction(async (manager) => {
    const key = randomUUID().slice(0, 8);
    const searchWord = `zebra${key}`;
    const [{ id: importId }] = await manager.query(
      `INSERT INTO dataset_import (source, kind, status) VALUES ($1, 'sft', 'completed') RETURNING id`,
      [`browse-${key}.jsonl`],
    );
    const [{ id: sourceId }] = await manager.query(
      `INSERT INTO source_image (url) VALUES ($1) RETURNING id`,
      [`https://example.test/${key}/source.jpg`],
    );
    const index = Array.from({ length: n }, (_, i) => i);
    const types = index.map((i) => 1 + ((i * 11) % 35));
    const origins = index.map((i) => EDIT_ORIGINS[i % 3]);
    const instructions = index.map(
      (i) => `Make item ${i} of ${key} warmer${i % 10 === 0 ? ` with a ${searchWord}` : ''}`,
    );
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                         origin, import_id)
       SELECT 'images/' || $1 || '/' || x.i || '.png', $2, x.text, 'warmer', x.t, x.o, $3
         FROM unnest($4::int[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY AS x(i, t, o, text, n)
        ORDER BY x.n RETURNING id`,
      [key, sourceId, importId, index, types, origins, instructions],
    );
    const editIds = rows.map((row) => Number(row.id));
    const pairRows: { id: string }[] = await manager.query(
      `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin, import_id)
       SELECT x.f, x.s, CASE WHEN x.n % 4 = 0 THEN 'admin' ELSE 'dataset' END,
              CASE WHEN x.n % 4 = 0 THEN NULL ELSE $3::bigint END
         FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS x(f, s, n)
        ORDER BY x.n RETURNING id`,
      [editIds.filter((_, i) => i % 5 === 0), editIds.filter((_, i) => i % 5 === 1), importId],
    );
    const sessionRows: { id: string }[] = await manager.query(
      `INSERT INTO mt_session (session_key, source_image_id, turn_count, import_id)
       SELECT $1 || '-' || i, $2, 1 + i % 4, $3 FROM generate_series(0, $4::int - 1) AS i
        ORDER BY i RETURNING id`,
      [key, sourceId, importId, Math.floor(n / 10)],
    );
    const sessionIds = sessionRows.map((row) => Number(row.id));
    await manager.query(
      `INSERT INTO mt_turn (session_id, turn_index, prompt, image)
       SELECT m.id, t, 'Turn ' || t || ' of ' || m.session_key, 'images/mt/' || m.session_key || '-' || t || '.png'
         FROM mt_session m, generate_series(1, m.turn_count) AS t WHERE m.id = ANY($1::bigint[])`,
      [sessionIds],
    );
    const [{ id: batchId }] = await manager.query(
      `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds, judgment_count)
       VALUES ($1, 'taxonomy', 'active', 1, 3, 3, 600, 0) RETURNING id`,
      [`browse ${key}`],
    );
    const judgedIds = editIds.filter((_, i) => i % 7 === 0);
    for (const [position, editId] of judgedIds.entries()) {
      const [{ id: itemId }] = await manager.query(
        `INSERT INTO batch_item (batch_id, subject_key, edit_id, position, target_k, submitted, started)
         VALUES ($1, $2, $3, $4, 3, 1, true) RETURNING id`,
        [batchId, `edit:${editId}`, editId, position],
      );
      const [{ id: assignmentId }] = await manager.query(
        `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, expires_at)
         VALUES ($1, $2, $3, 'submitted', now()) RETURNING id`,
        [batchId, itemId, raterId],
      );
      const [{ id: judgmentId }] = await manager.query(
        `INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id,
                               answers, dwell_ms)
         VALUES ($1, $2, $3, $4, $5, $6, 1200) RETURNING id`,
        [assignmentId, batchId, itemId, raterId, randomUUID(), { label_correct: 'yes' }],
      );
      await manager.query(
        `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
         VALUES ($1, 'label_correct', 'yes', $2, $3, $4)`,
        [judgmentId, batchId, itemId, raterId],
      );
    }
    const judged = new Set(judgedIds);
    return {
      key,
      importId: Number(importId),
      searchWord,
      edits: editIds.map((id, i) => ({
        id,
        editTypeId: types[i],
        category: EDIT_TYPES[types[i] - 1].categoryId,
        origin: origins[i],
        instruction: instructions[i],
        judged: judged.has(id),
      })),
      pairIds: pairRows.map((row) => Number(row.id)),
      sessionIds,
      batchId: Number(batchId),
      raterId,
    };
  });
}
