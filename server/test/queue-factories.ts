import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { IngestService } from '../src/dataset/ingest/ingest.service';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Dataset rows for queue tests, made through the real importer with unique keys: `n` preference
 * records (one pair each, or two with `twoRejected`), so each test owns its own pairs and edits.
 */
export async function buildPreferenceData(
  dataSource: DataSource,
  n: number,
  options: { twoRejected?: boolean; instruction?: (i: number) => string } = {},
): Promise<{ prefix: string; importId: string }> {
  const prefix = randomUUID().slice(0, 8);
  const lines: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const rejected = [`images/negative-edit/${prefix}-${i}_a1.png`];
    if (options.twoRejected) rejected.push(`images/negative-edit/${prefix}-${i}_a2.png`);
    lines.push(
      JSON.stringify({
        output_image: `images/positive-edit/${prefix}-${i}.png`,
        rejected_images: rejected,
        text: options.instruction?.(i) ?? `Make scene ${i} of ${prefix} warmer`,
        edit_type: EDIT_TYPE_LABELS[i % EDIT_TYPE_LABELS.length],
        open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${i}_o.jpg`,
        summarized_text: `warmer ${i}`,
      }),
    );
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'peel-q-')), 'preference.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const report = await new IngestService(dataSource).importSource(file, { strict: true });
  if (report.status !== 'completed') throw new Error(`fixture import failed: ${report.error}`);
  return { prefix, importId: report.importId! };
}

/** A submission id for a judgment. */
export function submissionId(): string {
  return randomUUID();
}
