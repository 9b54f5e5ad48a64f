import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  CreateBatchBody,
  EDIT_TYPE_LABELS,
  PAIRWISE_CRITERIA,
  type PairwiseAnswers,
  type TaxonomyAnswers,
} from '@peel/shared';
import { hashPassword } from '../auth/password';
import { type PeelConfig } from '../common/config/config';
import { DomainError } from '../common/errors/domain-error';
import { listSampleNotes } from '../dataset/sample/generate-sample';
import { createRng, type Rng } from '../dataset/sample/prng';
import { submitJudgment } from '../judgments/submit-judgment';
import { ClaimRepository } from '../queue/claim.repository';
import { ProgressRepository } from '../queue/progress.repository';
import { QueueService } from '../queue/queue.service';
import { TaskViewRepository } from '../queue/task-view.repository';
import { createBatch } from './create-batch';

/**
 * Simulated raters of known reliability: `accuracy` is the chance of the true answer (else a
 * random one); `leftBias` the chance of picking the left (presented-first) edit whatever it shows.
 */
export const SIMULATED_RATERS = [
  { email: 'sim-careful@example.com', name: 'Simulated · careful', accuracy: 0.92, leftBias: 0 },
  { email: 'sim-steady@example.com', name: 'Simulated · steady', accuracy: 0.85, leftBias: 0 },
  { email: 'sim-hasty@example.com', name: 'Simulated · hasty', accuracy: 0.72, leftBias: 0 },
  { email: 'sim-careless@example.com', name: 'Simulated · careless', accuracy: 0, leftBias: 0 },
  { email: 'sim-left@example.com', name: 'Simulated · left-biased', accuracy: 0.8, leftBias: 0.8 },
] as const;

type SimRater = (typeof SIMULATED_RATERS)[number] & { id: number };

export const SIMULATED_BATCHES = {
  pairwise: 'Demo — pairwise answered by simulated raters',
  taxonomy: 'Demo — taxonomy answered by simulated raters',
} as const;

const DWELL_MS: Record<string, [number, number]> = {
  'sim-careful@example.com': [7000, 16000],
  'sim-steady@example.com': [5000, 11000],
  'sim-hasty@example.com': [2500, 6000],
  'sim-careless@example.com': [800, 2200],
  'sim-left@example.com': [3000, 7000],
};

interface LeaseTruth {
  swapped: boolean;
  image: string | null;
  label: string | null;
}

/** What a simulated rater answers on screen, given the truth and its reliability. */
function pairwiseAnswers(rng: Rng, rater: SimRater, truth: LeaseTruth): PairwiseAnswers {
  // The dataset's chosen edit (`first`) really is better in the sample's pairs.
  const better = truth.swapped ? 'B' : 'A';
  const worse = better === 'A' ? 'B' : 'A';
  const careless = rater.accuracy === 0;
  const pick = (options: readonly ('A' | 'B' | 'tie' | 'both_bad')[]) => rng.pick(options);
  const overall = careless
    ? pick(['A', 'B', 'tie', 'both_bad'])
    : rng.chance(rater.leftBias)
      ? 'A'
      : rng.chance(rater.accuracy)
        ? better
        : pick([worse, 'tie', 'both_bad']);
  const criteria = Object.fromEntries(
    PAIRWISE_CRITERIA.map((criterion) => [
      criterion,
      careless
        ? pick(['A', 'B', 'tie'])
        : rng.chance(rater.leftBias)
          ? 'A'
          : rng.chance(rater.accuracy)
            ? better
            : pick([worse, 'tie']),
    ]),
  ) as PairwiseAnswers['criteria'];
  return { overall, criteria };
}

function taxonomyAnswers(
  rng: Rng,
  rater: SimRater,
  truth: LeaseTruth,
  realLabels: Map<string, string>,
): TaxonomyAnswers {
  const other = () => rng.pick(EDIT_TYPE_LABELS.filter((label) => label !== truth.label));
  if (rater.accuracy === 0) {
    const roll = rng.next();
    if (roll < 0.45) return { decision: 'confirm', garbledShortInstruction: rng.chance(0.3) };
    if (roll < 0.6) return { decision: 'ambiguous', garbledShortInstruction: rng.chance(0.3) };
    return { decision: 'change', editType: other(), garbledShortInstruction: rng.chance(0.3) };
  }
  const real = (truth.image && realLabels.get(truth.image)) ?? truth.label;
  const right = rng.chance(rater.accuracy);
  if (real === truth.label) {
    if (right) return { decision: 'confirm', garbledShortInstruction: false };
    return rng.chance(0.3)
      ? { decision: 'ambiguous', garbledShortInstruction: false }
      : { decision: 'change', editType: other(), garbledShortInstruction: false };
  }
  if (right)
    return {
      decision: 'change',
      editType: real as TaxonomyAnswers['editType'],
      garbledShortInstruction: false,
    };
  return { decision: 'confirm', garbledShortInstruction: false };
}

