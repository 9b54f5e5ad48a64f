import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  type ExportListQuery,
  type ExportListResponse,
  type ExportRequest,
  type ExportSnapshotView,
  type ExportStatus,
} from '@peel/shared';
import { DataSource } from 'typeorm';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { DomainError } from '../common/errors/domain-error';
import { ExportInputError, type ExportOptions } from './export-options';
import { reapDeadExports } from './reap';
import { DATA_FILES, runExport } from './run-export';

interface SnapshotRow {
  id: string;
  status: ExportStatus;
  filters: Record<string, unknown>;
  batch_ids: number[];
  out_dir: string;
  counts: Record<string, number>;
  sha256: Record<string, string>;
  bytes: Record<string, number>;
  progress: Record<string, number>;
  expected_rows: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `id, status, filters, batch_ids, out_dir, counts, sha256, bytes, progress,
  expected_rows, error, started_at, finished_at`;

/** The long table's files: their rows over the expected answers make the percent. */
const LONG_TABLE = ['judgments.jsonl', 'judgments.csv'];

/** Files in the order a reader expects them: the data files, their Parquet twins. */
function fileOrder(names: string[]): string[] {
  const rank = (name: string) => {
    const base = name.replace(/\.parquet$/, '.jsonl');
    const i = (DATA_FILES as readonly string[]).indexOf(base);
    return (i < 0 ? 99 : i) * 2 + (name.endsWith('.parquet') ? 1 : 0);
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function toSnapshotView(row: SnapshotRow): ExportSnapshotView {
  const complete = row.status === 'complete';
  const rows = complete ? row.counts : row.progress;
  const parquet = row.filters.parquet === true;
  const longFiles = parquet ? [...LONG_TABLE, 'judgments.parquet'] : LONG_TABLE;
  const expected = Number(row.expected_rows ?? 0) * longFiles.length;
  const written = longFiles.reduce((sum, name) => sum + (rows[name] ?? 0), 0);
  const percent = complete
    ? 100
    : expected === 0
      ? 0
      : Math.min(99, Math.floor((100 * written) / expected));
  return {
    id: row.id,
    status: row.status,
    filters: row.filters,
    batchIds: row.batch_ids,
    files: fileOrder(Object.keys(rows)).map((name) => ({
      name,
      rows: rows[name],
      bytes: complete ? (row.bytes[name] ?? null) : null,
      sha256: complete ? (row.sha256[name] ?? null) : null,
    })),
    percent,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    outDir: row.out_dir,
  };
}

function encodeCursor(row: SnapshotRow): string {
  return Buffer.from(`${new Date(row.started_at).toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!startedAt || !id || Number.isNaN(Date.parse(startedAt)) || !/^[0-9a-f-]{36}$/.test(id))
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [
      { path: 'cursor', message: 'not a cursor of this list' },
    ]);
  return { startedAt, id };
}

export function exportOptions(request: ExportRequest): ExportOptions {
  return {
    batchIds: request.batchIds,
    editTypes: request.editTypes,
    categories: request.categories,
    minRaters: request.minRaters,
    minMargin: request.minMargin,
    relabelShare: request.relabelShare,
    includeTies: request.includeTies,
    excludeGold: request.excludeGold,
    preferAdjudicated: request.preferAdjudicated,
    parquet: request.parquet,
  };
}

/**
 * Export snapshots as background jobs (admin API): a job runs in this process, writes its progress
 * and a heartbeat to `export_snapshot` (so every instance reads the same state), and writes into
 * `PEEL_DATA_DIR/exports/<id>`. A job whose process died is marked interrupted at boot and before
 * every read; it is never shown complete.
 */
@Injectable()
export class ExportsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExportsService.name);
  private readonly jobs = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  get root(): string {
    return path.join(this.config.dataDir, 'exports');
  }

  async onApplicationBootstrap(): Promise<void> {
    const marked = await reapDeadExports(this.dataSource).catch(() => []);
    if (marked.length > 0) this.logger.warn(`marked ${marked.length} dead export(s) interrupted`);
  }

  /** Waits for this process's jobs (they need the database the app is about to close). */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.jobs]);
  }

  /** Starts a job; answers once its snapshot row exists. Bad filters or batches are a 400. */
  async start(request: ExportRequest, userId: number): Promise<ExportSnapshotView> {
    const id = randomUUID();
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const job = runExport(this.dataSource, exportOptions(request), path.join(this.root, id), {
      snapshotId: id,
      requestedBy: userId,
      onStarted: () => started(),
    });
    this.jobs.add(job);
    job
      .then(
        (result) => this.logger.log(`export ${result.snapshotId} complete → ${result.outDir}`),
        (error: Error) => this.logger.warn(`export ${id} failed: ${error.message}`),
      )
      .finally(() => this.jobs.delete(job));
    try {
      await Promise.race([isStarted, job]);
    } catch (error) {
      if (error instanceof ExportInputError)
        throw new DomainError('VALIDATION_FAILED', error.message, [
          { path: error.field ?? '(body)', message: error.message },
        ]);
      throw error;
    }
    return this.get(id);
  }

  async get(id: string): Promise<ExportSnapshotView> {
    await reapDeadExports(this.dataSource);
    return toSnapshotView(await this.row(id));
  }

  async list(query: ExportListQuery): Promise<ExportListResponse> {
    await reapDeadExports(this.dataSource);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM export_snapshot
       WHERE $1::timestamptz IS NULL OR (started_at, id) < ($1::timestamptz, $2::uuid)
       ORDER BY started_at DESC, id DESC LIMIT $3`,
      [after?.startedAt ?? null, after?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(toSnapshotView),
      nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /**
   * A file of a complete snapshot: `manifest.json` or one of the data files its row lists (the
   * name never reaches the file system unless it is one of those).
   */
  async file(id: string, name: string): Promise<{ stream: ReadStream; size: number }> {
    const row = await this.row(id);
    if (row.status !== 'complete')
      throw new DomainError('CONFLICT', `Export ${id} is ${row.status}, not complete`);
    if (name !== 'manifest.json' && !(name in row.sha256))
      throw new DomainError('NOT_FOUND', `Export ${id} has no file ${name}`);
    const file = path.join(row.out_dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile())
      throw new DomainError(
        'NOT_FOUND',
        `The file ${name} of export ${id} is gone from the server`,
      );
    return { stream: createReadStream(file), size: stat.size };
  }

  private async row(id: string): Promise<SnapshotRow> {
    const [row]: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM export_snapshot WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', `No export ${id}`);
    return row;
  }
}
