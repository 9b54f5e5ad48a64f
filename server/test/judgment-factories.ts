import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager } from 'typeorm';
import { PAIRWISE_CRITERIA, type TaskType } from '@peel/shared';
import { answerRows } from '../src/judgments/answers';
import { COUNTER_SHARDS } from '../src/judgments/submit-judgment';

/**
 * SQL factories for agreement tests: a batch with its own subjects (pairs, edits or sessions,
 * unique data), items, submitted leases, judgments and answer rows, written directly. The batch's
 * judgment counter is set the way the judgment transaction keeps it (one per judgment).
 */
export interface JudgedBatchSpec {
  taskType: TaskType;
  items: number;
  /** Rater user ids (each judges the items `answers` gives values for). */
  raters: readonly number[];
  /** Rater r's answers (question id -> stored value) on item i, or null when r did not judge i. */
  answers: (item: number, rater: number) => Record<string, string> | null;
  /** The edit type id of the pair's first edit (pairwise) or of the edit (taxonomy). */
  editTypeId?: (item: number) => number;
  pairOrigin?: (item: number) => 'dataset' | 'admin';
  gold?: (item: number) => boolean;
  /** Whether the pair's second edit was shown on the left (pairwise). */
  swapped?: (item: number, rater: number) => boolean;
  dwellMs?: (item: number, rater: number) => number;
  goldCorrect?: (item: number, rater: number) => boolean;
}

export interface JudgedBatch {
  batchId: number;
  /** Batch item ids, by item index. */
  itemIds: number[];
  judgments: number;
}

async function subjects(
  manager: EntityManager,
  spec: JudgedBatchSpec,
): Promise<{ column: string; ids: number[] }> {
  const key = randomUUID();
  const [{ id: importId }] = await manager.query(
    `INSERT INTO dataset_import (source, status) VALUES ($1, 'completed') RETURNING id`,
    [`test-${key}`],
  );
  const [{ id: sourceId }] = await manager.query(
    `INSERT INTO source_image (url) VALUES ($1) RETURNING id`,
    [`https://example.test/${key}.jpg`],
  );
  const n = spec.items;
  const index = Array.from({ length: n }, (_, i) => i);
  const types = index.map((i) => spec.editTypeId?.(i) ?? 1 + (i % 35));
  if (spec.taskType === 'multi_turn') {
    const rows = await manager.query(
      `INSERT INTO mt_session (session_key, source_image_id, turn_count, import_id)
       SELECT $1 || '-' || i, $2, 1, $3 FROM unnest($4::int[]) AS i ORDER BY i RETURNING id`,
      [key, sourceId, importId, index],
    );
    return { column: 'session_id', ids: rows.map((r: { id: string }) => Number(r.id)) };
  }
  const edits = async (suffix: string, origin: string): Promise<number[]> => {
    const rows = await manager.query(
      `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                         origin, import_id)
       SELECT 'images/' || $1 || '-' || x.i || $2, $3, 'Make it warmer', 'warmer', x.t, $4, $5
         FROM unnest($6::int[], $7::int[]) AS x(i, t) ORDER BY x.i RETURNING id`,
      [key, suffix, sourceId, origin, importId, index, types],
    );
    return rows.map((r: { id: string }) => Number(r.id));
  };
  if (spec.taskType === 'taxonomy') return { column: 'edit_id', ids: await edits('.png', 'sft') };
  const first = await edits('-chosen.png', 'preference_chosen');
  const second = await edits('-rejected.png', 'preference_rejected');
  const rows = await manager.query(
    `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin)
     SELECT x.f, x.s, x.o FROM unnest($1::bigint[], $2::bigint[], $3::text[]) WITH ORDINALITY AS x(f, s, o, n)
      ORDER BY x.n RETURNING id`,
    [first, second, index.map((i) => spec.pairOrigin?.(i) ?? 'dataset')],
  );
  return { column: 'pair_id', ids: rows.map((r: { id: string }) => Number(r.id)) };
}

/**
 * The judgment's `answers` as the rater gave them: pairwise in screen terms (A = left, so `first`
 * is A unless the lease was swapped), checked against the real conversion to stored rows.
 */
