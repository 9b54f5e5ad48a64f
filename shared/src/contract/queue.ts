import { z } from 'zod';
import { TaskTypeSchema } from './batches';

export const ImageRef = z.object({ url: z.string(), path: z.string() });
export const EditTypeRef = z.object({
  label: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
});

export const PairwiseItem = z.object({
  kind: z.literal('pairwise'),
  instruction: z.object({ long: z.string(), short: z.string() }),
  editType: EditTypeRef,
  source: ImageRef,
  /** As presented to this rater: A on the left, B on the right (random per item and rater). */
  a: ImageRef,
  b: ImageRef,
});

export const MultiTurnItem = z.object({
  kind: z.literal('multi_turn'),
  sessionKey: z.string(),
  source: ImageRef,
  turns: z.array(z.object({ index: z.number(), prompt: z.string(), image: ImageRef })),
});

export const TaxonomyItem = z.object({
  kind: z.literal('taxonomy'),
  instruction: z.object({ long: z.string(), short: z.string() }),
  currentLabel: EditTypeRef,
  source: ImageRef,
  edit: ImageRef,
});

export const TaskItem = z.discriminatedUnion('kind', [PairwiseItem, MultiTurnItem, TaxonomyItem]);
export type TaskItem = z.infer<typeof TaskItem>;

/** One leased task: everything the client needs to show it. */
export const Task = z.object({
  assignmentId: z.number(),
  batchId: z.number(),
  itemId: z.number(),
  taskType: TaskTypeSchema,
  expiresAt: z.string(),
  leaseSeconds: z.number(),
  item: TaskItem,
});
export type Task = z.infer<typeof Task>;

export const RaterProgress = z.object({
  batchId: z.number(),
  done: z.number(),
  /** Items this rater could still be given (not complete, not done or skipped by them). */
  remaining: z.number(),
  total: z.number(),
  itemsComplete: z.number(),
  gold: z.object({ answered: z.number(), correct: z.number(), paused: z.boolean() }),
});
export type RaterProgress = z.infer<typeof RaterProgress>;

/**
 * `POST /api/batches/:id/next`: the task to show now and, when there is one, the following task
 * already leased (its images can be fetched while the rater works), so the next task is on screen
 * at once after a submit. A rater holds at most these two leases per batch.
 */
export const NextTaskResponse = z.object({
  current: Task,
  next: Task.nullable(),
  progress: RaterProgress,
});
export type NextTaskResponse = z.infer<typeof NextTaskResponse>;

export const HeartbeatResponse = z.object({ expiresAt: z.string() });

export const RaterBatchSummary = z.object({
  id: z.number(),
  name: z.string(),
  taskType: TaskTypeSchema,
  status: z.string(),
  guidelines: z.string(),
  progress: RaterProgress,
});
export type RaterBatchSummary = z.infer<typeof RaterBatchSummary>;
