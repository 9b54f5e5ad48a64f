import { type EntityManager } from 'typeorm';
import { type SubmitJudgmentBody, type TaskType } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { type AnswerRow, answerRows, matchesGold, PRIMARY_QUESTION } from './answers';
import { JUDGMENT_COLUMNS, type JudgmentRow } from './judgment.mapper';

interface LeaseRow {
  id: string;
  rater_id: number;
  state: string;
  batch_id: number;
  batch_item_id: string;
  swapped: boolean;
  is_gold: boolean;
  /** Seconds since the lease expired (negative while it is live). */
  overdue_s: number;
  task_type: TaskType;
  status: string;
  lease_seconds: number;
  adaptive: boolean;
  k_max: number;
  gold_min_answers: number;
  gold_bar: number;
}

interface ItemRow {
  /** The item's gold status now (an admin may have changed it since the lease was taken). */
  is_gold: boolean;
  submitted: number;
  leased: number;
  target_k: number;
  gold_answer: Record<string, string> | null;
  turn_count: number;
  current_label: string;
}

export interface SubmitResult {
  judgment: JudgmentRow;
  /** False when the same submission id had already been stored (an idempotent repeat). */
  created: boolean;
  batchId: number;
}

/** Shards of a batch's counters (by rater id). */
export const COUNTER_SHARDS = 16;

const STATES_AFTER_SUBMIT = new Set(['active', 'paused']);

/**
 * Stores one judgment, in one transaction: the judgment and its answer rows (pairwise in pair
 * orientation), the lease marked submitted, the item's and batch's counters, gold accuracy and the
 * gold-bar pause, and an event. Idempotent on the client's submission id. Only on the rater's own
 * lease; a lease that expired less than one lease time ago is still accepted when its slot is free.
 */
export async function submitJudgment(
  manager: EntityManager,
  assignmentId: number,
  raterId: number,
  body: SubmitJudgmentBody,
): Promise<SubmitResult> {
  // A rater's submits and claims take the same lock, in the same order as a claim takes its rows
  // (item, then lease): a late submit and a claim of the same item cannot deadlock.
  await manager.query(`SELECT pg_advisory_xact_lock(7233100, $1)`, [raterId]);
  const lease = await lockLease(manager, assignmentId, raterId, body.submissionId);
  if (lease.previous) return repeatOf(lease.previous, raterId, assignmentId);
  if (lease.state === 'submitted') {
    // A concurrent repeat of this submission may have committed while we waited for the lock.
    const committed = await previous(manager, body.submissionId, raterId, assignmentId);
    if (committed) return committed;
    throw new DomainError(
      'ALREADY_SUBMITTED',
      'This task was already submitted; revise the judgment instead',
    );
  }
  const item = await lockItem(manager, lease);
  const counted = lease.state === 'leased';
  checkLease(lease, item, counted);
  const rows = answerRows(
    {
      taskType: lease.task_type,
      swapped: lease.swapped,
      turnCount: item.turn_count,
      currentLabel: item.current_label,
    },
    body.answers,
  );
  const goldCorrect =
    lease.is_gold && item.gold_answer ? matchesGold(rows, item.gold_answer) : null;
  const judgment = await insertJudgment(manager, lease, body, rows, goldCorrect);
  if (goldCorrect !== null) await recordGold(manager, lease, goldCorrect);
  await countJudgment(manager, lease, item, counted, raterId);
  return { judgment, created: true, batchId: lease.batch_id };
}

/** The first result of a repeated submission; its id must name the same rater and task. */
export function repeatOf(
  row: JudgmentRow & { rater_id?: number },
  raterId: number,
  assignmentId: number,
): SubmitResult {
  if (row.rater_id !== raterId || Number(row.assignment_id) !== assignmentId) {
    throw new DomainError('CONFLICT', 'This submission id is already used for another task');
  }
  return { judgment: row, created: false, batchId: row.batch_id };
}

async function previous(
  manager: EntityManager,
  submissionId: string,
  raterId: number,
  assignmentId: number,
): Promise<SubmitResult | undefined> {
  const [row] = await manager.query(
    `SELECT ${JUDGMENT_COLUMNS}, rater_id FROM judgment WHERE submission_id = $1`,
    [submissionId],
  );
  return row ? repeatOf(row, raterId, assignmentId) : undefined;
}

