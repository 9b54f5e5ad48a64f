import { type DataSource, type EntityManager } from 'typeorm';
import { type RaterProgress, type SubmitJudgmentBody, type TaskType } from '@peel/shared';
import { preparedQuery } from '../common/db/pg-pool';
import { DomainError } from '../common/errors/domain-error';
import { type AnswerRow, answerRows, type ItemContext } from './answers';
import { JUDGMENT_COLUMNS, type JudgmentRow } from './judgment.mapper';
import { LEASE_CONTEXTS } from './lease-contexts';

/** The lease as the submit first reads it (no lock): what the answer rows are computed from. */
interface LeaseRow {
  rater_id: number;
  state: string;
  batch_id: number;
  swapped: boolean;
  is_gold: boolean;
  /** Seconds since the lease expired (negative while it is live). */
  overdue_s: number;
  task_type: TaskType;
  status: string;
  lease_seconds: number;
  submitted: number;
  leased: number;
  target_k: number;
  turn_count: number;
  current_label: string;
  /** The judgment this submission id already made (if any). */
  previous: (JudgmentRow & { rater_id: number }) | null;
}

/** Why a submission is refused; `queue_submit` answers with the same names. */
type Refusal =
  | 'not_found'
  | 'forbidden'
  | 'not_active'
  | 'skipped'
  | 'already_submitted'
  | 'expired_too_long'
  | 'slot_taken';

type SubmitOutcome =
  | { outcome: 'created'; judgment: JudgmentRow; progress: RaterProgress }
  | { outcome: 'previous'; judgment: JudgmentRow & { rater_id: number } }
  | { outcome: 'stale' }
  | { outcome: Refusal; status?: string };

export interface SubmitResult {
  judgment: JudgmentRow;
  /** False when the same submission id had already been stored (an idempotent repeat). */
  created: boolean;
  batchId: number;
  /** The rater's progress after the submit (a repeat leaves it to the caller). */
  progress?: RaterProgress;
}

/**
 * Shards of a batch's counters (by rater id); `queue_submit` uses the same number. Sixteen left
 * concurrent submits waiting on a shard's row (50 raters: about three per shard).
 */
export const COUNTER_SHARDS = 64;

const STATES_AFTER_SUBMIT = new Set(['active', 'paused']);

/** How often a submit re-reads a lease that changed between its read and its lock (never, in practice). */
const STALE_RETRIES = 3;

/**
 * Stores one judgment. The answer rows (validated per task type, pairwise in pair orientation) are
 * computed from the lease as this process leased it (`LEASE_CONTEXTS`), else from the lease read
 * without a lock (with the refusals a client can get); then `queue_submit`
 * (migration CreateQueueFunctions), in one statement and one transaction, takes the rater's lock
 * and the lease and item row locks, re-checks everything, and stores the judgment and its answer
 * rows, marks the lease submitted, updates the item's and batch's counters, gold accuracy and the
 * gold-bar pause, adaptive overlap, and records the event. Idempotent on the client's submission
 * id. Only on the rater's own lease; a lease that expired less than one lease time ago is still
 * accepted when its slot is free.
 */
export async function submitJudgment(
  dataSource: DataSource,
  assignmentId: number,
  raterId: number,
  body: SubmitJudgmentBody,
): Promise<SubmitResult> {
  // The usual case: this process leased it, so the rows are computed from what it remembers and
  // the submit is one statement.
  const known = LEASE_CONTEXTS.recall(assignmentId, raterId);
  if (known) {
    const rows = answerRows(known, body.answers);
    const result = await store(dataSource, assignmentId, raterId, body, rows, known);
    LEASE_CONTEXTS.forget(assignmentId);
    if (result.outcome !== 'stale') return settle(result, assignmentId, raterId);
  }
  for (let attempt = 1; ; attempt += 1) {
    const lease = await readLease(dataSource, assignmentId, body.submissionId);
    if (!lease) refuse('not_found', assignmentId);
    if (lease.previous) return repeatOf(lease.previous, raterId, assignmentId);
    const refusal = refusalOf(lease, raterId);
    if (refusal) refuse(refusal, assignmentId, lease.status);
    const context = {
      taskType: lease.task_type,
      swapped: lease.swapped,
      turnCount: lease.turn_count,
      currentLabel: lease.current_label,
    };
    const rows = answerRows(context, body.answers);
    const result = await store(dataSource, assignmentId, raterId, body, rows, context);
    if (result.outcome !== 'stale') return settle(result, assignmentId, raterId);
    if (attempt >= STALE_RETRIES)
      throw new DomainError('CONFLICT', 'The task changed while it was submitted; retry');
  }
}

