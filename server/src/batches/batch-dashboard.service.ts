import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AMBIGUOUS,
  type BatchRatersResponse,
  type BatchTimelineResponse,
  type ConfusionResponse,
  type GoldItemsResponse,
  EDIT_TYPE_LABELS,
  type TaskType,
  type TimelinePoint,
} from '@peel/shared';
import { type ReadQuery, readerQuery } from '../common/db/pg-pool';
import { DomainError } from '../common/errors/domain-error';

interface BatchCounters {
  taskType: TaskType;
  itemCount: number;
  judgmentCount: number;
  itemsComplete: number;
  answersVersion: number;
}

/** Bucket widths the timeline rounds up to (seconds). */
const BUCKET_UNITS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

/** Memoised answers kept per process (small objects: a timeline or a confusion matrix each). */
const MEMO_ENTRIES = 200;

/** The narrowest bucket width (from BUCKET_UNITS, or whole days) giving at most `buckets` buckets. */
export function bucketSeconds(spanSeconds: number, buckets: number): number {
  const raw = Math.max(spanSeconds, 1) / buckets;
  const unit = BUCKET_UNITS.find((width) => width >= raw);
  return unit ?? Math.ceil(raw / 86_400) * 86_400;
}

/**
 * Gaps between buckets filled with zeros, running totals added. `rows` are sorted by `at`
 * (epoch seconds of the bucket start, a multiple of `width`).
 */
export function fillTimeline(
  rows: readonly { at: number; judgments: number; itemsCompleted: number }[],
  width: number,
): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let totalJudgments = 0;
  let totalItemsComplete = 0;
  let index = 0;
  if (rows.length === 0) return points;
  for (let at = rows[0].at; at <= rows[rows.length - 1].at; at += width) {
    const row = rows[index]?.at === at ? rows[index++] : undefined;
    totalJudgments += row?.judgments ?? 0;
    totalItemsComplete += row?.itemsCompleted ?? 0;
    points.push({
      at: new Date(at * 1000).toISOString(),
      judgments: row?.judgments ?? 0,
      itemsCompleted: row?.itemsCompleted ?? 0,
      totalJudgments,
      totalItemsComplete,
    });
  }
  return points;
}

/**
 * The batch dashboard's own reads: progress over time, the taxonomy confusion matrix, the raters'
 * standing and the gold items. Timeline and confusion read through indexes of one batch and are
 * memoised per process on the batch's counters (a new judgment or revision is a new key), so a
 * dashboard polled while nothing moves costs one read of `batch_totals`. Every read goes to the
 * read replica when one is configured (`PEEL_READ_DATABASE_URL`): counters and charts alike, so
 * they agree with each other; a change lands here once the replica has it.
 */
@Injectable()
export class BatchDashboardService {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly read: ReadQuery;

  constructor(dataSource: DataSource) {
    this.read = readerQuery(dataSource);
  }

  async timeline(batchId: number, buckets: number): Promise<BatchTimelineResponse> {
    const state = await this.counters(batchId);
    const key = `timeline:${batchId}:${buckets}:${state.judgmentCount}:${state.itemsComplete}`;
    return this.remember(key, async () => ({
      batchId,
      itemCount: state.itemCount,
      judgmentCount: state.judgmentCount,
      ...(await this.readTimeline(batchId, buckets)),
    }));
  }

  async confusion(batchId: number): Promise<ConfusionResponse> {
    const state = await this.counters(batchId);
    if (state.taskType !== 'taxonomy') {
      throw new DomainError(
        'CONFLICT',
        `Batch ${batchId} is a ${state.taskType} batch; the confusion matrix is for taxonomy batches`,
      );
    }
    const key = `confusion:${batchId}:${state.answersVersion}`;
    return this.remember(key, () => this.readConfusion(batchId, state.answersVersion));
  }

  /**
   * The batch's raters (anyone allowed or who worked on it) with their standing and pace: one
   * index range of `ix_judgment_batch_rater` per rater, no scan of the answers.
   */
  async raters(batchId: number): Promise<BatchRatersResponse> {
    await this.counters(batchId);
    const rows: {
      user_id: number;
      email: string;
      display_name: string | null;
      active: boolean;
      allowed: boolean;
      paused: boolean;
      paused_reason: string | null;
      served: number;
      gold_answered: number;
      gold_correct: number;
      n: number;
      first_at: Date | null;
      last_at: Date | null;
    }[] = await this.read(
      `SELECT r.user_id, u.email, u.display_name, u.active, r.allowed, r.paused, r.paused_reason,
              r.served, r.gold_answered, r.gold_correct, s.n, jf.created_at AS first_at,
              jl.created_at AS last_at
         FROM batch_rater r JOIN app_user u ON u.id = r.user_id
         LEFT JOIN LATERAL (SELECT count(*)::int AS n, min(j.id) AS lo, max(j.id) AS hi FROM judgment j
                             WHERE j.batch_id = r.batch_id AND j.rater_id = r.user_id) s ON true
         LEFT JOIN judgment jf ON jf.id = s.lo
         LEFT JOIN judgment jl ON jl.id = s.hi
        WHERE r.batch_id = $1
        ORDER BY u.email`,
      [batchId],
    );
    return {
      batchId,
      raters: rows.map((row) => {
        const hours =
          row.first_at && row.last_at
            ? Math.max(60, (row.last_at.getTime() - row.first_at.getTime()) / 1000) / 3600
            : null;
        return {
          userId: row.user_id,
          email: row.email,
          displayName: row.display_name,
          active: row.active,
          allowed: row.allowed,
          paused: row.paused,
          pausedReason: row.paused_reason,
          served: row.served,
          judgments: row.n,
          goldAnswered: row.gold_answered,
          goldCorrect: row.gold_correct,
          firstJudgmentAt: row.first_at?.toISOString() ?? null,
          lastJudgmentAt: row.last_at?.toISOString() ?? null,
          judgmentsPerHour:
            hours !== null && row.n >= 2 ? Math.round((row.n / hours) * 10) / 10 : null,
        };
      }),
    };
  }

