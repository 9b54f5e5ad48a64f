import type { DatasetKind, EditTypeLabel } from '@peel/shared';

/**
 * The normalized forms of one valid line of each Pico-Banana file, produced by the validators in
 * `validate-*.ts` and consumed by the COPY loader. Keys the format does not know are kept in `extra`
 * verbatim, so nothing in the source is lost.
 */
export interface SftRecord {
  kind: 'sft';
  line: number;
  sourceUrl: string;
  text: string;
  outputImage: string;
  editType: EditTypeLabel;
  summarizedText: string;
  extra: Record<string, unknown>;
}

/** How `rejected_images` was written on one line (FORMAT.md: not confirmed, so all are accepted). */
export type RejectedShape = 'array' | 'string' | 'json_string_array' | 'empty';

export interface PreferenceRecord {
  kind: 'preference';
  line: number;
  sourceUrl: string;
  text: string;
  outputImage: string;
  rejectedImages: string[];
  rejectedShape: RejectedShape;
  editType: EditTypeLabel;
  summarizedText: string;
  extra: Record<string, unknown>;
}

export interface MultiTurnRecord {
  kind: 'multi_turn';
  line: number;
  /** Derived from the turn file names, e.g. `101_attemptB` from `images/multi-turn/101_attemptB_turn1.png`. */
  sessionKey: string;
  sourceUrl: string;
  /** Turn i (1-based) = prompts[i-1] applied to turn i-1's output; images[i-1] is its output. */
  prompts: string[];
  images: string[];
  /** The `files` ids in the order the record listed them, so an export can write them back. */
  fileOrder?: string[];
  extra: Record<string, unknown>;
}

export type DatasetRecord = SftRecord | PreferenceRecord | MultiTurnRecord;

/** One problem with one line: where (line, field) and what. */
export interface LineProblem {
  line: number;
  /** The JSON path of the offending field (`edit_type`, `files[2].url`), or '' for the whole line. */
  field: string;
  message: string;
}

export type ValidationResult<T extends DatasetRecord = DatasetRecord> =
  { ok: true; record: T } | { ok: false; problems: LineProblem[] };

export type { DatasetKind };
