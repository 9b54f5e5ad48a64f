import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { createTestApp } from '../../../test/app';
import { buildJudgedBatch, buildRaters, pairAnswers } from '../../../test/judgment-factories';
import { IngestService } from '../../dataset/ingest/ingest.service';
import { DEFAULT_EXPORT_OPTIONS } from '../../exports/export-options';
import { runExport } from '../../exports/run-export';

/**
 * `/metrics` while an import and an export run in this process: the job gauges show the work in
 * progress, and the finished counters move once it ends. The import reads from a source the test
 * holds open half-way; the export is held at its `onFile` hook (all data files written, before
 * the manifest), so each is sampled mid-run without timing.
 */
let app: NestExpressApplication;
let dataSource: DataSource;
let root: string;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-job-metrics-'));
});

afterAll(async () => {
  await app.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  return (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
}

/** The value of an unlabelled sample, or of the sample with exactly these labels. */
function sample(text: string, name: string, labels = ''): number {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no sample ${prefix}`);
  return Number(line.slice(prefix.length));
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function sftLines(prefix: string, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i += 1) {
    text += `${JSON.stringify({
      open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${i}_o.jpg`,
      text: `Make scene ${i} of ${prefix} warmer`,
      output_image: `images/positive-edit/${prefix}-${i}.png`,
      edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
      summarized_text: `warmer ${i}`,
    })}\n`;
  }
  return text;
}

describe('import and export progress in /metrics', () => {
  it('shows a running import (lines read, byte ratio, in progress) and counts it once finished', async () => {
    const prefix = randomUUID().slice(0, 8);
    const first = Buffer.from(sftLines(prefix, 0, 200));
    const rest = Buffer.from(sftLines(prefix, 200, 400));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    async function* chunks() {
      yield new Uint8Array(first);
      await held;
      yield new Uint8Array(rest);
    }
    const before = await scrape();
    const importing = app
      .get(IngestService)
      .importInput(
        { source: `metrics-${prefix}.jsonl`, size: first.length + rest.length, chunks: chunks() },
        { kind: 'sft' },
      );

    let during = '';
    await until(async () => {
      during = await scrape();
      return sample(during, 'peel_import_lines_read') > 0;
    }, 'the import to read its first lines');
    expect(sample(during, 'peel_jobs_in_progress', 'kind="import"')).toBe(1);
    expect(sample(during, 'peel_import_lines_read')).toBeLessThanOrEqual(200);
    const ratio = sample(during, 'peel_import_progress_ratio');
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(first.length / (first.length + rest.length));
    // Read from the database: the import holds its lock.
    expect(sample(during, 'peel_imports_running')).toBe(1);

    release();
    const report = await importing;
    expect(report).toMatchObject({ status: 'completed', linesRead: 400, inserted: 400 });
    const after = await scrape();
    expect(sample(after, 'peel_jobs_in_progress', 'kind="import"')).toBe(0);
    expect(sample(after, 'peel_import_lines_read')).toBe(0);
    expect(sample(after, 'peel_import_progress_ratio')).toBe(0);
    expect(sample(after, 'peel_imports_running')).toBe(0);
    expect(sample(after, 'peel_jobs_finished', 'kind="import"')).toBe(
      sample(before, 'peel_jobs_finished', 'kind="import"') + 1,
    );
  });

  it('shows a running export (bytes written, in progress) and counts it once finished', async () => {
    const raters = await buildRaters(dataSource, 3);
    const { batchId } = await buildJudgedBatch(dataSource, {
      taskType: 'pairwise',
      items: 6,
      raters,
      answers: () => pairAnswers('first'),
    });
    const before = await scrape();
    let during: string | undefined;
    const result = await runExport(
      dataSource,
      { ...DEFAULT_EXPORT_OPTIONS, batchIds: [batchId], parquet: false },
      path.join(root, 'snapshot'),
      {
        onFile: async () => {
          during ??= await scrape();
        },
      },
    );
    expect(during).toBeDefined();
    expect(sample(during!, 'peel_jobs_in_progress', 'kind="export"')).toBe(1);
    expect(sample(during!, 'peel_exports_running')).toBeGreaterThanOrEqual(1);
    const written = sample(during!, 'peel_export_bytes_written');
    expect(written).toBeGreaterThan(sample(before, 'peel_export_bytes_written'));

    // One row per answer: 18 judgments of several questions each.
    expect(result.files['judgments.jsonl'].rows).toBeGreaterThanOrEqual(18);
    const after = await scrape();
    expect(sample(after, 'peel_jobs_in_progress', 'kind="export"')).toBe(0);
    expect(sample(after, 'peel_jobs_finished', 'kind="export"')).toBe(
      sample(before, 'peel_jobs_finished', 'kind="export"') + 1,
    );
    expect(sample(after, 'peel_export_bytes_written')).toBeGreaterThanOrEqual(written);
  });
});
