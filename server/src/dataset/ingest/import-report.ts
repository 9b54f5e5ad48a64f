import { type DatasetKind, type ImportStatus } from '@peel/shared';
import { type LineProblem, type RejectedShape } from './records';

/** Everything one import did, as printed by the CLI and answered by the API. */
export interface ImportReport {
  importId: string | null;
  source: string;
  kind: DatasetKind | null;
  status: Exclude<ImportStatus, 'running'>;
  strict: boolean;
  sha256: string | null;
  bytes: number;
  linesRead: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: LineProblem[];
  problemCount: number;
  rejectedShapes: Partial<Record<RejectedShape, number>>;
  durationMs: number;
  /** Why nothing was imported, when `status` is failed. */
  error: string | null;
}

export interface ImportProgress {
  lines: number;
  bytes: number;
  totalBytes?: number;
  elapsedMs: number;
}

export interface ImportOptions {
  kind?: DatasetKind;
  /** Write nothing when any line is rejected. */
  strict?: boolean;
  createdBy?: string | null;
  /**
   * The `dataset_import` row made beforehand (status running, visible to other sessions while the
   * import reads): the import completes or fails that row instead of inserting its own.
   */
  importId?: string;
  onProgress?: (progress: ImportProgress) => void;
}