  /** Gold items (the partial index `ix_batch_item_gold`) and their judgments' gold results. */
  async gold(batchId: number): Promise<GoldItemsResponse> {
    await this.counters(batchId);
    const rows: {
      id: string;
      subject_key: string;
      gold_answer: Record<string, string> | null;
      answered: number;
      correct: number;
    }[] = await this.read(
      `SELECT bi.id, bi.subject_key, bi.gold_answer, count(j.id)::int AS answered,
              count(j.id) FILTER (WHERE j.gold_correct)::int AS correct
         FROM batch_item bi LEFT JOIN judgment j ON j.batch_item_id = bi.id AND j.is_gold
        WHERE bi.batch_id = $1 AND bi.is_gold
        GROUP BY bi.id ORDER BY bi.position`,
      [batchId],
    );
    return {
      batchId,
      items: rows.map((row) => ({
        itemId: Number(row.id),
        subjectKey: row.subject_key,
        expected: row.gold_answer ?? {},
        answered: row.answered,
        correct: row.correct,
      })),
    };
  }

  private async counters(batchId: number): Promise<BatchCounters> {
    const [row] = await this.read(
      `SELECT b.task_type, b.item_count, t.judgment_count, t.items_complete, t.answers_version
         FROM batch b JOIN batch_totals t ON t.batch_id = b.id WHERE b.id = $1`,
      [batchId],
    );
    if (!row) throw new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
    return {
      taskType: row.task_type,
      itemCount: row.item_count,
      judgmentCount: row.judgment_count,
      itemsComplete: row.items_complete,
      answersVersion: row.answers_version,
    };
  }

  private remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.memo.get(key) as Promise<T> | undefined;
    if (found) return found;
    const value = compute();
    this.memo.set(key, value);
    value.catch(() => this.memo.delete(key));
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value!);
    return value;
  }

  private async readTimeline(batchId: number, buckets: number) {
    const [span] = await this.read(
      `SELECT extract(epoch FROM least(
                (SELECT min(created_at) FROM judgment WHERE batch_id = $1),
                (SELECT min(completed_at) FROM batch_item WHERE batch_id = $1 AND complete AND NOT is_gold)))::float8 AS first,
              extract(epoch FROM greatest(
                (SELECT max(created_at) FROM judgment WHERE batch_id = $1),
                (SELECT max(completed_at) FROM batch_item WHERE batch_id = $1 AND complete AND NOT is_gold)))::float8 AS last`,
      [batchId],
    );
    if (span.first === null) return { bucketSeconds: BUCKET_UNITS[0], points: [] };
    const width = bucketSeconds(span.last - span.first, buckets);
    const rows: { at: number; judgments: number; items_completed: number }[] = await this.read(
      `WITH j AS (
           SELECT floor(extract(epoch FROM created_at) / $2)::bigint * $2 AS at, count(*)::int AS n
             FROM judgment WHERE batch_id = $1 GROUP BY 1
         ), c AS (
           SELECT floor(extract(epoch FROM completed_at) / $2)::bigint * $2 AS at, count(*)::int AS n
             FROM batch_item WHERE batch_id = $1 AND complete AND NOT is_gold GROUP BY 1
         )
         SELECT coalesce(j.at, c.at)::float8 AS at, coalesce(j.n, 0) AS judgments,
                coalesce(c.n, 0) AS items_completed
           FROM j FULL JOIN c ON c.at = j.at ORDER BY 1`,
      [batchId, width],
    );
    return {
      bucketSeconds: width,
      points: fillTimeline(
        rows.map((row) => ({
          at: row.at,
          judgments: row.judgments,
          itemsCompleted: row.items_completed,
        })),
        width,
      ),
    };
  }

  private async readConfusion(batchId: number, answersVersion: number): Promise<ConfusionResponse> {
    const rows: { original: string; answer: string; n: number }[] = await this.read(
      `SELECT t.label AS original, a.value AS answer, sum(a.n)::int AS n
         FROM (SELECT batch_item_id, value, count(*) AS n FROM judgment_answer
                WHERE batch_id = $1 AND question = 'edit_type' GROUP BY 1, 2) a
         JOIN batch_item bi ON bi.id = a.batch_item_id AND NOT bi.is_gold
         JOIN edit e ON e.id = bi.edit_id JOIN edit_type t ON t.id = e.edit_type_id
        GROUP BY 1, 2`,
      [batchId],
    );
    const order = new Map<string, number>(EDIT_TYPE_LABELS.map((label, i) => [label, i]));
    order.set(AMBIGUOUS, EDIT_TYPE_LABELS.length);
    const sorted = (labels: Iterable<string>) =>
      [...new Set(labels)].sort(
        (a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b),
      );
    const cells = rows
      .map((row) => ({ original: row.original, answer: row.answer, count: row.n }))
      .sort(
        (a, b) =>
          (order.get(a.original) ?? 1e9) - (order.get(b.original) ?? 1e9) ||
          (order.get(a.answer) ?? 1e9) - (order.get(b.answer) ?? 1e9),
      );
    return {
      batchId,
      question: 'edit_type',
      originals: sorted(rows.map((row) => row.original)),
      answers: sorted(rows.map((row) => row.answer)),
      cells,
      total: cells.reduce((sum, cell) => sum + cell.count, 0),
      changed: cells
        .filter((cell) => cell.original !== cell.answer)
        .reduce((sum, cell) => sum + cell.count, 0),
      computedForAnswersVersion: answersVersion,
    };
  }
}
