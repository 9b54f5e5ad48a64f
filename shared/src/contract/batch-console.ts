import { z } from 'zod';
import { BATCH_STATUSES, BatchResponse, TaskTypeSchema } from './batches';

/**
 * The admin console's batch pages: the paged batch table, the progress timeline and the taxonomy
 * confusion matrix of a batch. Agreement, raters and disagreements come from the agreement API.
 */

/** A comma-separated query value (`?status=active,paused`) as a list. */
function csv<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item).max(10),
  );
}

export const BATCH_SORTS = [
  'id',
  'name',
  'status',
  'taskType',
  'createdAt',
  'progress',
  'judgments',
] as const;
export type BatchSort = (typeof BATCH_SORTS)[number];

/** `GET /api/batches?status=&taskType=&q=&sort=&order=&page=&pageSize=`: one page, by the server. */
export const BatchListQuery = z.strictObject({
  status: csv(z.enum(BATCH_STATUSES)).optional(),
  taskType: csv(TaskTypeSchema).optional(),
  /** Part of the batch's name (case-insensitive). */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(BATCH_SORTS).default('id'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** 0-based page index. */
  page: z.coerce.number().int().min(0).max(100_000).default(0),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type BatchListQuery = z.infer<typeof BatchListQuery>;

export const BatchListItem = BatchResponse.extend({
  /** Judgments on gold items (they do not count toward the items' k). */
  goldJudgments: z.number(),
  /** The judgments the batch still needs at least: open items × k minus their judgments so far. */
  judgmentsRemaining: z.number(),
  /** Judgments per hour over the batch's recent judgments (the last hour, up to 1,000). */
  recentRatePerHour: z.number().nullable(),
  /** Seconds to go at the recent rate; null with a reason when it cannot be told. */
  etaSeconds: z.number().nullable(),
  etaReason: z.string().nullable(),
  /**
   * Krippendorff's alpha of the primary question from the last agreement report (cached; null
   * until a report was computed), with the judgments it was computed for.
   */
  agreement: z
    .object({
      question: z.string(),
      alpha: z.number().nullable(),
      reason: z.string().nullable(),
      computedForJudgmentCount: z.number(),
    })
    .nullable(),
});
export type BatchListItem = z.infer<typeof BatchListItem>;

export const BatchListResponse = z.object({
  items: z.array(BatchListItem),
  /** Batches matching the filters (all pages). */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type BatchListResponse = z.infer<typeof BatchListResponse>;

/** `GET /api/batches/:id/timeline?buckets=`: judgments and completed items per time bucket. */
export const TimelineQuery = z.strictObject({
  /** How many buckets at most; the bucket width is rounded up to a whole unit (1 min, 5 min, ...). */
  buckets: z.coerce.number().int().min(2).max(500).default(60),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const TimelinePoint = z.object({
  /** Start of the bucket (ISO). */
  at: z.string(),
  judgments: z.number(),
  itemsCompleted: z.number(),
  /** Running totals at the end of the bucket. */
  totalJudgments: z.number(),
  totalItemsComplete: z.number(),
});
export type TimelinePoint = z.infer<typeof TimelinePoint>;

export const BatchTimelineResponse = z.object({
  batchId: z.number(),
  bucketSeconds: z.number(),
  /** The batch's items (gold aside), for the progress axis. */
  itemCount: z.number(),
  judgmentCount: z.number(),
  points: z.array(TimelinePoint),
});
export type BatchTimelineResponse = z.infer<typeof BatchTimelineResponse>;

/**
 * `GET /api/batches/:id/confusion` (taxonomy batches): how raters relabelled edits, from the
 * edit's current label to the label they gave (`ambiguous` included); gold items left out.
 */
export const ConfusionResponse = z.object({
  batchId: z.number(),
  question: z.literal('edit_type'),
  /** Labels in use, originals first in taxonomy order, then any other answered label. */
  originals: z.array(z.string()),
  answers: z.array(z.string()),
  cells: z.array(z.object({ original: z.string(), answer: z.string(), count: z.number() })),
  total: z.number(),
  /** Answers that differ from the original label. */
  changed: z.number(),
  computedForAnswersVersion: z.number(),
});
export type ConfusionResponse = z.infer<typeof ConfusionResponse>;

/** `GET /api/batches/:id/raters`: every rater with a standing in the batch, and their pace. */
export const BatchRater = z.object({
  userId: z.number(),
  email: z.string(),
  displayName: z.string().nullable(),
  /** The account can sign in (deactivation is account-wide). */
  active: z.boolean(),
  /** Listed by the admin (false: joined an all-raters batch by working on it). */
  allowed: z.boolean(),
  paused: z.boolean(),
  pausedReason: z.string().nullable(),
  served: z.number(),
  judgments: z.number(),
  goldAnswered: z.number(),
  goldCorrect: z.number(),
  firstJudgmentAt: z.string().nullable(),
  lastJudgmentAt: z.string().nullable(),
  /** Judgments per hour between the rater's first and last judgment (null under two). */
  judgmentsPerHour: z.number().nullable(),
});
export type BatchRater = z.infer<typeof BatchRater>;

export const BatchRatersResponse = z.object({
  batchId: z.number(),
  raters: z.array(BatchRater),
});
export type BatchRatersResponse = z.infer<typeof BatchRatersResponse>;

/** `GET /api/batches/:id/gold`: the batch's gold items with how raters did on each. */
export const GoldItemsResponse = z.object({
  batchId: z.number(),
  items: z.array(
    z.object({
      itemId: z.number(),
      subjectKey: z.string(),
      /** The expected value per question, in pair orientation. */
      expected: z.record(z.string(), z.string()),
      answered: z.number(),
      correct: z.number(),
    }),
  ),
});
export type GoldItemsResponse = z.infer<typeof GoldItemsResponse>;
