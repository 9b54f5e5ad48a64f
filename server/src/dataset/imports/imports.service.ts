import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Request } from 'express';
import { DataSource } from 'typeorm';
import {
  type DatasetKind,
  type ImportDetail,
  type ImportListQuery,
  type ImportListResponse,
  type ImportSummary,
  type UrlImportBody,
} from '@peel/shared';
import { AuditService } from '../../audit/audit.service';
import { PEEL_CONFIG, type PeelConfig } from '../../common/config/config';
import { DomainError } from '../../common/errors/domain-error';
import { openSource, type ImportInput } from '../ingest/import-source';
import { type ImportReport } from '../ingest/import-report';
import { IngestService } from '../ingest/ingest.service';
import { ImportProgressWriter } from './import-progress';
import { mib, receiveUpload } from './multipart-upload';
import { guardInput } from './sniff';

export interface Actor {
  id: number;
  ip: string | null;
}

/** How long an upload's answer waits for the import to finish after the last byte arrived. */
const SETTLE_WAIT_MS = 1500;
/** A running import whose server has not reported for this long is shown as interrupted. */
export const IMPORT_STALE_MS = 60_000;

type Row = Record<string, unknown>;

interface Started {
  id: string;
  /** Settles when the import has completed or failed (its row says which). */
  done: Promise<ImportReport>;
}

/**
 * Imports from the API: an upload streamed from the multipart body into the importer (never held
 * whole) or a URL, each running in the background on a `dataset_import` row made first, which
 * other requests (any instance) poll for progress and then the report.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  /** Streams the request's `file` part into a new import; answers once the body is read. */
  async upload(request: Request, actor: Actor): Promise<ImportDetail> {
    const type = request.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the JSONL file as multipart/form-data, in a field named "file"',
      );
    }
    const max = this.config.importMaxUploadBytes;
    const length = Number(request.headers['content-length']);
    if (Number.isFinite(length) && length > max + 64 * 1024) {
      // Read and drop the body before answering: a client still sending when the connection
      // closes sees a broken pipe instead of this answer.
      await new Promise<void>((resolve) => {
        request
          .once('end', resolve)
          .once('close', resolve)
          .once('error', () => resolve());
        request.resume();
      });
      throw new DomainError('PAYLOAD_TOO_LARGE', `The upload is larger than ${mib(max)}`);
    }
    const totalBytes = Number.isFinite(length) ? length : null;
    const started = await receiveUpload(request, max, (input, options, inputEnded) =>
      this.start(
        { ...input, size: totalBytes ?? undefined },
        options,
        actor,
        inputEnded,
        totalBytes,
      ),
    );
    return this.settled(started);
  }

  /** Imports from a URL in the background; answers at once with the running import. */
  async fromUrl(body: UrlImportBody, actor: Actor): Promise<ImportDetail> {
    let input: ImportInput;
    try {
      input = await openSource(body.url, {
        allowPrivateHosts: this.config.importAllowPrivateUrls,
      });
    } catch (error) {
      input = { source: body.url, chunks: failing(error) };
    }
    const guarded = guardInput(input.chunks, body.kind);
    const started = await this.start(
      { ...input, chunks: guarded.chunks },
      { kind: body.kind, strict: body.strict },
      actor,
      guarded.ended,
      input.size ?? null,
    );
    return this.get(Number(started.id));
  }

  /** Makes the running import's row, then runs the import in the background. */
  private async start(
    input: ImportInput,
    options: { kind?: DatasetKind; strict: boolean },
    actor: Actor,
    inputEnded: Promise<void>,
    totalBytes: number | null,
  ): Promise<Started> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO dataset_import (source, kind, status, strict, created_by, progress)
       VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id`,
      [
        input.source,
        options.kind ?? null,
        options.strict,
        actor.id,
        JSON.stringify({
          phase: 'waiting',
          lines: 0,
          bytes: 0,
          totalBytes,
          updatedAt: new Date().toISOString(),
        }),
      ],
    );
    await this.audit.record({
      action: 'dataset.import_started',
      actorId: actor.id,
      targetType: 'dataset_import',
      targetId: id,
      ip: actor.ip,
      details: { source: input.source, kind: options.kind ?? null, strict: options.strict },
    });
    const progress = new ImportProgressWriter(this.dataSource, id, totalBytes);
    void inputEnded.then(() => progress.phase('merging'));
    const done = this.ingest
      .importInput(input, {
        ...options,
        importId: id,
        createdBy: String(actor.id),
        onProgress: (p) => progress.report(p.lines, p.bytes),
      })
      .catch((error: unknown) => {
        this.logger.error(`import ${id} failed: ${(error as Error).stack ?? String(error)}`);
        throw error;
      })
      .finally(() => progress.stop());
    done.catch(() => undefined);
    return { id, done };
  }

  /** The import as it stands once the body is read, or once it finished (whichever is later, briefly). */
  private async settled(started: Started): Promise<ImportDetail> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      started.done.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_WAIT_MS))),
    ]);
    clearTimeout(timer);
    const detail = await this.get(Number(started.id));
    if (detail.status === 'failed') {
      throw new DomainError('IMPORT_FAILED', detail.error ?? 'The import failed', [
        { path: 'file', message: detail.error ?? 'The import failed' },
        { path: 'import', message: `Recorded as import ${detail.id}` },
      ]);
    }
    return detail;
  }

  async list(query: ImportListQuery): Promise<ImportListResponse> {
    const params: unknown[] = [];
    let where = '';
    if (query.cursor) {
      params.push(query.cursor);
      where = `WHERE i.id < $1::bigint`;
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM dataset_import i LEFT JOIN app_user u ON u.id = i.created_by
        ${where} ORDER BY i.id DESC LIMIT ${query.limit + 1}`,
      params,
    );
    const items = rows.slice(0, query.limit).map(toSummary);
    return {
      items,
      nextCursor: rows.length > query.limit ? String(items[items.length - 1].id) : null,
    };
  }

  async get(id: number): Promise<ImportDetail> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, i.sha256, i.problems, i.rejected_shapes
         FROM dataset_import i LEFT JOIN app_user u ON u.id = i.created_by WHERE i.id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', `No import with id ${id}`);
    return {
      ...toSummary(row),
      sha256: (row.sha256 as string | null) ?? null,
      problems: row.problems as ImportDetail['problems'],
      rejectedShapes: row.rejected_shapes as Record<string, number>,
    };
  }
}

