import { type PoolClient } from 'pg';
import { type DataSource } from 'typeorm';
import { type DatasetKind, LIMITS } from '@peel/shared';
import { beginJob } from '../../common/metrics/progress';
import { type Digest } from './import-source';
import { type ImportOptions, type ImportReport } from './import-report';
import { type MergeCounts, rejectDuplicates } from './merge';
import { type DatasetRecord, type LineProblem, type RejectedShape } from './records';

const PROGRESS_EVERY_MS = 200;

/** The state of one import while it runs, and its record in `dataset_import`. */
export class ImportRun {
  readonly strict: boolean;
  kind: DatasetKind | undefined;
  digest: Digest | undefined;
  linesRead = 0;
  accepted = 0;
  rejectedLines = 0;
  problemCount = 0;
  readonly problems: LineProblem[] = [];
  readonly rejectedShapes: Partial<Record<RejectedShape, number>> = {};
  counts: MergeCounts = { inserted: 0, updated: 0, unchanged: 0 };
  error: string | null = null;
  private sha256: string | null = null;
  private readonly startedAt = Date.now();
  private lastProgress = 0;

  constructor(
    readonly source: string,
    private readonly options: ImportOptions,
  ) {
    this.strict = options.strict ?? false;
    this.kind = options.kind;
  }

  /** This import in the process's metrics (`peel_import_*`); ended by the importer. */
  readonly job = beginJob('import');

  progress(line: number, bytes: number, totalBytes: number | undefined): void {
    this.linesRead = line;
    this.job.units = line;
    this.job.bytes = bytes;
    this.job.totalBytes = totalBytes;
    const now = Date.now();
    if (!this.options.onProgress || now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.options.onProgress({ lines: line, bytes, totalBytes, elapsedMs: now - this.startedAt });
  }

  accept(record: DatasetRecord): void {
    this.accepted += 1;
    if (record.kind === 'preference') {
      this.rejectedShapes[record.rejectedShape] =
        (this.rejectedShapes[record.rejectedShape] ?? 0) + 1;
    }
  }

  /** Records the problems of one rejected line (all of them, listed up to the report's limit). */
  reject(problems: LineProblem[]): void {
    this.rejectedLines += 1;
    this.problemCount += problems.length;
    const room = LIMITS.importMaxListedProblems - this.problems.length;
    if (room > 0) this.problems.push(...problems.slice(0, room));
  }

  digestDone(): void {
    this.sha256 = this.digest?.hex() ?? null;
  }

  async rejectDuplicates(client: PoolClient): Promise<void> {
    const duplicates = await rejectDuplicates(client, this.kind!);
    for (const problem of duplicates) {
      this.accepted -= 1;
      this.reject([problem]);
    }
  }

  addCounts(counts: MergeCounts): void {
    this.counts = {
      inserted: this.counts.inserted + counts.inserted,
      updated: this.counts.updated + counts.updated,
      unchanged: this.counts.unchanged + counts.unchanged,
    };
  }

  async insertRecord(client: PoolClient): Promise<string> {
    // A row made beforehand is completed by updateRecord at the very end, so the import's
    // transaction holds its row lock only for that last moment (progress updates go on until then).
    if (this.options.importId) return this.options.importId;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO dataset_import (source, kind, status, strict, sha256, bytes, lines_read,
         rejected, rejected_shapes, problems, problem_count, created_by)
       VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        this.source,
        this.kind ?? null,
        this.strict,
        this.sha256,
        this.digest?.bytes ?? 0,
        this.linesRead,
        this.rejectedLines,
        JSON.stringify(this.rejectedShapes),
        JSON.stringify(this.problems),
        this.problemCount,
        this.options.createdBy ?? null,
      ],
    );
    return rows[0].id;
  }

  async updateRecord(client: PoolClient, importId: string): Promise<void> {
    this.problems.sort((a, b) => a.line - b.line);
    await client.query(
      `UPDATE dataset_import SET status = 'completed', sha256 = $2, bytes = $3, lines_read = $4,
         inserted = $5, updated = $6, unchanged = $7, rejected = $8, rejected_shapes = $9,
         problems = $10, problem_count = $11, duration_ms = $12, finished_at = now(), kind = $13,
         strict = $14
       WHERE id = $1`,
      [
        importId,
        this.sha256,
        this.digest?.bytes ?? 0,
        this.linesRead,
        this.counts.inserted,
        this.counts.updated,
        this.counts.unchanged,
        this.rejectedLines,
        JSON.stringify(this.rejectedShapes),
        JSON.stringify(this.problems),
        this.problemCount,
        this.elapsed(),
        this.kind ?? null,
        this.strict,
      ],
    );
  }

  /** Records a failed import in its own transaction; answers null when even that is impossible. */
  async insertFailure(dataSource: DataSource): Promise<string | null> {
    this.problems.sort((a, b) => a.line - b.line);
    try {
      if (this.options.importId) return await this.updateFailure(dataSource, this.options.importId);
      const rows: { id: string }[] = await dataSource.query(
        `INSERT INTO dataset_import (source, kind, status, strict, sha256, bytes, lines_read, rejected,
           rejected_shapes, problems, problem_count, error, duration_ms, created_by, finished_at)
         VALUES ($1, $2, 'failed', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now()) RETURNING id`,
        [
          this.source,
          this.kind ?? null,
          this.strict,
          this.sha256,
          this.digest?.bytes ?? 0,
          this.linesRead,
          this.rejectedLines,
          JSON.stringify(this.rejectedShapes),
          JSON.stringify(this.problems),
          this.problemCount,
          this.error,
          this.elapsed(),
          this.options.createdBy ?? null,
        ],
      );
      return rows[0].id;
    } catch {
      return null;
    }
  }

  private async updateFailure(dataSource: DataSource, importId: string): Promise<string> {
    await dataSource.query(
      `UPDATE dataset_import SET status = 'failed', kind = $2, strict = $3, sha256 = $4, bytes = $5,
         lines_read = $6, rejected = $7, rejected_shapes = $8, problems = $9, problem_count = $10,
         error = $11, duration_ms = $12, finished_at = now()
       WHERE id = $1`,
      [
        importId,
        this.kind ?? null,
        this.strict,
        this.sha256,
        this.digest?.bytes ?? 0,
        this.linesRead,
        this.rejectedLines,
        JSON.stringify(this.rejectedShapes),
        JSON.stringify(this.problems),
        this.problemCount,
        this.error,
        this.elapsed(),
      ],
    );
    return importId;
  }

  report(importId: string | null, status: ImportReport['status']): ImportReport {
    const failed = status === 'failed';
    return {
      importId,
      source: this.source,
      kind: this.kind ?? null,
      status,
      strict: this.strict,
      sha256: this.sha256,
      bytes: this.digest?.bytes ?? 0,
      linesRead: this.linesRead,
      accepted: failed ? 0 : this.accepted,
      inserted: failed ? 0 : this.counts.inserted,
      updated: failed ? 0 : this.counts.updated,
      unchanged: failed ? 0 : this.counts.unchanged,
      rejected: this.rejectedLines,
      problems: this.problems,
      problemCount: this.problemCount,
      rejectedShapes: this.rejectedShapes,
      durationMs: this.elapsed(),
      error: this.error,
    };
  }

  private elapsed(): number {
    return Date.now() - this.startedAt;
  }
}
