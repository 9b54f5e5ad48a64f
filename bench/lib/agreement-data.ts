import { type Client } from 'pg';

/** The pairwise questions of a judgment, in the order of the stored answers. */
export const BENCH_QUESTIONS = [
  'overall',
  'instruction_compliance',
  'seamlessness',
  'preservation',
  'technical_quality',
] as const;

export interface AgreementData {
  batchId: number;
  items: number;
  raters: number;
  ratersPerItem: number;
  judgments: number;
  answers: number;
}

/**
 * A judged pairwise batch made with set-based SQL: `items` dataset pairs, each judged by
 * `ratersPerItem` distinct raters of a pool of `raters`, every judgment with the five pairwise
 * answers. Realistic noise: a hidden truth per item (overall first 50%, second 25%, tie 15%,
 * both_bad 10%; criteria follow it 80% of the time), raters right with their own accuracy
 * (0.55 to 0.95) and otherwise answering at random; two raters pick the left edit on a third of
 * their A/B answers (position bias); presentation order random per lease; dwell times skewed.
 */
export async function loadAgreementData(
  client: Client,
  items: number,
  raters: number,
  ratersPerItem: number,
): Promise<AgreementData> {
  const one = async (sql: string, params: unknown[] = []) =>
    (await client.query(sql, params)).rows[0];
  await client.query(
    `INSERT INTO app_user (email, password_hash, role)
     SELECT 'bench-rater-' || j || '@example.test', 'x', 'annotator' FROM generate_series(1, $1::int) j`,
    [raters],
  );
  const { min_rater } = await one(
    `SELECT min(id) AS min_rater FROM app_user WHERE email LIKE 'bench-rater-%'`,
  );
  const { id: importId } = await one(
    `INSERT INTO dataset_import (source, status) VALUES ('bench', 'completed') RETURNING id`,
  );
  const { id: sourceId } = await one(
    `INSERT INTO source_image (url) VALUES ('https://bench.example/source.jpg') RETURNING id`,
  );
  await client.query(
    `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id, origin, import_id)
     SELECT 'images/bench-' || e || '.png', $1, 'instruction ' || e, 'short', 1 + e % 35, 'preference_chosen', $2
       FROM generate_series(0, 499) e`,
    [sourceId, importId],
  );
  // Unique (first, second) pairs of 500 edits: first = i % 500, second = first + 1 + i / 500.
  await client.query(
    `WITH ids AS (SELECT array_agg(id ORDER BY id) AS e FROM edit WHERE import_id = $2)
     INSERT INTO edit_pair (first_edit_id, second_edit_id, origin)
     SELECT ids.e[1 + i % 500], ids.e[1 + (i % 500 + 1 + i / 500) % 500], 'dataset'
       FROM ids, generate_series(0, $1::int - 1) i`,
    [items, importId],
  );
  const judgments = items * ratersPerItem;
  const { id: batchId } = await one(
    `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds, item_count,
                        items_complete, judgment_count)
     VALUES ('bench agreement', 'pairwise', 'active', 1, $2, $2, 600, $1, $1, $3) RETURNING id`,
    [items, ratersPerItem, judgments],
  );
  await client.query(
    `INSERT INTO batch_item (batch_id, subject_key, pair_id, position, target_k, submitted, started, complete)
     SELECT $1, 'pair:' || id, id, row_number() OVER (ORDER BY id), $2, $2, true, true FROM edit_pair`,
    [batchId, ratersPerItem],
  );
  await loadJudgments(client, batchId, raters, ratersPerItem, Number(min_rater));
  return {
    batchId,
    items,
    raters,
    ratersPerItem,
    judgments,
    answers: judgments * BENCH_QUESTIONS.length,
  };
}

async function loadJudgments(
  client: Client,
  batchId: number,
  raters: number,
  ratersPerItem: number,
  minRater: number,
): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE bench_truth AS
     SELECT item, i, ARRAY[overall,
              ${[1, 2, 3, 4].map((c) => criterion(c)).join(',\n              ')}] AS truth
       FROM (SELECT id AS item, position AS i, random() AS v1, random() AS v2, random() AS v3,
                    random() AS v4, random() AS w1, random() AS w2, random() AS w3, random() AS w4,
                    CASE WHEN u < 0.5 THEN 'first' WHEN u < 0.75 THEN 'second'
                         WHEN u < 0.9 THEN 'tie' ELSE 'both_bad' END AS overall
               FROM (SELECT id, position, random() AS u FROM batch_item WHERE batch_id = $1) s) t`,
    [batchId],
  );
  // Distinct raters per item: offsets r * 11 (mod 40) differ for r < 5, shifted per item.
  await client.query(
    `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at, finished_at)
     SELECT $1, t.item, $2::int + (t.i * 7 + r * 11 + (t.i / $3::int) * 3) % $3::int, 'submitted',
            random() < 0.5, false, now(), now()
       FROM bench_truth t, generate_series(0, $4::int - 1) r`,
    [batchId, minRater, raters, ratersPerItem],
  );
  await client.query(
    `INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers, dwell_ms, is_gold)
     SELECT id, batch_id, batch_item_id, rater_id, gen_random_uuid(),
            '{"overall":"A","criteria":{"instruction_compliance":"A","seamlessness":"tie","preservation":"A","technical_quality":"B"}}',
            (1500 + 30000 * random() * random() * random())::int, false
       FROM assignment WHERE batch_id = $1 ORDER BY id`,
    [batchId],
  );
  await client.query(
    `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
     SELECT j.id, q.name,
            CASE WHEN (j.rater_id - $2::int) IN (3, 17) AND random() < 0.35 THEN
                   CASE WHEN a.swapped THEN 'second' ELSE 'first' END
                 WHEN random() < 0.55 + 0.4 * (((j.rater_id - $2::int) * 37) % 100) / 100.0 THEN t.truth[q.n]
                 ELSE (ARRAY['first', 'second', 'tie', 'both_bad'])[1 + floor(random() * (CASE WHEN q.n = 1 THEN 4 ELSE 3 END))::int]
            END,
            j.batch_id, j.batch_item_id, j.rater_id
       FROM judgment j
       JOIN assignment a ON a.id = j.assignment_id
       JOIN bench_truth t ON t.item = j.batch_item_id
      CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS q(name, n)
      WHERE j.batch_id = $1`,
    [batchId, minRater, BENCH_QUESTIONS],
  );
  await client.query('DROP TABLE bench_truth');
}

/** A criterion's truth: the overall winner 80% of the time when there is one, else mostly tie. */
function criterion(c: number): string {
  const random = `(ARRAY['first', 'second', 'tie'])[1 + floor(w${c} * 3)::int]`;
  return `CASE WHEN overall IN ('first', 'second')
                THEN CASE WHEN v${c} < 0.8 THEN overall ELSE ${random} END
                ELSE CASE WHEN v${c} < 0.5 THEN 'tie' ELSE ${random} END END`;
}
