import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { TAXONOMY_VERSION } from '@peel/shared';
import { beginJob } from '../common/metrics/progress';
import { checkExportOptions, ExportInputError, type ExportOptions } from './export-options';
import { ExportReader } from './export-reader';
import { ANSWERS, JUDGMENTS, LongTableWorker, type LongTableStream } from './long-table-worker';
import { FileSink, type FileSummary } from './file-sink';
import { DawidSkeneWorker } from '../agreement/dawid-skene-worker';
import { PairConsensus, readPairConsensus } from './pair-consensus';
import { type LiveRows, ParquetJobs } from './parquet-jobs';
import { Pseudonyms, pseudonymKey } from './pseudonym';
import { writePairFiles } from './pair-lines';
import { JUDGMENT_COLUMNS, multiTurnRecord, sftRecord } from './records';

export const DATA_FILES = [
  'preference.jsonl',
  'dpo.jsonl',
  'sft.jsonl',
  'multi-turn.jsonl',
  'judgments.jsonl',
  'judgments.csv',
] as const;
export type DataFile = (typeof DATA_FILES)[number];
const LONG_TABLE_FILES: readonly DataFile[] = ['judgments.jsonl', 'judgments.csv'];

/** Bytes of a long-table COPY stream gathered into one chunk for its worker. */
const LONG_TABLE_BATCH = 512 << 10;

export interface ExportResult {
  snapshotId: string;
  outDir: string;
  /** The data files (DATA_FILES, then the Parquet twins when asked for). */
  files: Record<string, FileSummary>;
}

/** Fails unless `dir` is missing or an empty folder. */
async function checkOutDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw new ExportInputError(`--out ${dir} exists and is not a folder`);
    entries = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0)
    throw new ExportInputError(
      `--out ${dir} is not empty (${entries.length} entries): nothing written`,
    );
}

/** The root package.json's version (the code version in the manifest). */
export function codeVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'peel') return pkg.version ?? 'unknown';
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export interface RunExportHooks {
  /** The snapshot's id (default: a new UUID). */
  snapshotId?: string;
  requestedBy?: number | null;
  /** Called once the `export_snapshot` row exists (status running). */
  onStarted?: (snapshotId: string) => void;
  /** Called for each data file once all are written, before the manifest (tests). */
  onFile?: (name: string, summary: FileSummary) => void | Promise<void>;
  /** Milliseconds between progress and heartbeat writes (default 1000). */
  heartbeatMs?: number;
}

