import { z } from 'zod';
import { EDIT_ORIGINS } from '../dataset';
import { EDIT_CATEGORIES } from '../taxonomy';

/** The three lists of the dataset browser (`GET /api/dataset/<list>`). */
export const DATASET_LISTS = ['edits', 'pairs', 'sessions'] as const;
export type DatasetList = (typeof DATASET_LISTS)[number];

/**
 * The columns each list sorts on (keyset: every one has an index ending in the id, and the id
 * breaks ties, so the order is total and stable). `editType` is the taxonomy's order, which keeps
 * each category together.
 */
export const DATASET_SORTS = {
  edits: ['id', 'editType', 'origin', 'import'],
  pairs: ['id', 'origin', 'import'],
  sessions: ['id', 'turns', 'import'],
} as const satisfies Record<DatasetList, readonly string[]>;
export type DatasetSortColumn<L extends DatasetList = DatasetList> =
  (typeof DATASET_SORTS)[L][number];

/** The filters each list accepts (query parameters beside `sort`, `cursor` and `limit`). */
export const DATASET_FILTERS = {
  edits: ['editType', 'category', 'import', 'origin', 'outcome', 'judged', 'q'],
  pairs: ['editType', 'category', 'import', 'origin', 'judged', 'q'],
  sessions: ['import', 'judged', 'q'],
} as const satisfies Record<DatasetList, readonly string[]>;

export const DATASET_PAGE_MAX = 200;
export const DATASET_PAGE_DEFAULT = 50;

const CATEGORY_IDS = EDIT_CATEGORIES.map((category) => category.id) as [string, ...string[]];

/** A query value given once or repeated (`?editType=3&editType=7`). */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(item).max(50));

/** `GET /api/dataset/{edits,pairs,sessions}`: the whole query, unknown keys refused. */
export const DatasetPageQuery = z.strictObject({
  /** A sortable column, `-` in front for descending (`-import`). Default `id`. */
  sort: z.string().max(40).default('id'),
  /** `nextCursor` or `prevCursor` of the page before; absent for the first page. */
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(DATASET_PAGE_MAX).default(DATASET_PAGE_DEFAULT),
  /** Edit type ids (1..35, the taxonomy's order). Pairs: the pair's first edit. */
  editType: many(z.coerce.number().int().min(1).max(35)).optional(),
  category: many(z.enum(CATEGORY_IDS)).optional(),
  import: many(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).optional(),
  /** Edits: sft, preference_chosen, preference_rejected. Pairs: dataset, admin. */
  origin: many(z.string().max(40)).optional(),
  /** Edits only: success = an SFT edit or a preference's chosen one; failed = a rejected attempt. */
  outcome: z.enum(['success', 'failed']).optional(),
  /** Items with (or without) submitted human judgments in any batch. */
  judged: z.enum(['with', 'without']).optional(),
  /** Words of the instruction (edits, pairs) or of a turn's prompt (sessions): a substring match. */
  q: z.string().trim().min(3, 'Search at least 3 characters').max(200).optional(),
});
export type DatasetPageQuery = z.infer<typeof DatasetPageQuery>;

export const EDIT_OUTCOME_ORIGINS = {
  success: ['sft', 'preference_chosen'],
  failed: ['preference_rejected'],
} as const;
export const PAIR_ORIGINS = ['dataset', 'admin'] as const;

/** How many items match: exact when cheap, else a lower bound or the planner's estimate. */
export const DatasetTotal = z.object({
  count: z.number(),
  /** exact; at_least (counting stopped at `count`); estimate (the table's statistics). */
  kind: z.enum(['exact', 'at_least', 'estimate']),
});
export type DatasetTotal = z.infer<typeof DatasetTotal>;

const EditType = z.object({ id: z.number(), label: z.string(), category: z.string() });

export const DatasetImage = z.object({
  /** The reference as in the data (relative path or URL). */
  reference: z.string(),
  url: z.string(),
  thumbnailUrl: z.string(),
});
export type DatasetImage = z.infer<typeof DatasetImage>;