function settle(
  result: Exclude<SubmitOutcome, { outcome: 'stale' }>,
  assignmentId: number,
  raterId: number,
): SubmitResult {
  switch (result.outcome) {
    case 'created':
      return {
        judgment: result.judgment,
        created: true,
        batchId: result.judgment.batch_id,
        progress: result.progress,
      };
    case 'previous':
      return repeatOf(result.judgment, raterId, assignmentId);
    default:
      refuse(result.outcome, assignmentId, result.status);
  }
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

async function readLease(
  dataSource: DataSource,
  assignmentId: number,
  submissionId: string,
): Promise<LeaseRow | undefined> {
  const [lease] = await preparedQuery<LeaseRow>(
    dataSource,
    'submit_read_lease',
    `SELECT a.rater_id, a.state, a.batch_id, a.swapped, a.is_gold,
            extract(epoch FROM now() - a.expires_at)::float8 AS overdue_s,
            b.task_type, b.status, b.lease_seconds, bi.submitted, bi.leased, bi.target_k,
            coalesce(ms.turn_count, 0)::int AS turn_count, coalesce(t.label, '') AS current_label,
            (SELECT to_jsonb(pj) FROM (SELECT ${JUDGMENT_COLUMNS}, rater_id FROM judgment
                                        WHERE submission_id = $2) pj) AS previous
       FROM assignment a
       JOIN batch b ON b.id = a.batch_id
       JOIN batch_item bi ON bi.id = a.batch_item_id
       LEFT JOIN mt_session ms ON ms.id = bi.session_id
       LEFT JOIN edit e ON e.id = bi.edit_id
       LEFT JOIN edit_type t ON t.id = e.edit_type_id
      WHERE a.id = $1`,
    [assignmentId, submissionId],
  );
  return lease;
}

/**
 * The lease must be the rater's, in a batch that takes judgments, not skipped or submitted. A
 * live lease, or one past its expiry but not yet reclaimed, still holds its slot; a reclaimed one
 * is accepted within one more lease time only while the item has a free slot (strict k).
 */
function refusalOf(lease: LeaseRow, raterId: number): Refusal | undefined {
  if (lease.rater_id !== raterId) return 'forbidden';
  if (!STATES_AFTER_SUBMIT.has(lease.status)) return 'not_active';
  if (lease.state === 'skipped') return 'skipped';
  if (lease.state === 'submitted') return 'already_submitted';
  if (lease.overdue_s > lease.lease_seconds) return 'expired_too_long';
  const counted = lease.state === 'leased';
  if (!counted && !lease.is_gold && lease.submitted + lease.leased >= lease.target_k)
    return 'slot_taken';
  return undefined;
}

function refuse(refusal: Refusal, assignmentId: number, status?: string): never {
  switch (refusal) {
    case 'not_found':
      throw new DomainError('NOT_FOUND', `No assignment with id ${assignmentId}`);
    case 'forbidden':
      throw new DomainError('FORBIDDEN', 'This lease is not yours');
    case 'not_active':
      throw new DomainError('BATCH_NOT_ACTIVE', `The batch is ${status}; it takes no judgments`);
    case 'skipped':
      throw new DomainError('CONFLICT', 'This task was skipped');
    case 'already_submitted':
      throw new DomainError(
        'ALREADY_SUBMITTED',
        'This task was already submitted; revise the judgment instead',
      );
    case 'expired_too_long':
      throw new DomainError(
        'LEASE_EXPIRED',
        'The lease expired too long ago; the answer was not stored',
      );
    case 'slot_taken':
      throw new DomainError(
        'LEASE_EXPIRED',
        'The lease expired and its slot was taken by another rater',
      );
  }
}

async function store(
  dataSource: DataSource,
  assignmentId: number,
  raterId: number,
  body: SubmitJudgmentBody,
  rows: AnswerRow[],
  context: ItemContext,
): Promise<SubmitOutcome> {
  const [row] = await preparedQuery<{ r: SubmitOutcome }>(
    dataSource,
    'queue_submit',
    'SELECT queue_submit($1, $2, $3, $4, $5, $6, $7, $8, $9) AS r',
    [
      assignmentId,
      raterId,
      body.submissionId,
      JSON.stringify(body.answers),
      body.dwellMs,
      rows.map((answer) => answer.question),
      rows.map((answer) => answer.value),
      context.swapped,
      context.currentLabel,
    ],
  );
  return row.r;
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