/** The lease, locked, with the judgment this submission id already made (if any). */
async function lockLease(
  manager: EntityManager,
  assignmentId: number,
  raterId: number,
  submissionId: string,
): Promise<LeaseRow & { previous: JudgmentRow | null }> {
  const [lease] = await manager.query(
    `SELECT a.id, a.rater_id, a.state, a.batch_id, a.batch_item_id, a.swapped, a.is_gold,
            extract(epoch FROM now() - a.expires_at)::float8 AS overdue_s,
            b.task_type, b.status, b.lease_seconds, b.adaptive, b.k_max, b.gold_min_answers, b.gold_bar,
            to_jsonb(pj) AS previous
       FROM assignment a JOIN batch b ON b.id = a.batch_id
       LEFT JOIN (SELECT ${JUDGMENT_COLUMNS}, rater_id FROM judgment WHERE submission_id = $2) pj ON true
      WHERE a.id = $1
      FOR UPDATE OF a`,
    [assignmentId, submissionId],
  );
  if (!lease) throw new DomainError('NOT_FOUND', `No assignment with id ${assignmentId}`);
  if (lease.previous) return lease;
  if (lease.rater_id !== raterId) throw new DomainError('FORBIDDEN', 'This lease is not yours');
  if (!STATES_AFTER_SUBMIT.has(lease.status)) {
    throw new DomainError(
      'BATCH_NOT_ACTIVE',
      `The batch is ${lease.status}; it takes no judgments`,
    );
  }
  if (lease.state === 'skipped') throw new DomainError('CONFLICT', 'This task was skipped');
  return lease;
}

async function lockItem(manager: EntityManager, lease: LeaseRow): Promise<ItemRow> {
  const [item]: ItemRow[] = await manager.query(
    `SELECT bi.submitted, bi.leased, bi.target_k, bi.gold_answer, bi.is_gold,
            coalesce(ms.turn_count, 0)::int AS turn_count, coalesce(t.label, '') AS current_label
       FROM batch_item bi
       LEFT JOIN mt_session ms ON ms.id = bi.session_id
       LEFT JOIN edit e ON e.id = bi.edit_id
       LEFT JOIN edit_type t ON t.id = e.edit_type_id
      WHERE bi.id = $1
      FOR UPDATE OF bi`,
    [lease.batch_item_id],
  );
  return item;
}

/**
 * A live lease, or one past its expiry but not yet reclaimed, still holds its slot. A reclaimed
 * one is accepted within the grace period only while the item has a free slot (strict k).
 */
function checkLease(lease: LeaseRow, item: ItemRow, counted: boolean): void {
  if (lease.overdue_s > lease.lease_seconds) {
    throw new DomainError(
      'LEASE_EXPIRED',
      'The lease expired too long ago; the answer was not stored',
    );
  }
  if (!counted && !lease.is_gold && item.submitted + item.leased >= item.target_k) {
    throw new DomainError(
      'LEASE_EXPIRED',
      'The lease expired and its slot was taken by another rater',
    );
  }
}

/** The judgment, its answer rows, the lease marked submitted and the event, in one statement. */
async function insertJudgment(
  manager: EntityManager,
  lease: LeaseRow,
  body: SubmitJudgmentBody,
  rows: AnswerRow[],
  goldCorrect: boolean | null,
): Promise<JudgmentRow> {
  const [judgment] = await manager.query(
    `WITH j AS (
       INSERT INTO judgment (assignment_id, batch_id, batch_item_id, rater_id, submission_id, answers,
                             dwell_ms, is_gold, gold_correct)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${JUDGMENT_COLUMNS}
     ), answers AS (
       INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
       SELECT j.id, q, v, $2, $3, $4 FROM j, unnest($10::text[], $11::text[]) AS x(q, v)
     ), lease AS (
       UPDATE assignment SET state = 'submitted', finished_at = now() WHERE id = $1
     ), event AS (
       INSERT INTO assignment_event (assignment_id, actor_id, event, details)
       SELECT $1, $4, $12, jsonb_build_object('judgmentId', j.id) FROM j
     )
     SELECT * FROM j`,
    [
      lease.id,
      lease.batch_id,
      lease.batch_item_id,
      lease.rater_id,
      body.submissionId,
      JSON.stringify(body.answers),
      body.dwellMs,
      lease.is_gold,
      goldCorrect,
      rows.map((row) => row.question),
      rows.map((row) => row.value),
      lease.overdue_s > 0 ? 'submitted_late' : 'submitted',
    ],
  );
  return judgment;
}