export const EditRow = z.object({
  id: z.number(),
  image: DatasetImage,
  source: DatasetImage,
  instruction: z.string(),
  summarizedInstruction: z.string(),
  editType: EditType,
  origin: z.enum(EDIT_ORIGINS),
  importId: z.number(),
  judgmentCount: z.number(),
});
export type EditRow = z.infer<typeof EditRow>;

export const PairRow = z.object({
  id: z.number(),
  origin: z.enum(PAIR_ORIGINS),
  position: z.number(),
  importId: z.number().nullable(),
  instruction: z.string(),
  editType: EditType,
  source: DatasetImage,
  first: z.object({ id: z.number(), origin: z.enum(EDIT_ORIGINS), image: DatasetImage }),
  second: z.object({ id: z.number(), origin: z.enum(EDIT_ORIGINS), image: DatasetImage }),
  judgmentCount: z.number(),
});
export type PairRow = z.infer<typeof PairRow>;

export const SessionRow = z.object({
  id: z.number(),
  sessionKey: z.string(),
  turnCount: z.number(),
  importId: z.number(),
  firstPrompt: z.string(),
  source: DatasetImage,
  lastImage: DatasetImage,
  judgmentCount: z.number(),
});
export type SessionRow = z.infer<typeof SessionRow>;

export interface DatasetPage<T> {
  items: T[];
  /** Opaque; pass as `cursor` for the page after / before this one (null at either end). */
  nextCursor: string | null;
  prevCursor: string | null;
  sort: string;
  total: DatasetTotal;
}

/** One human judgment on an item, in the stored orientation (first / second for pairs). */
export const ItemJudgment = z.object({
  id: z.number(),
  batchId: z.number(),
  batchName: z.string(),
  taskType: z.string(),
  rater: z.object({ id: z.number(), email: z.string(), displayName: z.string().nullable() }),
  answers: z.record(z.string(), z.string()),
  dwellMs: z.number(),
  isGold: z.boolean(),
  goldCorrect: z.boolean().nullable(),
  revision: z.number(),
  createdAt: z.string(),
  revisedAt: z.string().nullable(),
});
export type ItemJudgment = z.infer<typeof ItemJudgment>;

export interface ImportRef {
  id: number;
  source: string;
  kind: string | null;
  startedAt: string;
}

/** Other edits of the same source and instruction listed on an edit's page. */
export const SAME_SOURCE_LISTED = 50;

export interface EditDetail {
  edit: EditRow & { extra: Record<string, unknown>; createdAt: string; updatedAt: string };
  import: ImportRef;
  /** Pairs this edit belongs to (first or second). */
  pairs: { id: number; origin: string; otherEditId: number; side: 'first' | 'second' }[];
  /**
   * Other edits of the same source image and instruction (the ones a pair can be made with, up
   * to `SAME_SOURCE_LISTED`), with the pair of the two if there is one.
   */
  sameSource: { id: number; origin: string; image: DatasetImage; pairId: number | null }[];
  judgments: ItemJudgment[];
  judgmentsTruncated: boolean;
}

export interface PairDetail {
  pair: PairRow & { rejectedShape: string | null; createdAt: string };
  import: ImportRef | null;
  judgments: ItemJudgment[];
  judgmentsTruncated: boolean;
}

export interface SessionDetail {
  session: SessionRow & { extra: Record<string, unknown>; createdAt: string };
  turns: { index: number; prompt: string; image: DatasetImage }[];
  import: ImportRef;
  judgments: ItemJudgment[];
  judgmentsTruncated: boolean;
}

/** `GET /api/dataset/thumbnail?image=<reference>` */
export const ThumbnailQuery = z.strictObject({ image: z.string().min(1).max(2000) });
export type ThumbnailQuery = z.infer<typeof ThumbnailQuery>;
