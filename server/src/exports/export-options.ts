import { EDIT_CATEGORIES, EDIT_TYPE_LABELS } from '@peel/shared';

/** What an export reads and which aggregated records it keeps. */
export interface ExportOptions {
  /** Batches to read; empty = every batch. */
  batchIds: number[];
  /** Pairs and edits whose (dataset) edit type is one of these; empty = all. */
  editTypes: string[];
  /** Pairs and edits whose edit type is in one of these categories; empty = all. */
  categories: string[];
  /** Aggregated records need at least this many judgments (k). */
  minRaters: number;
  /** Pairwise records need an overall vote margin of at least this, in [0, 1]. */
  minMargin: number;
  /** sft.jsonl: a taxonomy consensus relabels an edit when its vote share is at least this. */
  relabelShare: number;
  /** Keep ties, both-bad and split pairs in preference.jsonl (never in dpo.jsonl). */
  includeTies: boolean;
  /** Leave gold items out (aggregates and the long table). */
  excludeGold: boolean;
  /** Where an admin adjudicated an item, its answers replace the raters' consensus. */
  preferAdjudicated: boolean;
  /** Also write Parquet twins of the JSONL files (hyparquet-writer, an ES module). */
  parquet: boolean;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = {
  batchIds: [],
  editTypes: [],
  categories: [],
  minRaters: 1,
  minMargin: 0,
  relabelShare: 0.5,
  includeTies: false,
  excludeGold: false,
  preferAdjudicated: false,
  parquet: false,
};

/** Bad input: nothing is written. `field` names the request field (API) when there is one. */
export class ExportInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const CATEGORY_IDS: readonly string[] = EDIT_CATEGORIES.map((category) => category.id);

/** Checks ranges and labels; returns the options with sorted, de-duplicated lists. */
export function checkExportOptions(options: ExportOptions): ExportOptions {
  options.batchIds.forEach((id, i) => {
    if (!Number.isInteger(id) || id <= 0)
      throw new ExportInputError(
        `--batch must be a positive integer, not "${id}"`,
        `batchIds.${i}`,
      );
  });
  options.editTypes.forEach((label, i) => {
    if (!(EDIT_TYPE_LABELS as readonly string[]).includes(label))
      throw new ExportInputError(
        `--edit-type "${label}" is not one of the 35 taxonomy labels`,
        `editTypes.${i}`,
      );
  });
  options.categories.forEach((category, i) => {
    if (!CATEGORY_IDS.includes(category))
      throw new ExportInputError(
        `--category "${category}" is not one of ${CATEGORY_IDS.join(', ')}`,
        `categories.${i}`,
      );
  });
  if (!Number.isInteger(options.minRaters) || options.minRaters < 1 || options.minRaters > 100)
    throw new ExportInputError(`--min-raters must be an integer from 1 to 100`, 'minRaters');
  if (!(options.minMargin >= 0 && options.minMargin <= 1))
    throw new ExportInputError(`--min-margin must be a number from 0 to 1`, 'minMargin');
  if (!(options.relabelShare > 0 && options.relabelShare <= 1))
    throw new ExportInputError(
      `--relabel-share must be a number above 0 and at most 1`,
      'relabelShare',
    );
  const sorted = <T>(values: T[]) => [...new Set(values)].sort();
  return {
    ...options,
    batchIds: [...new Set(options.batchIds)].sort((a, b) => a - b),
    editTypes: sorted(options.editTypes),
    categories: sorted(options.categories),
  };
}

/** A number option: the whole string must be a number. */
export function parseNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new ExportInputError(`--${name} must be a number, not "${raw}"`);
  return value;
}
