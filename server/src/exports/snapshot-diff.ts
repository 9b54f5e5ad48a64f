import { createReadStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ExportInputError } from './export-options';

export interface PairChange {
  pair: [string, string];
  from: string | null;
  to: string | null;
}

export interface LabelChange {
  output_image: string;
  from: string;
  to: string;
}

export interface SnapshotDiff {
  a: string;
  b: string;
  pairs: { added: string[][]; removed: string[][]; flipped: PairChange[] };
  labels: { changed: LabelChange[]; added: number; removed: number };
}

/** A snapshot folder: it holds a manifest.json. */
export function checkSnapshotDir(dir: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'manifest.json')))
    throw new ExportInputError(`${dir} is not an export snapshot (no manifest.json)`);
  return resolved;
}

async function* jsonLines(file: string): AsyncIterable<Record<string, unknown>> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield JSON.parse(line);
}

interface PairState {
  pair: [string, string];
  chosen: string;
}

/** preference.jsonl by pair (the two images, sorted): which image humans chose. */
async function preferencePairs(dir: string): Promise<Map<string, PairState>> {
  const out = new Map<string, PairState>();
  for await (const record of jsonLines(path.join(dir, 'preference.jsonl'))) {
    const chosen = String(record.output_image);
    const rejected = (record.rejected_images as string[]) ?? [];
    for (const other of rejected) {
      const pair = [chosen, other].sort() as [string, string];
      out.set(pair.join('\u0000'), { pair, chosen });
    }
  }
  return out;
}

async function sftLabels(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const record of jsonLines(path.join(dir, 'sft.jsonl')))
    out.set(String(record.output_image), String(record.edit_type));
  return out;
}

/**
 * What changed from snapshot A to snapshot B: pairs added and removed (in preference.jsonl), pairs
 * whose chosen image flipped, and sft edit-type changes. Lists are sorted, so the diff is stable.
 */
export async function diffSnapshots(aDir: string, bDir: string): Promise<SnapshotDiff> {
  const a = checkSnapshotDir(aDir);
  const b = checkSnapshotDir(bDir);
  const [pairsA, pairsB] = await Promise.all([preferencePairs(a), preferencePairs(b)]);
  const added: string[][] = [];
  const removed: string[][] = [];
  const flipped: PairChange[] = [];
  for (const [key, state] of pairsB) {
    const before = pairsA.get(key);
    if (!before) added.push(state.pair);
    else if (before.chosen !== state.chosen)
      flipped.push({ pair: state.pair, from: before.chosen, to: state.chosen });
  }
  for (const [key, state] of pairsA) if (!pairsB.has(key)) removed.push(state.pair);
  const [labelsA, labelsB] = await Promise.all([sftLabels(a), sftLabels(b)]);
  const changed: LabelChange[] = [];
  let labelsAdded = 0;
  for (const [image, label] of labelsB) {
    const before = labelsA.get(image);
    if (before === undefined) labelsAdded += 1;
    else if (before !== label) changed.push({ output_image: image, from: before, to: label });
  }
  const labelsRemoved = [...labelsA.keys()].filter((image) => !labelsB.has(image)).length;
  const byPair = (x: { pair: string[] } | string[], y: { pair: string[] } | string[]) => {
    const kx = (Array.isArray(x) ? x : x.pair).join('\u0000');
    const ky = (Array.isArray(y) ? y : y.pair).join('\u0000');
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  };
  return {
    a,
    b,
    pairs: {
      added: added.sort(byPair),
      removed: removed.sort(byPair),
      flipped: flipped.sort(byPair),
    },
    labels: {
      changed: changed.sort((x, y) => (x.output_image < y.output_image ? -1 : 1)),
      added: labelsAdded,
      removed: labelsRemoved,
    },
  };
}
