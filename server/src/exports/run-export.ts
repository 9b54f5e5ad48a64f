import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { TAXONOMY_VERSION } from '@peel/shared';
import { checkExportOptions, ExportInputError, type ExportOptions } from './export-options';
import { ExportReader } from './export.repository';
import { FileSink, type FileSummary } from './file-sink';
import { DawidSkeneWorker } from '../agreement/dawid-skene-worker';
import { PairConsensus, readPairConsensus } from './pair-consensus';
import { PARQUET_TABLES, writeParquet } from './parquet';
import { Pseudonyms, pseudonymKey } from './pseudonym';
import { JUDGMENT_COLUMNS, multiTurnRecord, pairRecords, sftRecord } from './records';

export const DATA_FILES = [
  'preference.jsonl',
  'dpo.jsonl',
  'sft.jsonl',
  'multi-turn.jsonl',
  'judgments.jsonl',
  'judgments.csv',
] as const;
export type DataFile = (typeof DATA_FILES)[number];

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

/**
 * Writes a snapshot into `outDir`: the data files into a temp folder beside it, then the manifest,
 * then a rename. The `export_snapshot` row goes running → complete only after the rename, so a
 * killed export never leaves a snapshot marked complete. Bad input throws ExportInputError before
 * anything is written.
 */
export async function runExport(
  dataSource: DataSource,
  requested: ExportOptions,
  outDir: string,
  onFile?: (name: string, summary: FileSummary) => void | Promise<void>,
): Promise<ExportResult> {
  const options = checkExportOptions(requested);
  const dir = path.resolve(outDir);
  await checkOutDir(dir);
  const reader = await ExportReader.open(dataSource);
  let snapshotId: string | undefined;
  let temp: string | undefined;
  try {
    const batches = await reader.batches(options.batchIds);
    const found = new Set(batches.map((batch) => batch.id));
    const missing = options.batchIds.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new ExportInputError(`unknown batch ${missing.join(', ')}: nothing written`);
    const batchIds = batches.map((batch) => batch.id);
    const key = await pseudonymKey(dataSource.manager);

    snapshotId = randomUUID();
    const filters = { ...options };
    await dataSource.query(
      `INSERT INTO export_snapshot (id, status, filters, batch_ids, out_dir)
       VALUES ($1, 'running', $2, $3, $4)`,
      [snapshotId, JSON.stringify(filters), JSON.stringify(batchIds), dir],
    );
    await fs.mkdir(path.dirname(dir), { recursive: true });
    temp = await fs.mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
    const files: Record<string, FileSummary> = await writeDataFiles(
      dataSource,
      reader,
      temp,
      batchIds,
      options,
      new Pseudonyms(key),
    );
    await reader.close();
    if (options.parquet) Object.assign(files, await writeParquetFiles(temp, files));
    for (const name of Object.keys(files)) await onFile?.(name, files[name]);

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
    await fs.rename(temp, dir);
    temp = undefined;
    await dataSource.query(
      `UPDATE export_snapshot SET status = 'complete', counts = $2, sha256 = $3, finished_at = now()
       WHERE id = $1`,
      [
        snapshotId,
        JSON.stringify(Object.fromEntries(Object.entries(files).map(([n, f]) => [n, f.rows]))),
        JSON.stringify(Object.fromEntries(Object.entries(files).map(([n, f]) => [n, f.sha256]))),
      ],
    );
    return { snapshotId, outDir: dir, files };
  } catch (error) {
    await reader.close().catch(() => undefined);
    if (temp) await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (snapshotId) {
      await dataSource
        .query(
          `UPDATE export_snapshot SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
          [snapshotId, (error as Error).message ?? String(error)],
        )
        .catch(() => undefined);
    }
    throw error;
  }
}

async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The Parquet twins of the JSONL files, written from them (same rows, same order). */
async function writeParquetFiles(
  dir: string,
  jsonl: Record<string, FileSummary>,
): Promise<Record<string, FileSummary>> {
  const out: Record<string, FileSummary> = {};
  for (const table of PARQUET_TABLES) {
    const file = path.join(dir, table.parquet);
    await writeParquet(path.join(dir, table.jsonl), file, table);
    out[table.parquet] = { rows: jsonl[table.jsonl].rows, ...(await hashFile(file)) };
  }
  return out;
}

async function writeDataFiles(
  dataSource: DataSource,
  reader: ExportReader,
  dir: string,
  batchIds: number[],
  options: ExportOptions,
  pseudonyms: Pseudonyms,
): Promise<Record<DataFile, FileSummary>> {
  const sinks = Object.fromEntries(
    DATA_FILES.map((name) => [name, new FileSink(path.join(dir, name))]),
  ) as Record<DataFile, FileSink>;
  const raters = new Map(
    (await reader.raterIds(batchIds)).map((id) => [id, pseudonyms.of(id)] as const),
  );
  // The long table's two files come from two more connections on the same snapshot, in parallel.
  const snapshot = await reader.exportSnapshot();
  const forks: ExportReader[] = [];
  const longTable = async (file: 'judgments.jsonl' | 'judgments.csv') => {
    const fork = await ExportReader.open(dataSource, snapshot);
    forks.push(fork);
    if (file === 'judgments.csv') await sinks[file].line(JUDGMENT_COLUMNS.join(','), false);
    const format = file === 'judgments.csv' ? 'csv' : 'jsonl';
    for await (const chunk of fork.answers(batchIds, options, raters, format))
      await sinks[file].chunk(chunk);
    await fork.close();
  };
  // Dawid–Skene of the pairwise batches (on a worker thread) while the other files stream.
  const consensus = (async () => {
    const pairwise = await reader.pairwiseBatches(batchIds);
    if (pairwise.length === 0) return PairConsensus.EMPTY;
    const fork = await ExportReader.open(dataSource, snapshot);
    forks.push(fork);
    const worker = new DawidSkeneWorker();
    try {
      return await readPairConsensus(fork.connection, pairwise, worker.run);
    } finally {
      await worker.close();
      await fork.close();
    }
  })();
  consensus.catch(() => undefined);
  const aggregates = async () => {
    for await (const row of reader.edits(batchIds, options))
      await sinks['sft.jsonl'].json(sftRecord(row, options.relabelShare));
    for await (const row of reader.sessions(batchIds, options))
      await sinks['multi-turn.jsonl'].json(multiTurnRecord(row));
    const stats = await consensus;
    const statsOf = (itemId: number) => stats.of(itemId);
    for await (const row of reader.pairs(batchIds, options)) {
      const { preference, dpo } = pairRecords(row, options, statsOf);
      if (preference) await sinks['preference.jsonl'].json(preference);
      if (dpo) await sinks['dpo.jsonl'].json(dpo);
    }
  };
  try {
    const results = await Promise.allSettled([
      consensus,
      aggregates(),
      longTable('judgments.jsonl'),
      longTable('judgments.csv'),
    ]);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const out = {} as Record<DataFile, FileSummary>;
    for (const name of DATA_FILES) out[name] = await sinks[name].close();
    return out;
  } catch (error) {
    for (const sink of Object.values(sinks)) sink.destroy();
    throw error;
  } finally {
    for (const fork of forks) await fork.close().catch(() => undefined);
  }
}
