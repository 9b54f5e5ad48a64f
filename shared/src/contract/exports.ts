import { z } from 'zod';
import { EDIT_CATEGORIES, EDIT_TYPE_LABELS, type EditTypeLabel } from '../taxonomy';

const CATEGORY_IDS = EDIT_CATEGORIES.map((category) => category.id) as [string, ...string[]];

/**
 * `POST /api/exports`: the same filters as `npm run peel -- export` (admins only). Every field is
 * optional; the defaults are the CLI's.
 */
export const ExportRequest = z.strictObject({
  /** Batches to read; empty = every batch. */
  batchIds: z.array(z.number().int().positive().max(2_147_483_647)).max(1000).default([]),
  editTypes: z
    .array(z.enum(EDIT_TYPE_LABELS as [EditTypeLabel, ...EditTypeLabel[]]))
    .max(35)
    .default([]),
  categories: z.array(z.enum(CATEGORY_IDS)).max(8).default([]),
  /** Aggregated records need at least this many judgments. */
  minRaters: z.number().int().min(1).max(100).default(1),
  /** Pairwise records need an overall vote margin of at least this. */
  minMargin: z.number().min(0).max(1).default(0),
  /** sft.jsonl relabels an edit when the taxonomy consensus has at least this share. */
  relabelShare: z.number().gt(0).max(1).default(0.5),
  includeTies: z.boolean().default(false),
  excludeGold: z.boolean().default(false),
  /** Where an admin adjudicated an item, export the admin's answer instead of the consensus. */
  preferAdjudicated: z.boolean().default(false),
  /** Parquet twins of the JSONL files. */
  parquet: z.boolean().default(true),
});
export type ExportRequest = z.infer<typeof ExportRequest>;

export const EXPORT_STATUSES = ['running', 'complete', 'failed', 'interrupted'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const ExportFile = z.object({
  name: z.string(),
  rows: z.number(),
  /** Set once the snapshot is complete. */
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
});
export type ExportFile = z.infer<typeof ExportFile>;

/** One export snapshot (`GET /api/exports/:id`, items of `GET /api/exports`). */
export const ExportSnapshotView = z.object({
  id: z.string(),
  /** `interrupted`: its process died; it never becomes complete. */
  status: z.enum(EXPORT_STATUSES),
  filters: z.record(z.string(), z.unknown()),
  batchIds: z.array(z.number()),
  /** Rows written so far per file (final counts once complete). */
  files: z.array(ExportFile),
  /** 0 to 100: the long table's rows written over the answers it will hold (100 only when complete). */
  percent: z.number(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Where the files are (on the server). */
  outDir: z.string(),
});
export type ExportSnapshotView = z.infer<typeof ExportSnapshotView>;

/** `GET /api/exports?limit=&cursor=`: newest first, keyset. */
export const ExportListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export type ExportListQuery = z.infer<typeof ExportListQuery>;

export const ExportListResponse = z.object({
  items: z.array(ExportSnapshotView),
  nextCursor: z.string().nullable(),
});
export type ExportListResponse = z.infer<typeof ExportListResponse>;

export const ExportIdParam = z.uuid();

/** A file of a snapshot: its own data files and `manifest.json`, nothing else. */
export const ExportFileParam = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z-]*\.(jsonl|csv|parquet|json)$/, 'not an export file name');
