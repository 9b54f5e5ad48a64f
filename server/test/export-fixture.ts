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
