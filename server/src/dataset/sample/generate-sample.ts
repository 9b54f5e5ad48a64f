import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { planMultiTurn } from './plan-multi-turn';
import { planPreference, planSft } from './plan-single';
import {
  createNamer,
  MISSING_SOURCE_SCENES,
  sourceJobs,
  sourceUrl,
  type ImageJob,
  type MultiTurnLine,
  type PreferenceLine,
  type SampleNote,
  type SftLine,
} from './records';
import { encodeImage, renderState } from './render';

export { MISSING_SOURCE_SCENES, type SampleNote } from './records';

export interface SampleSummary {
  sft: number;
  preference: number;
  multiTurn: number;
  images: number;
  sourceImages: number;
}

export interface SamplePlan {
  sft: SftLine[];
  preference: PreferenceLine[];
  multiTurn: MultiTurnLine[];
  /** Edited images (PNG) and source images (JPEG), by path inside the output folder. */
  jobs: ImageJob[];
  notes: SampleNote[];
}

/** Everything the sample holds, without drawing a pixel (pure and deterministic). */
export function planSampleDataset(): SamplePlan {
  const name = createNamer('positive-edit');
  const sft = planSft(name);
  const preference = planPreference(name);
  const multiTurn = planMultiTurn();
  const missing: SampleNote[] = MISSING_SOURCE_SCENES.map((index) => ({
    file: 'source',
    key: sourceUrl(index),
    issue: 'missing-source',
    detail: 'source image deliberately not written',
  }));
  return {
    sft: sft.lines,
    preference: preference.lines,
    multiTurn: multiTurn.lines,
    jobs: [...sft.jobs, ...preference.jobs, ...multiTurn.jobs, ...sourceJobs()],
    notes: [...sft.notes, ...preference.notes, ...multiTurn.notes, ...missing],
  };
}

/** The deliberate flaws of the sample (mislabelled types, garbled summaries, missing sources, ...). */
export function listSampleNotes(): SampleNote[] {
  return planSampleDataset().notes;
}

function jsonl(lines: readonly object[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

async function writeImage(outDir: string, job: ImageJob): Promise<void> {
  const path = join(outDir, job.path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await encodeImage(await renderState(job.state), job.format));
}

/** Runs `work` over `items`, `limit` at a time (sharp renders on its own thread pool). */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Writes the sample (three JSONL files, edited PNGs, source JPEGs) into `outDir`. */
export async function generateSampleDataset(outDir: string): Promise<SampleSummary> {
  const plan = planSampleDataset();
  const paths = new Set(plan.jobs.map((job) => job.path));
  if (paths.size !== plan.jobs.length) throw new Error('sample: two images share one path');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'sft.jsonl'), jsonl(plan.sft));
  await writeFile(join(outDir, 'preference.jsonl'), jsonl(plan.preference));
  await writeFile(join(outDir, 'multi-turn.jsonl'), jsonl(plan.multiTurn));
  await eachLimited(plan.jobs, 4, (job) => writeImage(outDir, job));
  return {
    sft: plan.sft.length,
    preference: plan.preference.length,
    multiTurn: plan.multiTurn.length,
    images: plan.jobs.filter((job) => job.format === 'png').length,
    sourceImages: plan.jobs.filter((job) => job.format === 'jpeg').length,
  };
}