const SUMMARY_COLUMNS = `i.id, i.source, i.kind, i.status, i.strict, i.bytes, i.lines_read, i.inserted,
  i.updated, i.unchanged, i.rejected, i.problem_count, i.error, i.duration_ms, i.created_by,
  u.email AS created_by_email, i.started_at, i.finished_at, i.progress`;

function toSummary(row: Row): ImportSummary {
  const progress = row.progress as ImportSummary['progress'];
  let status = row.status as ImportSummary['status'];
  if (status === 'running') {
    const last = Date.parse(progress?.updatedAt ?? (row.started_at as Date).toISOString());
    if (Date.now() - last > IMPORT_STALE_MS) status = 'interrupted';
  }
  return {
    id: Number(row.id),
    source: String(row.source),
    kind: (row.kind as ImportSummary['kind']) ?? null,
    status,
    strict: Boolean(row.strict),
    bytes: Number(row.bytes),
    linesRead: Number(row.lines_read),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    rejected: Number(row.rejected),
    problemCount: Number(row.problem_count),
    error: (row.error as string | null) ?? null,
    durationMs: Number(row.duration_ms),
    createdBy:
      row.created_by === null
        ? null
        : { id: Number(row.created_by), email: String(row.created_by_email ?? '') },
    startedAt: (row.started_at as Date).toISOString(),
    finishedAt: row.finished_at ? (row.finished_at as Date).toISOString() : null,
    progress: row.status === 'running' && progress ? progress : null,
  };
}

// eslint-disable-next-line require-yield
async function* failing(error: unknown): AsyncGenerator<Uint8Array> {
  throw error;
}
