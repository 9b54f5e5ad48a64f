import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { CreateBatchBody, EDIT_TYPE_LABELS } from '@peel/shared';
import { createBatch } from '../src/batches/create-batch';
import { parseConfig } from '../src/common/config/config';
import { IngestService } from '../src/dataset/ingest/ingest.service';
import { buildUser } from './factories';
import { buildPreferenceData } from './queue-factories';
import { JudgmentsService } from '../src/judgments/judgments.service';
import { ClaimRepository } from '../src/queue/claim.repository';
import { ProgressRepository } from '../src/queue/progress.repository';
import { QueueService } from '../src/queue/queue.service';
import { TaskViewRepository } from '../src/queue/task-view.repository';

/** What a rater answers for one item: the subject id, the rater's index, the lease's `swapped`. */
export type AnswerPlan = (subjectId: string, rater: number, swapped: boolean) => object;

/**
 * Test and benchmark helper: an active batch made with the real `createBatch`, rated through the
 * real queue and submit use cases (each rater claims and answers every item once).
 */
export async function rateBatch(
  dataSource: DataSource,
  url: string,
  body: Omit<CreateBatchBody, 'leaseSeconds' | 'gold' | 'guidelines' | 'raterIds'> & {
    raterIds: number[];
  },
  plan: AnswerPlan,
): Promise<number> {
  const batchId = await dataSource.transaction((manager) =>
    createBatch(manager, CreateBatchBody.parse(body), null),
  );
  await dataSource.query(`UPDATE batch SET status = 'active' WHERE id = $1`, [batchId]);
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM batch_item WHERE batch_id = $1`,
    [batchId],
  );
  const progress = new ProgressRepository();
  const queue = new QueueService(
    dataSource,
    new ClaimRepository(),
    new TaskViewRepository(parseConfig({ DATABASE_URL: url })),
    progress,
  );
  const judgments = new JudgmentsService(dataSource, progress);
  for (const [rater, raterId] of body.raterIds.entries()) {
    for (let i = 0; i < n; i += 1) {
      const next = await queue.next(batchId, raterId);
      const [lease] = await dataSource.query(
        `SELECT a.swapped, coalesce(bi.pair_id, bi.edit_id, bi.session_id)::text AS subject
         FROM assignment a JOIN batch_item bi ON bi.id = a.batch_item_id WHERE a.id = $1`,
        [next.current.assignmentId],
      );
      await judgments.submit(next.current.assignmentId, raterId, {
        submissionId: randomUUID(),
        answers: plan(lease.subject, rater, lease.swapped),
        dwellMs: 1000 + rater,
      });
    }
  }
  return batchId;
}

/** A pairwise answer from an outcome in pair orientation, shown on screen as the lease saw it. */
export function pairAnswer(outcome: 'first' | 'second' | 'tie' | 'both_bad', swapped: boolean) {
  const screen = (value: 'first' | 'second' | 'tie') =>
    value === 'tie' ? 'tie' : (value === 'first') !== swapped ? 'A' : 'B';
  const criterion = outcome === 'both_bad' ? 'tie' : outcome;
  return {
    overall: outcome === 'both_bad' ? 'both_bad' : screen(outcome),
    criteria: {
      instruction_compliance: screen(criterion),
      seamlessness: screen(criterion),
      preservation: 'tie',
      technical_quality: screen(criterion),
    },
  };
}

/** One multi-turn session (the dataset's verbatim sample record, renamed to be unique). */
export async function buildMultiTurnData(
  dataSource: DataSource,
): Promise<{ importId: string; key: string }> {
  const key = `${randomUUID().slice(0, 8)}_attemptB`;
  const record = {
    files: [
      ...[1, 2, 3].map((turn) => ({
        id: `edit_turn${turn}`,
        url: `images/multi-turn/${key}_turn${turn}.png`,
      })),
      { id: 'final_image', url: `images/multi-turn/${key}_turn4.png` },
      { id: 'original_input_image', url: `https://farm8.staticflickr.com/2915/${key}_o.jpg` },
    ],
    metadata_edit_turn_prompts: [
      "Shift the entire image's color tone to a much warmer, golden hue",
      'Zoom in closely on the front and side of the main silver race car',
      'Transform the entire scene into a detailed comic book art style',
      'Replace all the classic race cars with modern, futuristic electric race cars',
    ],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'peel-mt-')), 'multi-turn.jsonl');
  fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
  const report = await new IngestService(dataSource).importSource(file, { strict: true });
  if (report.status !== 'completed') throw new Error(`fixture import failed: ${report.error}`);
  return { importId: report.importId!, key };
}

