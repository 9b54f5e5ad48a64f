import { z } from 'zod';
import { DATASET_KINDS } from '../dataset';

/** The multipart fields of `POST /api/imports/upload` besides the one `file`. */
export const UploadImportFields = z.strictObject({
  /** The file's kind; detected from its first lines when absent. */
  kind: z.enum(DATASET_KINDS).optional(),
  /** Import nothing when any line is rejected. */
  strict: z
    .enum(['true', 'false', 'on'])
    .transform((value) => value !== 'false')
    .optional(),
});
export type UploadImportFields = z.infer<typeof UploadImportFields>;

/** `POST /api/imports/url`: import a JSONL (plain or gzip) from an http(s) URL. */
export const UrlImportBody = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\//i, 'Give an http:// or https:// URL')
    .pipe(z.url('Give a valid URL')),
  kind: z.enum(DATASET_KINDS).optional(),
  strict: z.boolean().default(false),
});
export type UrlImportBody = z.infer<typeof UrlImportBody>;

export const ImportListQuery = z.strictObject({
  /** `nextCursor` of the page before. */
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'Not a cursor of this list; start again without one')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ImportListQuery = z.infer<typeof ImportListQuery>;

/** `interrupted`: running, but its server stopped reporting (it died mid-import). */
export const IMPORT_VIEW_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;

export const ImportProblem = z.object({ line: z.number(), field: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportSummary = z.object({
  id: z.number(),
  source: z.string(),
  kind: z.enum(DATASET_KINDS).nullable(),
  status: z.enum(IMPORT_VIEW_STATUSES),
  strict: z.boolean(),
  bytes: z.number(),
  linesRead: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  problemCount: z.number(),
  error: z.string().nullable(),
  durationMs: z.number(),
  createdBy: z.object({ id: z.number(), email: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** While running: where it is (`waiting` for another import, `reading`, `merging`). */
  progress: z
    .object({
      phase: z.enum(['waiting', 'reading', 'merging']),
      lines: z.number(),
      bytes: z.number(),
      totalBytes: z.number().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** `GET /api/imports/:id`: the summary and the listed problems (line, field, message). */
export const ImportDetail = ImportSummary.extend({
  sha256: z.string().nullable(),
  problems: z.array(ImportProblem),
  rejectedShapes: z.record(z.string(), z.number()),
});
export type ImportDetail = z.infer<typeof ImportDetail>;

export interface ImportListResponse {
  items: ImportSummary[];
  nextCursor: string | null;
}
