import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createDataSource } from '../server/src/common/db/data-source';
import { DEFAULT_EXPORT_OPTIONS } from '../server/src/exports/export-options';
import { runExport } from '../server/src/exports/run-export';
import { loadAgreementData } from './lib/agreement-data';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';

/**
 * bench:export — 1M judgment answers over 200,000 pairwise items (one judgment of five answers
 * each) → the whole snapshot (every JSONL file, the CSV and, unless PEEL_BENCH_EXPORT_PARQUET=0,
 * the Parquet twins). Ceiling in the same run: `COPY (SELECT row_to_json(t) FROM judgment_answer t)
 * TO STDOUT` read to the end. rows = answers in the long table.
 */
const ITEMS = Number(process.env.PEEL_BENCH_EXPORT_ITEMS ?? 200_000);
const PARQUET = process.env.PEEL_BENCH_EXPORT_PARQUET !== '0';

let peakRss = 0;
const sampler = setInterval(() => {
  // memoryUsage.rss() alone: the full memoryUsage() walks the heap spaces, every 50 ms
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function copyBaseline(url: string): Promise<{ rows: number; seconds: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const stream = client.query(
      copyTo('COPY (SELECT row_to_json(t) FROM judgment_answer t) TO STDOUT'),
    );
    let rows = 0;
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      for (let i = 0; i < buffer.length; i += 1) if (buffer[i] === 10) rows += 1;
    }
    return { rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const db = await freshDatabase('export');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-bench-export-'));
  try {
    process.stdout.write(`seeding ${ITEMS} items × 5 answers…\n`);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const data = await loadAgreementData(client, ITEMS, 40, 1);
    await client.query('VACUUM ANALYZE');
    await client.end();

    process.stdout.write(`ceiling: COPY … row_to_json … TO STDOUT…\n`);
    const baseline = await copyBaseline(db.url);
    const dataSource = createDataSource({ url: db.url, poolSize: 8 });
    await dataSource.initialize();
    process.stdout.write(`export: the whole snapshot${PARQUET ? ' (with Parquet)' : ''}…\n`);
    peakRss = process.memoryUsage().rss;
    const started = performance.now();
    const result = await runExport(
      dataSource,
      { ...DEFAULT_EXPORT_OPTIONS, batchIds: [data.batchId], parquet: PARQUET },
      path.join(out, 'snapshot'),
    );
    const seconds = (performance.now() - started) / 1000;
    await dataSource.destroy();
    const rows = result.files['judgments.jsonl'].rows;
    if (rows !== data.answers || baseline.rows !== data.answers)
      throw new Error(
        `row counts differ: ${rows} exported, ${baseline.rows} copied, ${data.answers}`,
      );
    const rowsPerS = rows / seconds;
    const baselinePerS = baseline.rows / baseline.seconds;
    const summary = {
      items: ITEMS,
      rows,
      parquet: PARQUET,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_s: Math.round(rowsPerS),
      baseline_rows_per_s: Math.round(baselinePerS),
      ratio: Math.round((rowsPerS / baselinePerS) * 1000) / 1000,
      peak_rss_mb: Math.round(peakRss / 1024 / 1024),
      files: Object.fromEntries(
        Object.entries(result.files).map(([name, file]) => [
          name,
          { rows: file.rows, bytes: file.bytes },
        ]),
      ),
    };
    printTable([
      ['rows', summary.rows],
      ['seconds', summary.seconds],
      ['rows/s', summary.rows_per_s],
      ['baseline rows/s', summary.baseline_rows_per_s],
      ['ratio (target ≥ 0.3)', summary.ratio],
      ['peak RSS MB (target < 256)', summary.peak_rss_mb],
    ]);
    process.stdout.write(`wrote ${writeResult('export', summary)}\n`);
  } finally {
    clearInterval(sampler);
    fs.rmSync(out, { recursive: true, force: true });
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