export const OTHER_LABEL = EDIT_TYPE_LABELS[5];

/** The overall votes (pair orientation) of raters 0, 1, 2 on pairs 0..3 of the export scenario. */
export const EXPORT_PLAN = [
  ['first', 'first', 'second'],
  ['second', 'second', 'first'],
  ['tie', 'tie', 'first'],
  ['both_bad', 'both_bad', 'both_bad'],
] as const;

export interface ExportScenario {
  pairs: { id: string; first: string; second: string; editType: string }[];
  chosenEdits: { id: string; image: string; editType: string }[];
  batchIds: number[];
}

/**
 * A rated pairwise, taxonomy and multi-turn batch for the export tests: 4 pairs voted as
 * `EXPORT_PLAN`, one chosen edit relabelled by 2 of 3 raters, one 4-turn session.
 */
export async function buildExportScenario(
  dataSource: DataSource,
  url: string,
): Promise<ExportScenario> {
  const PLAN = EXPORT_PLAN;
  let pairs: ExportScenario['pairs'] = [];
  let chosenEdits: ExportScenario['chosenEdits'] = [];
  const { importId } = await buildPreferenceData(dataSource, 4);
  pairs = await dataSource.query(
    `SELECT p.id, fe.image AS first, se.image AS second, et.label AS "editType"
     FROM edit_pair p JOIN edit fe ON fe.id = p.first_edit_id JOIN edit se ON se.id = p.second_edit_id
     JOIN edit_type et ON et.id = fe.edit_type_id WHERE p.import_id = $1 ORDER BY p.id`,
    [importId],
  );
  chosenEdits = pairs.map((pair) => ({ id: '', image: pair.first, editType: pair.editType }));
  const rows: { id: string; image: string }[] = await dataSource.query(
    `SELECT id, image FROM edit WHERE image = ANY($1::text[])`,
    [pairs.map((pair) => pair.first)],
  );
  for (const edit of chosenEdits) edit.id = rows.find((row) => row.image === edit.image)!.id;
  const raterIds = [];
  for (let i = 0; i < 3; i += 1) raterIds.push((await buildUser(dataSource)).user.id);
  const pairBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export pairs',
      taskType: 'pairwise',
      filters: { importIds: [Number(importId)], humanJudgments: 'any' },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    (subject, rater, swapped) =>
      pairAnswer(PLAN[pairs.findIndex((pair) => pair.id === subject)][rater], swapped),
  );
  const taxonomyBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export labels',
      taskType: 'taxonomy',
      filters: {
        importIds: [Number(importId)],
        origins: ['preference_chosen'],
        humanJudgments: 'any',
      },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    // the first chosen edit: two of three raters say it is OTHER_LABEL; the others are confirmed
    (subject, rater) =>
      subject === chosenEdits[0].id && rater < 2
        ? { decision: 'change', editType: OTHER_LABEL, garbledShortInstruction: false }
        : { decision: 'confirm', garbledShortInstruction: rater === 0 },
  );
  const multiTurn = await buildMultiTurnData(dataSource);
  const sessionBatch = await rateBatch(
    dataSource,
    url,
    {
      name: 'export sessions',
      taskType: 'multi_turn',
      filters: { importIds: [Number(multiTurn.importId)], humanJudgments: 'any' },
      seed: 1,
      overlap: { k: 3, adaptive: false },
      raterIds,
    },
    (_subject, rater) => ({
      turns: [1, 2, 3, 4].map((turn) => ({
        instruction: Math.max(1, 5 - turn + (rater === 0 ? 0 : -1)),
        consistency: 4,
        editType: OTHER_LABEL,
      })),
      firstBreak: 3,
      overall: 3 + rater,
    }),
  );
  return { pairs, chosenEdits, batchIds: [pairBatch, taxonomyBatch, sessionBatch] };
}