function screenAnswers(
  taskType: TaskType,
  stored: Record<string, string>,
  swapped: boolean,
): Record<string, unknown> {
  if (taskType !== 'pairwise') return stored;
  const side = (value: string) =>
    value === 'first' ? (swapped ? 'B' : 'A') : value === 'second' ? (swapped ? 'A' : 'B') : value;
  const screen = {
    overall: side(stored.overall),
    criteria: Object.fromEntries(PAIRWISE_CRITERIA.map((c) => [c, side(stored[c])])),
  };
  const complete = ['overall', ...PAIRWISE_CRITERIA].every((q) => q in stored);
  if (complete) {
    const rows = answerRows({ taskType, swapped, turnCount: 0, currentLabel: '' }, screen);
    if (rows.some((row) => stored[row.question] !== row.value)) {
      throw new Error('screen answers do not convert back to the stored values');
    }
  }
  return screen;
}

interface JudgmentRow {
  item: number;
  rater: number;
  answers: Record<string, string>;
}

function judgmentRows(spec: JudgedBatchSpec): JudgmentRow[] {
  const rows: JudgmentRow[] = [];
  for (let item = 0; item < spec.items; item++) {
    for (const rater of spec.raters) {
      const answers = spec.answers(item, rater);
      if (answers) rows.push({ item, rater, answers });
    }
  }
  return rows;
}

/** A batch with every judgment the spec gives, written in one transaction. */
export async function buildJudgedBatch(
  dataSource: DataSource,
  spec: JudgedBatchSpec,
): Promise<JudgedBatch> {
  return dataSource.transaction(async (manager) => {
    const { column, ids: subjectIds } = await subjects(manager, spec);
    const rows = judgmentRows(spec);
    const [{ id: batchId }] = await manager.query(
      `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds, judgment_count)
       VALUES ($1, $2, 'active', 1, 10, 10, 600, $3) RETURNING id`,
      [`agreement ${randomUUID()}`, spec.taskType, rows.length],
    );
    const submitted = new Array<number>(spec.items).fill(0);
    for (const row of rows) submitted[row.item] += 1;
    const gold = subjectIds.map((_, i) => spec.gold?.(i) ?? false);
    const items = await manager.query(
      `INSERT INTO batch_item (batch_id, subject_key, ${column}, position, is_gold, target_k, submitted)
       SELECT $1, $2 || ':' || x.s, x.s, x.n, x.g, 10, x.c
         FROM unnest($3::bigint[], $4::boolean[], $5::int[]) WITH ORDINALITY AS x(s, g, c, n)
        ORDER BY x.n RETURNING id`,
      [batchId, column.replace('_id', ''), subjectIds, gold, submitted],
    );
    const itemIds: number[] = items.map((r: { id: string }) => Number(r.id));
    await insertJudgments(manager, spec, batchId, itemIds, rows);
    return { batchId, itemIds, judgments: rows.length };
  });
}

async function insertJudgments(
  manager: EntityManager,
  spec: JudgedBatchSpec,
  batchId: number,
  itemIds: number[],
  rows: JudgmentRow[],
): Promise<void> {
  for (let from = 0; from < rows.length; from += 2000) {
    const chunk = rows.slice(from, from + 2000);
    await insertJudgmentChunk(manager, spec, batchId, itemIds, chunk);
  }
}

async function insertJudgmentChunk(
  manager: EntityManager,
  spec: JudgedBatchSpec,
  batchId: number,
  itemIds: number[],
  rows: JudgmentRow[],
): Promise<void> {
  const isGold = rows.map((row) => spec.gold?.(row.item) ?? false);
  const judgments: { id: string; batch_item_id: string; rater_id: number }[] = await manager.query(
    `WITH a AS (
       INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at, finished_at)
       SELECT $1, x.item, x.rater, 'submitted', x.swapped, x.gold, now() + interval '1 hour', now()
         FROM unnest($2::bigint[], $3::int[], $4::boolean[], $5::boolean[]) AS x(item, rater, swapped, gold)
       RETURNING id, batch_item_id, rater_id, is_gold)
     INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers,
                           dwell_ms, is_gold, gold_correct)
     SELECT a.id, $1, a.batch_item_id, a.rater_id, gen_random_uuid(), x.answers, x.dwell, a.is_gold,
            CASE WHEN a.is_gold THEN x.correct END
       FROM a JOIN unnest($2::bigint[], $3::int[], $6::int[], $7::boolean[], $8::jsonb[])
                AS x(item, rater, dwell, correct, answers)
         ON x.item = a.batch_item_id AND x.rater = a.rater_id
     RETURNING id, batch_item_id, rater_id`,
    [
      batchId,
      rows.map((row) => itemIds[row.item]),
      rows.map((row) => row.rater),
      rows.map((row) => spec.swapped?.(row.item, row.rater) ?? false),
      isGold,
      rows.map((row) => spec.dwellMs?.(row.item, row.rater) ?? 1000),
      rows.map((row) => spec.goldCorrect?.(row.item, row.rater) ?? true),
      rows.map((row) =>
        JSON.stringify(
          screenAnswers(spec.taskType, row.answers, spec.swapped?.(row.item, row.rater) ?? false),
        ),
      ),
    ],
  );
  const judgmentOf = new Map(judgments.map((j) => [`${j.batch_item_id}:${j.rater_id}`, j.id]));
  const answerRows = rows.flatMap((row) =>
    Object.entries(row.answers).map(([question, value]) => ({
      judgment: judgmentOf.get(`${itemIds[row.item]}:${row.rater}`)!,
      question,
      value,
      item: itemIds[row.item],
      rater: row.rater,
    })),
  );
  await insertAnswers(manager, batchId, answerRows);
}

