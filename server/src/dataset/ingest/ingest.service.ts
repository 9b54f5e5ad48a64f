import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { liftTimeouts } from '../../common/db/timeouts';
import { type DatasetKind, LIMITS } from '@peel/shared';
import { detectKind } from './detect-kind';
import { type ImportInput, ImportSourceError, Digest, openSource } from './import-source';
import { type ImportOptions, type ImportReport } from './import-report';
import { ImportRun } from './import-run';
import { gunzipIfNeeded, readLines, type RawLine } from './line-reader';
import { StageLoader } from './stage-loader';
import { parseLine } from './parse-line';
import { stageRow } from './staging';

/** The advisory lock that serializes imports. */
const IMPORT_LOCK = 7233012;

/** Lines read before giving up on telling which kind of file this is. */
const DETECT_WITHIN_LINES = 100;

/**
 * The importer: streams a Pico-Banana JSONL file (path, URL or upload; plain or gzip) through the
 * line validators into a COPY to a temporary staging table, then merges it into the dataset tables
 * in the same transaction. Either every accepted line lands or nothing does; every import, failed
 * ones included, is recorded in `dataset_import`.
 */
@Injectable()
export class IngestService {
  constructor(private readonly dataSource: DataSource) {}

  async importSource(source: string, options: ImportOptions = {}): Promise<ImportReport> {
    const run = new ImportRun(source, options);
    let input: ImportInput;
    try {
      // The CLI's operator already has the machine: any host they name may be read.
      input = await openSource(source, { allowPrivateHosts: true });
    } catch (error) {
      run.job.end();
      return this.recordFailure(run, error);
    }
    return this.importInput(input, options, run);
  }

  async importInput(
    input: ImportInput,
    options: ImportOptions = {},
    run = new ImportRun(input.source, options),
  ): Promise<ImportReport> {
    const queryRunner = this.dataSource.createQueryRunner();
    const client = (await queryRunner.connect()) as PoolClient;
    try {
      await client.query('BEGIN');
      // An import waits for the one before it and merges for seconds: not a request's limits.
      await liftTimeouts((sql) => client.query(sql));
      // One import at a time per database: merges compare against what is there, so two
      // concurrent imports of overlapping files must not interleave.
      await client.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      await client.query(`SET LOCAL work_mem = '128MB'`);
      const outcome = await this.load(client, input, run);
      if (typeof outcome === 'string') {
        await client.query('ROLLBACK');
        return this.recordFailure(run, new ImportSourceError(outcome));
      }
      const importId = await run.insertRecord(client);
      await outcome.merge(importId);
      await run.updateRecord(client, importId);
      await client.query('COMMIT');
      return run.report(importId, 'completed');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      return this.recordFailure(run, error);
    } finally {
      run.job.end();
      await queryRunner.release();
    }
  }

  /**
   * Streams the input through the validators into the staging table; answers the loader once
   * every accepted line is staged, or why nothing can be imported.
   */
  private async load(
    client: PoolClient,
    input: ImportInput,
    run: ImportRun,
  ): Promise<StageLoader | string> {
    const digest = new Digest();
    run.digest = digest;
    const lines = readLines(gunzipIfNeeded(digest.tap(input.chunks)), {
      maxLineBytes: LIMITS.importMaxLineBytes,
    });
    const pending: RawLine[] = [];
    let loader: StageLoader | undefined;
    try {
      for await (const raw of lines) {
        run.progress(raw.line, digest.bytes, input.size);
        if (!loader) {
          pending.push(raw);
          run.kind ??= detectFileKind(raw);
          if (!run.kind && pending.length < DETECT_WITHIN_LINES) continue;
          if (!run.kind) break;
          loader = await StageLoader.open(client, run, run.kind);
          for (const line of pending.splice(0)) await loader.push(this.stage(line, run));
          continue;
        }
        await loader.push(this.stage(raw, run));
      }
    } catch (error) {
      // The input failed midway (a dropped connection, an upload cut at its limit).
      await loader?.abort(error as Error);
      throw error;
    }
    run.digestDone();
    if (run.linesRead === 0) return `${input.source}: the file is empty (no records)`;
    if (!loader) {
      return `${input.source}: cannot tell which kind of file this is (no line looks like an sft, preference or multi-turn record); name it with --kind`;
    }
    await loader.finishStaging();
    if (run.strict && run.rejectedLines > 0) {
      return `--strict: ${run.rejectedLines} of ${run.linesRead} lines were rejected, so nothing was imported`;
    }
    return loader;
  }

  /** The COPY row of a valid line, or undefined after recording its problems. */
  private stage(raw: RawLine, run: ImportRun): string | undefined {
    const result = parseLine(raw, run.kind!);
    if (!result.ok) {
      run.reject(result.problems);
      return undefined;
    }
    const row = stageRow(result.record);
    if (!storable(row)) {
      run.reject([
        {
          line: raw.line,
          field: '',
          message:
            'contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store',
        },
      ]);
      return undefined;
    }
    run.accept(result.record);
    return row;
  }

  private async recordFailure(run: ImportRun, error: unknown): Promise<ImportReport> {
    const message =
      error instanceof ImportSourceError
        ? error.message
        : `import failed: ${(error as Error).message}`;
    run.error = message;
    const importId = await run.insertFailure(this.dataSource);
    return run.report(importId, 'failed');
  }
}

function detectFileKind(raw: RawLine): DatasetKind | undefined {
  if ('error' in raw) return undefined;
  try {
    return detectKind(JSON.parse(raw.text));
  } catch {
    return undefined;
  }
}

/** PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate (escaped by JSON). */
function storable(row: string): boolean {
  return (
    row.isWellFormed() && !row.includes('\u0000') && !/\\u(0000|d[89a-f][0-9a-f]{2})/i.test(row)
  );
}