/** The records of a JSONL file, read back for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON records read back for assertions
export function readJsonl(dir: string, file: string): Record<string, any>[] {
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

/**
 * A large judged pairwise batch made with set-based SQL (for the killed-export test): `items`
 * pairs of 500 edits, each judged once with the five pairwise answers. Returns the answers count.
 */
export async function buildLargePairwiseBatch(
  dataSource: DataSource,
  items: number,
): Promise<{ batchId: number; answers: number }> {
  const tag = randomUUID().slice(0, 8);
  const { user } = await buildUser(dataSource);
  const one = async (sql: string, params: unknown[] = []) =>
    (await dataSource.query(sql, params))[0];
  const { id: importId } = await one(
    `INSERT INTO dataset_import (source, status) VALUES ($1, 'completed') RETURNING id`,
    [`large-${tag}`],
  );
  const { id: sourceId } = await one(`INSERT INTO source_image (url) VALUES ($1) RETURNING id`, [
    `https://large.example/${tag}.jpg`,
  ]);
  await dataSource.query(
    `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id, origin, import_id)
     SELECT 'images/large-' || $3 || '-' || e || '.png', $1, 'instruction ' || e, 'short',
            1 + e % 35, 'preference_chosen', $2
       FROM generate_series(0, 499) e`,
    [sourceId, importId, tag],
  );
  await dataSource.query(
    `WITH ids AS (SELECT array_agg(id ORDER BY id) AS e FROM edit WHERE import_id = $2)
     INSERT INTO edit_pair (first_edit_id, second_edit_id, origin)
     SELECT ids.e[1 + i % 500], ids.e[1 + (i % 500 + 1 + i / 500) % 500], 'dataset'
       FROM ids, generate_series(0, $1::int - 1) i`,
    [items, importId],
  );
  const { id: batchId } = await one(
    `INSERT INTO batch (name, task_type, status, seed, k, k_max, lease_seconds, item_count,
                        items_complete, judgment_count)
     VALUES ($2, 'pairwise', 'active', 1, 1, 1, 600, $1, $1, $1) RETURNING id`,
    [items, `large ${tag}`],
  );
  await dataSource.query(
    `INSERT INTO batch_item (batch_id, subject_key, pair_id, position, target_k, submitted, started, complete)
     SELECT $1, 'pair:' || p.id, p.id, row_number() OVER (ORDER BY p.id), 1, 1, true, true
       FROM edit_pair p JOIN edit e ON e.id = p.first_edit_id WHERE e.import_id = $2`,
    [batchId, importId],
  );
  await dataSource.query(
    `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at, finished_at)
     SELECT $1, id, $2, 'submitted', position % 2 = 0, false, now(), now()
       FROM batch_item WHERE batch_id = $1`,
    [batchId, user.id],
  );
  await dataSource.query(
    `INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers, dwell_ms, is_gold)
     SELECT id, batch_id, batch_item_id, rater_id, gen_random_uuid(),
            '{"overall":"A","criteria":{"instruction_compliance":"A","seamlessness":"tie","preservation":"A","technical_quality":"B"}}',
            1500 + batch_item_id % 1000, false
       FROM assignment WHERE batch_id = $1 ORDER BY id`,
    [batchId],
  );
  await dataSource.query(
    `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
     SELECT j.id, q.name, (ARRAY['first', 'second', 'tie'])[1 + (j.batch_item_id + q.n) % 3],
            j.batch_id, j.batch_item_id, j.rater_id
       FROM judgment j
      CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS q(name, n)
      WHERE j.batch_id = $1`,
    [
      batchId,
      ['overall', 'instruction_compliance', 'seamlessness', 'preservation', 'technical_quality'],
    ],
  );
  return { batchId, answers: items * 5 };
}