async function insertAnswers(
  manager: EntityManager,
  batchId: number,
  rows: { judgment: string; question: string; value: string; item: number; rater: number }[],
): Promise<void> {
  await manager.query(
    `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
     SELECT x.j, x.q, x.v, $1, x.i, x.r
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::int[]) AS x(j, q, v, i, r)`,
    [
      batchId,
      rows.map((row) => row.judgment),
      rows.map((row) => row.question),
      rows.map((row) => row.value),
      rows.map((row) => row.item),
      rows.map((row) => row.rater),
    ],
  );
}

/**
 * One more judgment, as the judgment transaction writes it: the lease, the judgment, its answers
 * and the rater's shard of the batch's judgment counter, in one transaction.
 */
export async function addJudgment(
  dataSource: DataSource,
  batch: JudgedBatch,
  item: number,
  rater: number,
  answers: Record<string, string>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const spec = { taskType: 'pairwise', items: 0, raters: [], answers: () => null } as const;
    await insertJudgmentChunk(manager, spec, batch.batchId, batch.itemIds, [
      { item, rater, answers },
    ]);
    await manager.query(
      `INSERT INTO batch_counter (batch_id, shard, judgments) VALUES ($1, $2, 1)
       ON CONFLICT (batch_id, shard) DO UPDATE SET judgments = batch_counter.judgments + 1`,
      [batch.batchId, rater % COUNTER_SHARDS],
    );
  });
}

/**
 * A rater's judgment revised, as the revision transaction writes it: new answer values and the
 * rater's shard of the batch's revision counter.
 */
export async function reviseJudgment(
  dataSource: DataSource,
  batch: JudgedBatch,
  item: number,
  rater: number,
  answers: Record<string, string>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const [question, value] of Object.entries(answers)) {
      await manager.query(
        `UPDATE judgment_answer SET value = $4
          WHERE batch_item_id = $1 AND rater_id = $2 AND question = $3`,
        [batch.itemIds[item], rater, question, value],
      );
    }
    await manager.query(
      `INSERT INTO batch_counter (batch_id, shard, revisions) VALUES ($1, $2, 1)
       ON CONFLICT (batch_id, shard) DO UPDATE SET revisions = batch_counter.revisions + 1`,
      [batch.batchId, rater % COUNTER_SHARDS],
    );
  });
}

/** Raters' user ids: `n` annotators with unique emails (no password: they never sign in). */
export async function buildRaters(dataSource: DataSource, n: number): Promise<number[]> {
  const key = randomUUID().slice(0, 12);
  const rows = await dataSource.query(
    `INSERT INTO app_user (email, password_hash, role)
     SELECT 'rater-' || $1 || '-' || i || '@example.test', 'x', 'annotator'
       FROM generate_series(1, $2::int) AS i ORDER BY i RETURNING id`,
    [key, n],
  );
  return rows.map((r: { id: number }) => r.id);
}

/** Pairwise answers: `overall` as given, each criterion the same unless it is both_bad. */
export function pairAnswers(overall: string): Record<string, string> {
  const criterion = overall === 'both_bad' ? 'tie' : overall;
  return Object.fromEntries([
    ['overall', overall],
    ...PAIRWISE_CRITERIA.map((c) => [c, criterion]),
  ]);
}