async function createSimulatedRaters(dataSource: DataSource): Promise<SimRater[]> {
  // Nobody signs in as a simulated rater: an unguessable password.
  const passwordHash = await hashPassword(randomUUID());
  const raters: SimRater[] = [];
  for (const rater of SIMULATED_RATERS) {
    const [row] = await dataSource.query(
      `INSERT INTO app_user (email, password_hash, role, display_name) VALUES ($1, $2, 'annotator', $3)
       ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id`,
      [rater.email, passwordHash, rater.name],
    );
    raters.push({ ...rater, id: row.id });
  }
  return raters;
}

function batchBody(taskType: 'pairwise' | 'taxonomy', raterIds: number[]): CreateBatchBody {
  return CreateBatchBody.parse({
    name: SIMULATED_BATCHES[taskType],
    taskType,
    seed: 2026,
    filters: taskType === 'taxonomy' ? { origins: ['sft'] } : {},
    overlap: { k: taskType === 'pairwise' ? 4 : 3 },
    leaseSeconds: 600,
    gold:
      taskType === 'pairwise'
        ? { share: 0.2, minAnswers: 3, bar: 0.5 }
        : { share: 0, minAnswers: 5, bar: 0.7 },
    guidelines: `Answered by ${raterIds.length} simulated raters of known reliability (one careless, one left-biased), so the dashboard and the rater table show real patterns.`,
    raterIds,
  });
}

/**
 * Runs the raters round by round through the real queue (claim with prefetch, strict k, gold)
 * and the real submit until nobody gets a task; a rater paused by the gold bar skips the leases
 * it still holds. Every counter moves exactly as in production.
 */
async function answerBatch(
  dataSource: DataSource,
  queue: QueueService,
  batchId: number,
  raters: SimRater[],
  rng: Rng,
  realLabels: Map<string, string>,
): Promise<void> {
  const rows: {
    id: string;
    first_image: string | null;
    image: string | null;
    label: string | null;
  }[] = await dataSource.query(
    `SELECT bi.id, f.image AS first_image, e.image, t.label FROM batch_item bi
         LEFT JOIN edit_pair p ON p.id = bi.pair_id LEFT JOIN edit f ON f.id = p.first_edit_id
         LEFT JOIN edit e ON e.id = bi.edit_id LEFT JOIN edit_type t ON t.id = e.edit_type_id
        WHERE bi.batch_id = $1`,
    [batchId],
  );
  const subjects = new Map(rows.map((row) => [Number(row.id), row]));
  const working = new Set(raters.map((rater) => rater.id));
  while (working.size > 0) {
    for (const rater of raters) {
      if (!working.has(rater.id)) continue;
      let task;
      try {
        task = (await queue.next(batchId, rater.id)).current;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        working.delete(rater.id);
        if (error.code === 'RATER_PAUSED') await skipLiveLeases(dataSource, queue, batchId, rater);
        continue;
      }
      const subject = subjects.get(task.itemId)!;
      const truth: LeaseTruth = {
        // The lease shows the pair's second edit on the left when it swapped the sides.
        swapped: task.item.kind === 'pairwise' && task.item.a.path !== subject.first_image,
        image: subject.image,
        label: subject.label,
      };
      const answers =
        task.taskType === 'pairwise'
          ? pairwiseAnswers(rng, rater, truth)
          : taxonomyAnswers(rng, rater, truth, realLabels);
      const [low, high] = DWELL_MS[rater.email];
      await submitJudgment(dataSource, task.assignmentId, rater.id, {
        submissionId: randomUUID(),
        answers,
        dwellMs: rng.int(low, high),
      });
    }
  }
}

async function skipLiveLeases(
  dataSource: DataSource,
  queue: QueueService,
  batchId: number,
  rater: SimRater,
): Promise<void> {
  const leases: { id: string }[] = await dataSource.query(
    `SELECT id FROM assignment WHERE batch_id = $1 AND rater_id = $2 AND state = 'leased'`,
    [batchId, rater.id],
  );
  for (const lease of leases) {
    await queue.skip(Number(lease.id), rater.id, { reason: 'other', note: 'paused by gold' });
  }
}

/**
 * Spreads the simulated work over the hours before now (the judgments were all made within a
 * second): judgments, their leases and events, and the items' completion times move together.
 */