/** This process, as the `owner` of the exports it runs. */
export function exportOwner(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Rows written so far per file, read by the heartbeat. */

function rowsNow(live: LiveRows): Record<string, number> {
  return Object.fromEntries([...live].map(([name, rows]) => [name, rows()]));
}

/**
 * Writes the progress and a heartbeat every `ms` while an export runs (never two writes at once);
 * a stale heartbeat is how another process tells a dead export from a running one.
 */
function heartbeat(dataSource: DataSource, snapshotId: string, live: LiveRows, ms: number) {
  let pending: Promise<unknown> | null = null;
  const beat = () => {
    if (pending) return;
    pending = dataSource
      .query(
        `UPDATE export_snapshot SET progress = $2, heartbeat_at = now()
         WHERE id = $1 AND status = 'running'`,
        [snapshotId, JSON.stringify(rowsNow(live))],
      )
      .catch(() => undefined)
      .finally(() => (pending = null));
  };
  const timer = setInterval(beat, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pending;
  };
}

/**
 * Writes a snapshot into `outDir`: the data files into a temp folder beside it, then the manifest,
 * then a rename. The `export_snapshot` row goes running → complete only after the rename, so a
 * killed export never leaves a snapshot marked complete (and `reapDeadExports` marks it
 * interrupted). Bad input throws ExportInputError before anything is written.
 */
export async function runExport(
  dataSource: DataSource,
  requested: ExportOptions,
  outDir: string,
  hooks: RunExportHooks = {},
): Promise<ExportResult> {
  const options = checkExportOptions(requested);
  const dir = path.resolve(outDir);
  await checkOutDir(dir);
  const reader = await ExportReader.open(dataSource);
  const job = beginJob('export');
  let snapshotId: string | undefined;
  let temp: string | undefined;
  let stopHeartbeat: (() => Promise<void>) | undefined;
  let parquetJobs: ParquetJobs | undefined;
  try {
    const batches = await reader.batches(options.batchIds);
    const found = new Set(batches.map((batch) => batch.id));
    const missing = options.batchIds.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new ExportInputError(
        `unknown batch ${missing.join(', ')}: nothing written`,
        `batchIds.${options.batchIds.indexOf(missing[0])}`,
      );
    const batchIds = batches.map((batch) => batch.id);
    const key = await pseudonymKey(dataSource.manager);
    const expected = await reader.answerCount(batchIds, options.excludeGold);

    snapshotId = hooks.snapshotId ?? randomUUID();
    const filters = { ...options };
    await dataSource.query(
      `INSERT INTO export_snapshot (id, status, filters, batch_ids, out_dir, expected_rows, owner,
         heartbeat_at, requested_by)
       VALUES ($1, 'running', $2, $3, $4, $5, $6, now(), $7)`,
      [
        snapshotId,
        JSON.stringify(filters),
        JSON.stringify(batchIds),
        dir,
        expected,
        exportOwner(),
        hooks.requestedBy ?? null,
      ],
    );
    hooks.onStarted?.(snapshotId);
    const live: LiveRows = new Map();
    stopHeartbeat = heartbeat(dataSource, snapshotId, live, hooks.heartbeatMs ?? 1000);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    temp = await fs.mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
    const parquet = new ParquetJobs(temp, live);
    parquetJobs = parquet;
    const files: Record<string, FileSummary> = await writeDataFiles(
      dataSource,
      reader,
      temp,
      batchIds,
      options,
      new Pseudonyms(key),
      live,
      options.parquet ? parquet : null,
      (name, summary) => {
        if (options.parquet) parquet.start(name, summary.rows);
      },
    );
    await reader.close();
    if (options.parquet) Object.assign(files, await parquet.results());
    for (const name of Object.keys(files)) await hooks.onFile?.(name, files[name]);

    const manifest = {
      snapshot_id: snapshotId,
      created_at: new Date().toISOString(),
      filters,
      batches,
      taxonomy_version: TAXONOMY_VERSION,
      code_version: codeVersion(),
      reproducible:
        'data files are byte-identical for the same request on the same data; ' +
        'snapshot_id and created_at differ per run',
      files,
    };
    await fs.writeFile(path.join(temp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      flag: 'wx',
    });
    await checkOutDir(dir);
    await fs.chmod(temp, 0o755);
    await fs.rmdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await stopHeartbeat();
    await fs.rename(temp, dir);
    temp = undefined;
    const per = (pick: (file: FileSummary) => number | string) =>
      JSON.stringify(Object.fromEntries(Object.entries(files).map(([n, f]) => [n, pick(f)])));
    await dataSource.query(
      `UPDATE export_snapshot SET status = 'complete', counts = $2, sha256 = $3, bytes = $4,
         progress = $2, finished_at = now()
       WHERE id = $1`,
      [snapshotId, per((f) => f.rows), per((f) => f.sha256), per((f) => f.bytes)],
    );
    return { snapshotId, outDir: dir, files };
  } catch (error) {
    await stopHeartbeat?.();
    await parquetJobs?.settle();
    reader.discard();
    if (temp) await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (snapshotId) {
      await dataSource
        .query(
          `UPDATE export_snapshot SET status = 'failed', error = $2, finished_at = now()
           WHERE id = $1 AND status = 'running'`,
          [snapshotId, (error as Error).message ?? String(error)],
        )
        .catch(() => undefined);
    }
    throw error;
  } finally {
    job.end();
  }
}

async function writeDataFiles(
  dataSource: DataSource,
  reader: ExportReader,
  dir: string,
  batchIds: number[],
  options: ExportOptions,
  pseudonyms: Pseudonyms,
  live: LiveRows,
  parquet: ParquetJobs | null,
  onClosed: (name: DataFile, summary: FileSummary) => void,
): Promise<Record<DataFile, FileSummary>> {
  // The long table's two files are written by its worker; the others through sinks here.
  const sunk = DATA_FILES.filter((name) => !LONG_TABLE_FILES.includes(name));
  const sinks = Object.fromEntries(
    sunk.map((name) => [name, new FileSink(path.join(dir, name))]),
  ) as Record<DataFile, FileSink>;
  for (const name of sunk) live.set(name, () => sinks[name].rowsWritten);
  const longTableRows = { rows: 0 };
  for (const name of LONG_TABLE_FILES) live.set(name, () => longTableRows.rows);
  // Each file is closed (and handed on, e.g. to its Parquet encoder) as soon as it is written.
  const closing = new Map<DataFile, Promise<FileSummary>>();
  const close = (...names: DataFile[]) =>
    Promise.all(
      names.map((name) => {
        let closed = closing.get(name);
        if (!closed) {
          closed = sinks[name].close().then((summary) => {
            onClosed(name, summary);
            return summary;
          });
          closing.set(name, closed);
        }
        return closed;
      }),
    );
  const raters = new Map(
    (await reader.raterIds(batchIds)).map((id) => [id, pseudonyms.of(id)] as const),
  );
  // The long table's two files come from two more connections on the same snapshot (its
  // judgments and its answers), in parallel with the aggregates.
  const snapshot = await reader.exportSnapshot();
  const forks: ExportReader[] = [];
  const longTable = async () => {
    const judgments = await ExportReader.open(dataSource, snapshot);
    forks.push(judgments);
    const answers = await ExportReader.open(dataSource, snapshot);
    forks.push(answers);
    // A worker merges the two streams and writes the JSONL and CSV files (and the Parquet twin,
    // no second pass).
    const twin = parquet?.streamed('judgments.jsonl') ?? null;
    const worker = new LongTableWorker(
      {
        json: path.join(dir, 'judgments.jsonl'),
        csv: path.join(dir, 'judgments.csv'),
        csvHeader: JUDGMENT_COLUMNS.join(','),
      },
      twin,
      longTableRows,
    );
    const written = worker.finished;
    twin?.track(
      written.then((counts) => counts.parquetRows),
      () => worker.abort(),
    );
    for (const [name, summary] of [
      ['judgments.jsonl', written.then((counts) => counts.json)],
      ['judgments.csv', written.then((counts) => counts.csv)],
    ] as const) {
      summary.catch(() => undefined); // a failure is the long table's own, reported there
      closing.set(name, summary);
    }
    // COPY delivers ~20 KB chunks: gathered to LONG_TABLE_BATCH bytes, the worker gets hundreds of
    // messages instead of thousands. Each stream from its own loop (see LongTableWorker).
    const send = async (stream: LongTableStream, rows: AsyncIterable<Buffer>) => {
      const pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of rows) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= LONG_TABLE_BATCH) {
          await worker.push(stream, ...pending.splice(0));
          pendingBytes = 0;
        }
      }
      await worker.push(stream, ...pending);
      worker.endStream(stream);
    };
    // the first error is the one to report: the other stream then fails on the stopped worker
    let firstError: unknown;
    const stop = async (error: unknown) => {
      firstError ??= error;
      await worker.abort();
    };
    const sent = await Promise.allSettled([
      send(JUDGMENTS, judgments.longTable('judgments', batchIds, options, raters)).catch(stop),
      send(ANSWERS, answers.longTable('answers', batchIds, options, raters)).catch(stop),
    ]);
    if (firstError !== undefined) throw firstError;
    if (sent.some((result) => result.status === 'rejected')) throw new Error('long table: stopped');
    await worker.end();
    await judgments.close();
    await answers.close();
  };
  // Dawid–Skene of the pairwise batches (on a worker thread) while the other files stream.
  const consensus = (async () => {
    const pairwise = await reader.pairwiseBatches(batchIds);
    if (pairwise.length === 0) return PairConsensus.EMPTY;
    const fork = await ExportReader.open(dataSource, snapshot);
    forks.push(fork);
    const worker = new DawidSkeneWorker();
    try {
      const consensus = await readPairConsensus(fork.connection, pairwise, worker.run);
      await fork.close();
      return consensus;
    } finally {
      await worker.close();
    }
  })();
  consensus.catch(() => undefined);
  const aggregates = async () => {
    for await (const row of reader.edits(batchIds, options))
      await sinks['sft.jsonl'].json(sftRecord(row, options.relabelShare));
    await close('sft.jsonl');
    for await (const row of reader.sessions(batchIds, options))
      await sinks['multi-turn.jsonl'].json(multiTurnRecord(row));
    await close('multi-turn.jsonl');
    await writePairFiles(
      reader,
      batchIds,
      options,
      consensus,
      sinks['preference.jsonl'],
      sinks['dpo.jsonl'],
    );
    await close('preference.jsonl', 'dpo.jsonl');
  };
  const aggregated = aggregates();
  const longTableDone = longTable();
  // the other Parquet twins are encoded once the long table's worker is done (memory)
  parquet?.after(longTableDone);
  try {
    const results = await Promise.allSettled([consensus, aggregated, longTableDone]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const summaries = await close(...DATA_FILES);
    return Object.fromEntries(DATA_FILES.map((name, i) => [name, summaries[i]])) as Record<
      DataFile,
      FileSummary
    >;
  } catch (error) {
    for (const sink of Object.values(sinks)) sink.destroy();
    throw error;
  } finally {
    // on success each is closed already; on failure one may be stopped inside a COPY
    for (const fork of forks) fork.discard();
  }
}