export async function insertAnswers(
  manager: EntityManager,
  judgmentId: string,
  lease: { batch_id: number; batch_item_id: string; rater_id: number },
  rows: AnswerRow[],
): Promise<void> {
  await manager.query(
    `INSERT INTO judgment_answer (judgment_id, question, value, batch_id, batch_item_id, rater_id)
     SELECT $1, q, v, $2, $3, $4 FROM unnest($5::text[], $6::text[]) AS x(q, v)`,
    [
      judgmentId,
      lease.batch_id,
      lease.batch_item_id,
      lease.rater_id,
      rows.map((r) => r.question),
      rows.map((r) => r.value),
    ],
  );
}

/**
 * The item's counters (under its row lock) and the batch's, counted on the rater's shard rather
 * than the batch row every rater would queue on: one statement. At k judgments the item is
 * complete, unless adaptive overlap sees disagreement on the primary question and the item may
 * still grow towards k_max. Gold items have no k; only the batch's judgment count moves.
 */
async function countJudgment(
  manager: EntityManager,
  lease: LeaseRow,
  item: ItemRow,
  counted: boolean,
  raterId: number,
): Promise<void> {
  const submitted = item.submitted + 1;
  let targetK = item.target_k;
  // Gold items have no k and never complete, even when they became gold after this lease.
  let complete = !lease.is_gold && !item.is_gold && submitted >= targetK;
  if (complete && lease.adaptive && targetK < lease.k_max && (await disagree(manager, lease))) {
    targetK += 1;
    complete = false;
  }
  await manager.query(
    `WITH item AS (
       UPDATE batch_item SET submitted = $2, leased = leased - $3::int, target_k = $4, complete = $5,
              completed_at = CASE WHEN $5 THEN now() END
        WHERE id = $1 AND NOT $8::boolean
     )
     INSERT INTO batch_counter (batch_id, shard, judgments, items_complete) VALUES ($6, $7, 1, $5::int)
     ON CONFLICT (batch_id, shard) DO UPDATE SET judgments = batch_counter.judgments + 1,
       items_complete = batch_counter.items_complete + EXCLUDED.items_complete`,
    [
      lease.batch_item_id,
      submitted,
      counted ? 1 : 0,
      targetK,
      complete,
      lease.batch_id,
      raterId % COUNTER_SHARDS,
      lease.is_gold,
    ],
  );
}

async function disagree(manager: EntityManager, lease: LeaseRow): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT count(DISTINCT value)::int AS n FROM judgment_answer WHERE batch_item_id = $1 AND question = $2`,
    [lease.batch_item_id, PRIMARY_QUESTION[lease.task_type]],
  );
  return row.n > 1;
}

/** Gold accuracy; below the bar after the minimum number of gold answers, the rater is paused. */
async function recordGold(
  manager: EntityManager,
  lease: LeaseRow,
  correct: boolean,
): Promise<void> {
  await manager.query(
    `UPDATE batch_rater SET gold_answered = gold_answered + 1, gold_correct = gold_correct + $3::int,
            paused = paused OR (gold_answered + 1 >= $4 AND (gold_correct + $3::int)::real / (gold_answered + 1) < $5),
            paused_reason = CASE
              WHEN NOT paused AND gold_answered + 1 >= $4 AND (gold_correct + $3::int)::real / (gold_answered + 1) < $5
              THEN 'gold accuracy below the bar' ELSE paused_reason END
      WHERE batch_id = $1 AND user_id = $2`,
    [lease.batch_id, lease.rater_id, correct ? 1 : 0, lease.gold_min_answers, lease.gold_bar],
  );
}
