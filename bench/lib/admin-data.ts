import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EDIT_TYPES } from '@peel/shared';
import { BENCH_QUESTIONS } from './agreement-data';
import { mulberry32 } from './synthetic-sft';

const WORDS = (
  'add remove replace the a small bright red blue green wooden metal sign sky river car tree ' +
  'seamlessly ensuring lighting colour grain texture background foreground realistic natural ' +
  'shadows reflections matching perspective upper lower left right corner scene object person ' +
  'lantern harbour meadow violin umbrella glacier'
).split(' ');

export interface AdminData {
  edits: number;
  pairs: number;
  imports: number[];
  /** The judged pairwise batch the dashboard figures read. */
  dashboardBatchId: number;
  batches: number;
  judgments: number;
  answers: number;
  /** Edits with a taxonomy judgment (the "judged" filter). */
  judgedEdits: number;
}

/** Streams `rows` COPY text lines made by `line(i)` into `sql` (a COPY ... FROM STDIN). */
async function copyRows(
  client: Client,
  sql: string,
  rows: number,
  line: (i: number) => string,
): Promise<void> {
  const BATCH = 2000;
  async function* text(): AsyncGenerator<string> {
    for (let from = 0; from < rows; from += BATCH) {
      let chunk = '';
      for (let i = from; i < Math.min(rows, from + BATCH); i++) chunk += line(i);
      yield chunk;
    }
  }
  await pipeline(Readable.from(text()), client.query(copyFrom(sql)));
}

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  return `${out.join(' ')}.`;
}

/**
 * The admin console's scale: `edits` edits (COPY) in five imports, with edit types drawn in the
 * released proportions and origins sft 60% / chosen 20% / rejected 20%; one pair per rejected edit
 * and its chosen neighbour; `batches - 1` small batches and one pairwise batch whose items are
 * judged by `ratersPerItem` of `raters` raters with the five pairwise answers (`answers` rows in
 * all); a taxonomy batch judging every 40th edit once.
 */
export async function loadAdminData(
  client: Client,
  options: {
    edits: number;
    answers: number;
    raters: number;
    ratersPerItem: number;
    batches: number;
  },
): Promise<AdminData> {
  const one = async (sql: string, params: unknown[] = []) =>
    (await client.query(sql, params)).rows[0];
  const imports: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { id } = await one(
      `INSERT INTO dataset_import (source, kind, status) VALUES ($1, 'sft', 'completed') RETURNING id`,
      [`bench-admin-${i}.jsonl`],
    );
    imports.push(Number(id));
  }
  const sources = Math.max(1, Math.floor(options.edits / 4));
  await copyRows(
    client,
    'COPY source_image (url) FROM STDIN',
    sources,
    (i) => `https://farm${1 + (i % 9)}.staticflickr.com/bench/${i}_o.jpg\n`,
  );
  const { min_source } = await one('SELECT min(id) AS min_source FROM source_image');
  const random = mulberry32(7);
  const weights = EDIT_TYPES.map((type) => type.sftCount);
  const total = weights.reduce((a, b) => a + b, 0);
  const pickType = () => {
    let r = random() * total;
    for (const type of EDIT_TYPES) {
      r -= type.sftCount;
      if (r < 0) return type.id;
    }
    return 1;
  };
  // Bulk load as one would: the trigram index is built once after the COPY, not row by row.
  await client.query('DROP INDEX ix_edit_instruction_trgm');
  await copyRows(
    client,
    `COPY edit (image, source_image_id, instruction, summarized_instruction, edit_type_id, origin,
                import_id) FROM STDIN`,
    options.edits,
    (i) => {
      const u = random();
      const origin = u < 0.6 ? 'sft' : u < 0.8 ? 'preference_chosen' : 'preference_rejected';
      const source = Number(min_source) + (i % sources);
      const importId = imports[Math.floor((i / options.edits) * imports.length)];
      const instruction = sentence(random, 30 + Math.floor(random() * 20));
      return `images/bench/${i}.png\t${source}\t${instruction}\t${sentence(random, 6)}\t${pickType()}\t${origin}\t${importId}\n`;
    },
  );
  await client.query(
    'CREATE INDEX "ix_edit_instruction_trgm" ON "edit" USING gin ("instruction" gin_trgm_ops)',
  );
  // A pair per rejected edit: the nearest chosen edit before it (same source is not needed here).
  await client.query(
    `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin, position, import_id)
     SELECT c.id, r.id, 'dataset', 0, r.import_id
       FROM edit r
       JOIN LATERAL (SELECT id FROM edit c WHERE c.origin = 'preference_chosen' AND c.id < r.id
                      ORDER BY c.id DESC LIMIT 1) c ON true
      WHERE r.origin = 'preference_rejected'`,
  );
  const { pairs } = await one('SELECT count(*)::int AS pairs FROM edit_pair');
  await client.query(
    `INSERT INTO app_user (email, password_hash, role)
     SELECT 'bench-admin-rater-' || j || '@example.test', 'x', 'annotator'
       FROM generate_series(1, $1::int) j`,
    [options.raters],
  );
  const { min_rater } = await one(
    `SELECT min(id) AS min_rater FROM app_user WHERE email LIKE 'bench-admin-rater-%'`,
  );
  for (let b = 0; b < options.batches - 2; b++) {
    await client.query(
      `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds)
       VALUES ($1, $2, $3, $4, 3, 3, 600)`,
      [
        `bench batch ${b}`,
        ['pairwise', 'taxonomy', 'multi_turn'][b % 3],
        ['draft', 'active', 'paused', 'completed', 'archived'][b % 5],
        b,
      ],
    );
  }
  const judgedEdits = await taxonomyBatch(client, Number(min_rater));
  const items = Math.floor(options.answers / (BENCH_QUESTIONS.length * options.ratersPerItem));
  const { dashboardBatchId, judgments } = await judgedPairwiseBatch(
    client,
    Math.min(items, pairs),
    options.raters,
    options.ratersPerItem,
    Number(min_rater),
  );
  // The steady state autovacuum reaches soon after a bulk load: statistics and the visibility map
  // (index-only scans, and the planner's costs for them, depend on it).
  await client.query('VACUUM (ANALYZE)');
  const { answers } = await one('SELECT count(*)::int AS answers FROM judgment_answer');
  const { batches } = await one('SELECT count(*)::int AS batches FROM batch');
  return {
    edits: options.edits,
    pairs,
    imports,
    dashboardBatchId,
    batches,
    judgments,
    answers,
    judgedEdits,
  };
}

