import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { IngestService } from '../ingest/ingest.service';
import { generateSampleDataset } from './generate-sample';

/** Bumped whenever the generator's output changes, so an old copy on disk is regenerated. */
export const SAMPLE_VERSION = '1';

const FILES = ['sft.jsonl', 'preference.jsonl', 'multi-turn.jsonl'] as const;

/** The bundled sample dataset, generated (deterministically, offline) into `dir` once. */
export async function ensureSampleFiles(dir: string): Promise<void> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === SAMPLE_VERSION) return;
  fs.rmSync(dir, { recursive: true, force: true });
  await generateSampleDataset(dir);
  fs.writeFileSync(marker, SAMPLE_VERSION);
}

export async function datasetIsEmpty(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(
    'SELECT NOT EXISTS (SELECT 1 FROM edit) AND NOT EXISTS (SELECT 1 FROM mt_session) AS empty',
  );
  return row.empty === true;
}

/** Loads the sample dataset into an empty database; answers whether it did. */
export async function loadSampleIfEmpty(
  dataSource: DataSource,
  dir: string,
  log: (message: string) => void,
): Promise<boolean> {
  if (!(await datasetIsEmpty(dataSource))) return false;
  await ensureSampleFiles(dir);
  const ingest = new IngestService(dataSource);
  for (const file of FILES) {
    const report = await ingest.importSource(path.join(dir, file), { strict: true });
    if (report.status !== 'completed')
      throw new Error(`sample ${file} failed to import: ${report.error}`);
    log(`sample ${file}: ${report.inserted} records`);
  }
  return true;
}
