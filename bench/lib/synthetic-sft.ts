import { once } from 'node:events';
import * as fs from 'node:fs';
import { EDIT_TYPES } from '@peel/shared';

/** A seeded PRNG (mulberry32): the same seed gives the same file. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'add remove replace the a small bright red blue green wooden metal sign sky river car tree ' +
  'seamlessly ensuring lighting colour grain texture background foreground realistic natural ' +
  'shadows reflections matching perspective upper lower left right corner scene object person'
).split(' ');

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

/** Edit types drawn in proportion to their counts in the released sft.jsonl. */
function typePicker(random: () => number): () => string {
  const total = EDIT_TYPES.reduce((sum, type) => sum + type.sftCount, 0);
  return () => {
    let r = random() * total;
    for (const type of EDIT_TYPES) {
      r -= type.sftCount;
      if (r < 0) return type.label;
    }
    return EDIT_TYPES[0].label;
  };
}

/** Writes `rows` lines of sft.jsonl in the exact released schema (key order included). */
export async function writeSyntheticSft(file: string, rows: number, seed = 400): Promise<void> {
  const random = mulberry32(seed);
  const pickType = typePicker(random);
  const out = fs.createWriteStream(file);
  for (let n = 1; n <= rows; n += 1) {
    const farm = 1 + Math.floor(random() * 9);
    const photo = Math.floor(random() * 1e10);
    const record = {
      open_image_input_url: `https://farm${farm}.staticflickr.com/${1000 + (photo % 8000)}/${photo}_${photo.toString(16).slice(0, 10)}_o.jpg`,
      text: sentence(random, 40 + Math.floor(random() * 25)),
      output_image:
        random() < 0.1
          ? `images/positive-edit/k${n.toString(36)}_retry1.png`
          : `images/positive-edit/${n}.png`,
      edit_type: pickType(),
      summarized_text: sentence(random, 8 + Math.floor(random() * 8)),
    };
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