/** A completed taxonomy batch judging every 40th edit once (for the "judged" filter). */
async function taxonomyBatch(client: Client, minRater: number): Promise<number> {
  const {
    rows: [{ id: batchId }],
  } = await client.query(
    `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds)
     VALUES ('bench taxonomy', 'taxonomy', 'completed', 1, 1, 1, 600) RETURNING id`,
  );
  await client.query(
    `INSERT INTO batch_item (batch_id, subject_key, edit_id, position, target_k, submitted, started, complete)
     SELECT $1, 'edit:' || id, id, row_number() OVER (ORDER BY id), 1, 1, true, true
       FROM edit WHERE id % 40 = 0`,
    [batchId],
  );
  await client.query(
    `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, expires_at, finished_at)
     SELECT $1, id, $2::int + (id % 7)::int, 'submitted', now(), now() FROM batch_item WHERE batch_id = $1`,
    [batchId, minRater],
  );
  await client.query(
    `INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers, dwell_ms)
     SELECT id, batch_id, batch_item_id, rater_id, gen_random_uuid(), '{"label_correct":"yes"}', 2000
       FROM assignment WHERE batch_id = $1`,
    [batchId],
  );
  const {
    rows: [{ n }],
  } = await client.query(
    `WITH a AS (INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
                SELECT id, 'label_correct', 'yes', batch_id, batch_item_id, rater_id FROM judgment
                 WHERE batch_id = $1 RETURNING 1)
     SELECT count(*)::int AS n FROM a`,
    [batchId],
  );
  await client.query(
    `UPDATE batch SET item_count = $2, items_complete = $2, judgment_count = $2 WHERE id = $1`,
    [batchId, n],
  );
  return n;
}

/** The dashboard's batch: `items` pairs, each judged by `ratersPerItem` raters, five answers each. */
async function judgedPairwiseBatch(
  client: Client,
  items: number,
  raters: number,
  ratersPerItem: number,
  minRater: number,
): Promise<{ dashboardBatchId: number; judgments: number }> {
  const judgments = items * ratersPerItem;
  const {
    rows: [{ id: batchId }],
  } = await client.query(
    `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds, item_count,
                        items_complete, judgment_count)
     VALUES ('bench dashboard', 'pairwise', 'active', 1, $2, $2, 600, $1, $1, $3) RETURNING id`,
    [items, ratersPerItem, judgments],
  );
  await client.query(
    `INSERT INTO batch_item (batch_id, subject_key, pair_id, position, target_k, submitted, started, complete)
     SELECT $1, 'pair:' || id, id, row_number() OVER (ORDER BY id), $2, $2, true, true
       FROM (SELECT id FROM edit_pair ORDER BY id LIMIT $3) p`,
    [batchId, ratersPerItem, items],
  );
  await client.query(
    `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at, finished_at)
     SELECT $1, bi.id, $2::int + (bi.position * 7 + r * 11) % $3::int, 'submitted', random() < 0.5, false,
            now(), now()
       FROM batch_item bi, generate_series(0, $4::int - 1) r WHERE bi.batch_id = $1`,
    [batchId, minRater, raters, ratersPerItem],
  );
  await client.query(
    `INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers, dwell_ms, is_gold)
     SELECT id, batch_id, batch_item_id, rater_id, gen_random_uuid(), '{"overall":"A"}',
            (1500 + 30000 * random() * random())::int, false
       FROM assignment WHERE batch_id = $1 ORDER BY id`,
    [batchId],
  );
  await client.query(
    `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
     SELECT j.id, q.name,
            CASE WHEN random() < 0.6 THEN 'first'
                 ELSE (ARRAY['first', 'second', 'tie', 'both_bad'])[1 + floor(random() * (CASE WHEN q.n = 1 THEN 4 ELSE 3 END))::int] END,
            j.batch_id, j.batch_item_id, j.rater_id
       FROM judgment j CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS q(name, n)
      WHERE j.batch_id = $1`,
    [batchId, BENCH_QUESTIONS],
  );
  return { dashboardBatchId: Number(batchId), judgments };
}
