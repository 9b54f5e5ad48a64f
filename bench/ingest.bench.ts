import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyRow } from '../server/src/dataset/ingest/copy-text';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';
import { round } from './lib/stats';
import { writeSyntheticSft } from './lib/synthetic-sft';

/**
 * bench:ingest — a synthetic sft.jsonl of 257,730 lines (the released size) imported by Peel into
 * a fresh database, against a plain COPY of the same rows into a table equivalent to `edit` (same
 * columns, indexes, checks and foreign keys; source ids pre-resolved) in the same run.
 */
const ROWS = Number(process.env.PEEL_BENCH_ROWS ?? 257_730);
const WORK = path.resolve(__dirname, '../../.work');

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const jsonl = path.join(WORK, `sft-${ROWS}.jsonl`);
  if (!fs.existsSync(jsonl)) await writeSyntheticSft(jsonl, ROWS);
  const tsv = path.join(WORK, `sft-${ROWS}.copy.tsv`);
  if (!fs.existsSync(tsv)) await writeCopyRows(jsonl, tsv);

  const db = await freshDatabase('ingest');
  try {
    const ours = runImport(db.url, jsonl);
    if (ours.report.status !== 'completed' || ours.report.inserted !== ROWS) {
      throw new Error(`import did not complete: ${JSON.stringify(ours.report)}`);
    }
    const baselineSeconds = await rawCopy(db.url, tsv);
    const result = {
      rows: ROWS,
      seconds: round(ours.seconds, 3),
      rows_per_s: Math.round(ROWS / ours.seconds),
      baseline_seconds: round(baselineSeconds, 3),
      baseline_rows_per_s: Math.round(ROWS / baselineSeconds),
      ratio: round(baselineSeconds / ours.seconds, 3),
      peak_rss_mb: round(ours.peakRssMb, 1),
      file_mb: round(fs.statSync(jsonl).size / 1e6, 1),
    };
    process.stdout.write(`bench:ingest (${ROWS} sft lines, ${result.file_mb} MB)\n`);
    printTable([
      ['peel import (s)', result.seconds],
      ['peel rows/s', result.rows_per_s],
      ['raw COPY (s)', result.baseline_seconds],
      ['raw COPY rows/s', result.baseline_rows_per_s],
      ['ratio (peel / raw)', result.ratio],
      ['peak RSS of the importer (MB)', result.peak_rss_mb],
    ]);
    process.stdout.write(`wrote ${writeResult('ingest', result)}\n`);
  } finally {
    await db.close();
  }
}

function runImport(
  url: string,
  file: string,
): { seconds: number; peakRssMb: number; report: { status: string; inserted: number } } {
  const out = execFileSync(
    process.execPath,
    [path.join(__dirname, 'lib/ingest-child.js'), url, file],
    {
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(out.toString());
}

/** The same rows as COPY text for a table shaped like `edit` (ids stand in for the joins). */
async function writeCopyRows(jsonl: string, tsv: string): Promise<void> {
  const out = fs.createWriteStream(tsv);
  let n = 0;
  for await (const line of createInterface({ input: fs.createReadStream(jsonl) })) {
    const r = JSON.parse(line);
    n += 1;
    const row = copyRow([
      r.output_image,
      n,
      r.text,
      r.summarized_text,
      1 + (n % 35),
      'sft',
      '{}',
      1,
    ]);
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function rawCopy(url: string, tsv: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Equivalent to `edit`: the same columns, defaults, indexes, checks and foreign keys.
    await client.query(`CREATE TABLE bench_source (id bigint PRIMARY KEY);
      INSERT INTO bench_source SELECT generate_series(1, ${ROWS})`);
    await client.query('CREATE TABLE bench_edit_copy (LIKE edit INCLUDING ALL)');
    await client.query(`ALTER TABLE bench_edit_copy
      ADD FOREIGN KEY (source_image_id) REFERENCES bench_source (id),
      ADD FOREIGN KEY (edit_type_id) REFERENCES edit_type (id),
      ADD FOREIGN KEY (import_id) REFERENCES dataset_import (id)`);
    const started = process.hrtime.bigint();
    const copy = client.query(
      copyFrom(`COPY bench_edit_copy (image, source_image_id, instruction, summarized_instruction,
        edit_type_id, origin, extra, import_id) FROM STDIN`),
    );
    fs.createReadStream(tsv, { highWaterMark: 1 << 20 }).pipe(copy);
    await once(copy, 'finish');
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:ingest failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
