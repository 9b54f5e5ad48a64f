import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { CreateBatchBody, EDIT_TYPE_LABELS } from '@peel/shared';
import { createBatch } from '../src/batches/create-batch';
import { parseConfig } from '../src/common/config/config';
import { IngestService } from '../src/dataset/ingest/ingest.service';
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
