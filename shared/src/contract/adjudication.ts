import { z } from 'zod';
import { TaskTypeSchema } from './batches';
import { SkipReason } from './judgments';
import { TaskItem } from './queue';

/**
 * `PUT /api/batches/:id/items/:itemId/adjudication`: an admin's final answer for an item, in the
 * task type's answer shape (the same schema as a judgment's answers). Pairwise answers are read in
 * the pair's own orientation: `A` is the pair's first edit, `B` its second.
 */
export const AdjudicateBody = z.strictObject({
  answers: z.unknown(),
  note: z.string().trim().min(1, 'A note is required').max(2000),
});
export type AdjudicateBody = z.infer<typeof AdjudicateBody>;

/** One question's stored value (pairwise in pair orientation: first / second / tie / both_bad). */
export const AnswerValue = z.object({ question: z.string(), value: z.string() });
export type AnswerValue = z.infer<typeof AnswerValue>;

export const AdjudicationResponse = z.object({
  batchId: z.number(),
  itemId: z.number(),
  answers: z.unknown(),
  values: z.array(AnswerValue),
  note: z.string(),
  adjudicatedBy: z.object({ id: z.number(), email: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdjudicationResponse = z.infer<typeof AdjudicationResponse>;

const Rater = z.object({ id: z.number(), email: z.string(), displayName: z.string().nullable() });

/**
 * `GET /api/batches/:id/items/:itemId`: one batch item with every judgment on it (and the reason
 * its rater typed) and every skip of it. Reasons and notes are raters' free text: render as text.
 */
export const BatchItemDetail = z.object({
  batchId: z.number(),
  itemId: z.number(),
  taskType: TaskTypeSchema,
  /** The subject in the pair's own orientation (`a` = first edit, `b` = second). */
  item: TaskItem,
  isGold: z.boolean(),
  goldAnswer: z.record(z.string(), z.string()).nullable(),
  complete: z.boolean(),
  submitted: z.number(),
  targetK: z.number(),
  judgments: z.array(
    z.object({
      id: z.number(),
      rater: Rater,
      /** Stored values, pairwise in pair orientation. */
      values: z.array(AnswerValue),
      /** Pairwise: the pair's second edit was shown on the left. */
      swapped: z.boolean(),
      dwellMs: z.number(),
      goldCorrect: z.boolean().nullable(),
      createdAt: z.string(),
      revisedAt: z.string().nullable(),
      /** The free-text reason in the rater's answers, or null when they typed none. */
      reason: z.string().nullable(),
    }),
  ),
  /** Raters who skipped this item, oldest skip first. */
  skipped: z.array(
    z.object({
      rater: Rater,
      reason: SkipReason,
      note: z.string().nullable(),
      skippedAt: z.string(),
    }),
  ),
  /** Votes per question and value, most votes first. */
  votes: z.array(
    z.object({
      question: z.string(),
      counts: z.array(z.object({ value: z.string(), n: z.number() })),
    }),
  ),
  adjudication: AdjudicationResponse.nullable(),
});
export type BatchItemDetail = z.infer<typeof BatchItemDetail>;

/** `GET /api/batches/:id/adjudications?after=<itemId>&limit=`: keyset pages by item id. */
export const AdjudicationsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AdjudicationsQuery = z.infer<typeof AdjudicationsQuery>;