async function spreadOverTime(
  dataSource: DataSource,
  batchId: number,
  endsMinutesAgo: number,
  rng: Rng,
): Promise<void> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT id FROM judgment WHERE batch_id = $1 ORDER BY id`,
    [batchId],
  );
  const gaps = rows.map((_, i) => {
    // A slow start, a steady middle and a break two thirds in.
    const base = i < rows.length / 5 ? 150 : 60;
    return rng.range(base * 0.3, base * 1.7) + (i === Math.floor((rows.length * 2) / 3) ? 2400 : 0);
  });
  const span = gaps.reduce((sum, gap) => sum + gap, 0);
  const start = Date.now() - (endsMinutesAgo * 60 + span) * 1000;
  let at = start;
  const times = gaps.map((gap) => new Date((at += gap * 1000)).toISOString());
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE judgment j SET created_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
        WHERE j.id = x.id`,
      [rows.map((row) => row.id), times],
    );
    await manager.query(
      `UPDATE assignment a SET leased_at = j.created_at - j.dwell_ms * interval '1 millisecond' - interval '2 seconds',
              finished_at = j.created_at,
              expires_at = j.created_at - j.dwell_ms * interval '1 millisecond' + b.lease_seconds * interval '1 second'
         FROM judgment j, batch b WHERE j.assignment_id = a.id AND b.id = a.batch_id AND a.batch_id = $1`,
      [batchId],
    );
    // Leases skipped after a gold-bar pause end with the rater's last judgment.
    await manager.query(
      `UPDATE assignment a SET leased_at = last.at, finished_at = last.at, expires_at = last.at
         FROM (SELECT rater_id, max(created_at) AS at FROM judgment WHERE batch_id = $1 GROUP BY 1) last
        WHERE a.batch_id = $1 AND a.state = 'skipped' AND last.rater_id = a.rater_id`,
      [batchId],
    );
    await manager.query(
      `UPDATE assignment_event e SET at = CASE e.event WHEN 'leased' THEN a.leased_at ELSE a.finished_at END
         FROM assignment a WHERE a.id = e.assignment_id AND a.batch_id = $1`,
      [batchId],
    );
    await manager.query(
      `UPDATE batch_item bi SET completed_at = (SELECT max(created_at) FROM judgment j WHERE j.batch_item_id = bi.id)
        WHERE bi.batch_id = $1 AND bi.complete`,
      [batchId],
    );
    await manager.query(
      `UPDATE batch SET created_at = $2::timestamptz - interval '20 minutes', updated_at = now(),
              status = 'completed' WHERE id = $1`,
      [batchId, new Date(start).toISOString()],
    );
  });
}

/**
 * The demo batches answered by simulated raters (pairwise over every sample pair with gold, and
 * taxonomy over the SFT edits, some deliberately mislabelled): every chart of the dashboard and
 * the rater table show real patterns on a first start. Deterministic: seeded answers, and the
 * claim order follows the batch's seeded order. Only on a database without these batches.
 */
export async function createSimulatedDemoBatches(
  dataSource: DataSource,
  config: PeelConfig,
): Promise<boolean> {
  const [exists] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM batch WHERE name = ANY($1::text[])) AS any`,
    [Object.values(SIMULATED_BATCHES)],
  );
  if (exists.any) return false;
  const raters = await createSimulatedRaters(dataSource);
  const [admin] = await dataSource.query(
    `SELECT id FROM app_user WHERE role = 'admin' ORDER BY id LIMIT 1`,
  );
  const realLabels = new Map(
    listSampleNotes()
      .filter((note) => note.issue === 'mislabelled')
      .map((note) => [note.key, note.detail.replace(/^really: /, '')]),
  );
  const queue = new QueueService(
    dataSource,
    new ClaimRepository(),
    new TaskViewRepository(config),
    new ProgressRepository(),
  );
  const ids = raters.map((rater) => rater.id);
  // Created one after the other (item ids, hence the presented sides, are the same on every
  // start), then answered side by side: each batch's claims and answers depend only on its own
  // state (a rater's claims are serialized by their lock), so each stays deterministic.
  const batches: { taskType: 'pairwise' | 'taxonomy'; endsMinutesAgo: number; id: number }[] = [];
  for (const [taskType, endsMinutesAgo] of [
    ['pairwise', 90],
    ['taxonomy', 10],
  ] as const) {
    const id = await dataSource.transaction(async (manager) => {
      const created = await createBatch(manager, batchBody(taskType, ids), admin?.id ?? null);
      if (taskType === 'pairwise') {
        // Gold: the dataset's chosen edit wins in the sample's pairs.
        await manager.query(
          `UPDATE batch_item SET is_gold = true, gold_answer = '{"overall":"first"}'
            WHERE id IN (SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY position LIMIT 4)`,
          [created],
        );
      }
      await manager.query(
        `UPDATE batch b SET status = 'active',
                gold_count = (SELECT count(*) FROM batch_item WHERE batch_id = b.id AND is_gold),
                item_count = (SELECT count(*) FROM batch_item WHERE batch_id = b.id AND NOT is_gold)
          WHERE b.id = $1`,
        [created],
      );
      return created;
    });
    batches.push({ taskType, endsMinutesAgo, id });
  }
  await Promise.all(
    batches.map(async ({ taskType, endsMinutesAgo, id }) => {
      const rng = createRng(`simulated:${taskType}`);
      await answerBatch(dataSource, queue, id, raters, rng, realLabels);
      await spreadOverTime(dataSource, id, endsMinutesAgo, rng);
    }),
  );
  return true;
}
