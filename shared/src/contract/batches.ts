import { z } from 'zod';
import { TASK_TYPES } from '../questions';
import { EDIT_CATEGORIES, EDIT_TYPE_LABELS, type EditTypeLabel } from '../taxonomy';

export const BATCH_STATUSES = ['draft', 'active', 'paused', 'completed', 'archived'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const TaskTypeSchema = z.enum(TASK_TYPES);

export const ITEM_ORIGINS = [
  'sft',
  'preference_chosen',
  'preference_rejected',
  'dataset_pair',
  'admin_pair',
] as const;

const CATEGORY_IDS = EDIT_CATEGORIES.map((category) => category.id) as [string, ...string[]];

/** Which items a batch takes from the dataset. Every filter is optional; all must hold. */
export const BatchFilters = z.strictObject({
  editTypes: z
    .array(z.enum(EDIT_TYPE_LABELS as [EditTypeLabel, ...EditTypeLabel[]]))
    .max(35)
    .optional(),
  categories: z.array(z.enum(CATEGORY_IDS)).max(8).optional(),
  importIds: z.array(z.number().int().positive()).max(1000).optional(),
  /** Edits: sft / preference_chosen / preference_rejected; pairs: dataset_pair / admin_pair. */
  origins: z.array(z.enum(ITEM_ORIGINS)).max(5).optional(),
  /** Items with or without human judgments from earlier batches (any = both). */
  humanJudgments: z.enum(['any', 'with', 'without']).default('any'),
});
export type BatchFilters = z.infer<typeof BatchFilters>;

export const Overlap = z
  .strictObject({
    /** Strict k: exactly k submitted judgments per item when complete, never more. */
    k: z.number().int().min(1).max(10),
    /** Adaptive overlap: start with k raters, add raters up to kMax while answers disagree. */
    adaptive: z.boolean().default(false),
    kMax: z.number().int().min(1).max(10).optional(),
  })
  .refine(
    (overlap) => !overlap.adaptive || (overlap.kMax !== undefined && overlap.kMax > overlap.k),
    {
      path: ['kMax'],
      error: 'Adaptive overlap needs kMax above k',
    },
  );
export type Overlap = z.infer<typeof Overlap>;

export const GoldSettings = z.strictObject({
  /** Share of served tasks that are gold items (0 to 0.5). */
  share: z.number().min(0).max(0.5).default(0),
  /** Gold answers a rater gives before the bar applies. */
  minAnswers: z.number().int().min(1).max(1000).default(5),
  /** Minimum gold accuracy (0 to 1); below it a rater is paused in the batch. */
  bar: z.number().min(0).max(1).default(0.7),
});

export const BatchSelection = z.strictObject({
  taskType: TaskTypeSchema,
  filters: BatchFilters.default({ humanJudgments: 'any' }),
  /** How many items to take (seeded sample); all matching items when absent. */
  sampleSize: z.number().int().min(1).max(1_000_000).optional(),
  seed: z.number().int().min(0).max(2_147_483_647).default(1),
});
export type BatchSelection = z.infer<typeof BatchSelection>;

export const CreateBatchBody = BatchSelection.extend({
  name: z.string().trim().min(1, 'Name the batch').max(200),
  overlap: Overlap,
  leaseSeconds: z
    .number()
    .int()
    .min(30)
    .max(24 * 3600)
    .default(600),
  gold: GoldSettings.default({ share: 0, minAnswers: 5, bar: 0.7 }),
  guidelines: z.string().max(50_000).default(''),
  /** The raters allowed; null means every annotator. */
  raterIds: z.array(z.number().int().positive()).max(10_000).nullable().default(null),
});
export type CreateBatchBody = z.infer<typeof CreateBatchBody>;

export const PreviewBatchBody = BatchSelection;
export type PreviewBatchBody = z.infer<typeof PreviewBatchBody>;

export const BatchPreviewResponse = z.object({
  matching: z.number(),
  selected: z.number(),
  sample: z.array(
    z.object({ key: z.string(), editType: z.string().nullable(), imageUrl: z.string() }),
  ),
});
export type BatchPreviewResponse = z.infer<typeof BatchPreviewResponse>;

export const BatchResponse = z.object({
  id: z.number(),
  name: z.string(),
  taskType: TaskTypeSchema,
  status: z.enum(BATCH_STATUSES),
  filters: z.unknown(),
  sampleSize: z.number().nullable(),
  seed: z.number(),
  k: z.number(),
  adaptive: z.boolean(),
  kMax: z.number(),
  leaseSeconds: z.number(),
  gold: z.object({ share: z.number(), minAnswers: z.number(), bar: z.number() }),
  guidelines: z.string(),
  raterIds: z.array(z.number()).nullable(),
  itemCount: z.number(),
  goldCount: z.number(),
  itemsComplete: z.number(),
  judgmentCount: z.number(),
  createdAt: z.string(),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

export const BatchTransition = z.enum(['activate', 'pause', 'resume', 'complete', 'archive']);
export type BatchTransition = z.infer<typeof BatchTransition>;

/** `POST /api/batches/:id/items/:itemId/gold`: the expected answer, in the pair's orientation. */
export const SetGoldBody = z.strictObject({
  /** The question ids and their expected values, e.g. `{ "overall": "first" }`. */
  expected: z.record(z.string().min(1).max(100), z.string().min(1).max(200)),
});
export type SetGoldBody = z.infer<typeof SetGoldBody>;

/** `POST /api/batches/:id/items/:itemId/priority`: higher is served first (after started items). */
export const SetPriorityBody = z.strictObject({ priority: z.number().int().min(-100).max(100) });
export type SetPriorityBody = z.infer<typeof SetPriorityBody>;

export const CreatePairBody = z.strictObject({
  firstEditId: z.number().int().positive(),
  secondEditId: z.number().int().positive(),
});
export type CreatePairBody = z.infer<typeof CreatePairBody>;

/** A path id: a positive 32-bit integer (every id column accepts it). */
export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);
