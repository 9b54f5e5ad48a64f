import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { EDIT_CATEGORIES, EDIT_TYPES } from '@peel/shared';
import {
  generateSampleDataset,
  listSampleNotes,
  MISSING_SOURCE_SCENES,
  type SampleSummary,
} from './generate-sample';
import { sourcePath, sourceUrl } from './records';

const SFT_KEYS = ['open_image_input_url', 'text', 'output_image', 'edit_type', 'summarized_text'];
const PREFERENCE_KEYS = [
  'output_image',
  'rejected_images',
  'text',
  'edit_type',
  'open_image_input_url',
  'summarized_text',
];
const MULTI_TURN_KEYS = ['files', 'metadata_edit_turn_prompts'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Line = Record<string, unknown>;
interface Sft {
  open_image_input_url: string;
  text: string;
  output_image: string;
  edit_type: string;
  summarized_text: string;
}
interface Preference extends Sft {
  rejected_images: string[];
}
interface MultiTurn {
  files: { id: string; url: string }[];
  metadata_edit_turn_prompts: string[];
}

let first: string;
let second: string;
let summary: SampleSummary;

const read = (file: string): string => readFileSync(join(first, file), 'utf8');
const lines = <T = Line>(file: string): T[] =>
  read(file)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
const localSource = (url: string) => join(first, sourcePath(url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function hashes(dir: string): Record<string, string> {
  const entries = listFiles(dir).map((file) => [
    file,
    createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex'),
  ]);
  return Object.fromEntries(entries);
}

async function rgb(path: string, width?: number, height?: number) {
  const image = sharp(path);
  const meta = await image.metadata();
  const w = width ?? meta.width ?? 0;
  const h = height ?? meta.height ?? 0;
  const data = await image.resize(w, h, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  return { data, w, h };
}

/**
 * Mean absolute difference of the most-changed 16x16 tile: catches small local edits too. No `Math`
 * calls in the loop: under jest they are many times slower than plain arithmetic.
 */
function maxTileDifference(a: Buffer, b: Buffer, w: number, h: number): number {
  let best = 0;
  for (let ty = 0; ty + 16 <= h; ty += 16) {
    for (let tx = 0; tx + 16 <= w; tx += 16) {
      let sum = 0;
      for (let y = ty; y < ty + 16; y += 1) {
        const end = (y * w + tx + 16) * 3;
        for (let i = (y * w + tx) * 3; i < end; i += 1) {
          const d = a[i] - b[i];
          sum += d < 0 ? -d : d;
        }
      }
      if (sum > best) best = sum;
    }
  }
  return best / (16 * 16 * 3);
}

async function difference(base: string, other: string): Promise<number> {
  const a = await rgb(base);
  const b = await rgb(other, a.w, a.h);
  return maxTileDifference(a.data, b.data, a.w, a.h);
}

beforeAll(async () => {
  first = mkdtempSync(join(tmpdir(), 'peel-sample-a-'));
  second = mkdtempSync(join(tmpdir(), 'peel-sample-b-'));
  summary = await generateSampleDataset(first);
  await generateSampleDataset(second);
}, 120_000);

afterAll(() => {
  for (const dir of [first, second]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('generateSampleDataset', () => {
  it('reports the counts of what it wrote', () => {
    expect(summary).toEqual({
      sft: 60,
      preference: 25,
      multiTurn: 10,
      images: 156,
      sourceImages: 38,
    });
    expect(lines('sft.jsonl')).toHaveLength(summary.sft);
    expect(lines('preference.jsonl')).toHaveLength(summary.preference);
    expect(lines('multi-turn.jsonl')).toHaveLength(summary.multiTurn);
    const files = listFiles(first);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(summary.images);
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(summary.sourceImages);
  });

  it('writes one JSON object a line with exactly the released keys, in order', () => {
    for (const [file, keys] of [
      ['sft.jsonl', SFT_KEYS],
      ['preference.jsonl', PREFERENCE_KEYS],
      ['multi-turn.jsonl', MULTI_TURN_KEYS],
    ] as const) {
      const text = read(file);
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('\r');
      for (const line of lines(file)) expect(Object.keys(line)).toEqual(keys);
    }
  });

  it('writes a PNG for every relative image path a record names', () => {
    const paths = [
      ...lines<Sft>('sft.jsonl').map((l) => l.output_image),
      ...lines<Preference>('preference.jsonl').flatMap((l) => [
        l.output_image,
        ...l.rejected_images,
      ]),
      ...lines<MultiTurn>('multi-turn.jsonl').flatMap((l) => l.files.map((f) => f.url)),
    ].filter((url) => !url.startsWith('https://'));
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) {
      expect(path).toMatch(/^images\/(positive-edit|negative-edit|multi-turn)\/[\w-]+\.png$/);
      expect(readFileSync(join(first, path)).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    }
    expect(paths.some((p) => /_retry\d\.png$/.test(p))).toBe(true);
  });

  it('mirrors every Flickr-style source except the deliberately missing ones', () => {
    const urls = [
      ...lines<Sft>('sft.jsonl').map((l) => l.open_image_input_url),
      ...lines<Preference>('preference.jsonl').map((l) => l.open_image_input_url),
      ...lines<MultiTurn>('multi-turn.jsonl').flatMap((l) =>
        l.files.filter((f) => f.id === 'original_input_image').map((f) => f.url),
      ),
    ];
    const missing = MISSING_SOURCE_SCENES.map(sourceUrl);
    expect(missing.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toMatch(
        /^https:\/\/(farm|c)\d\.staticflickr\.com\/peel-sample\/scene-\d\d_o\.jpg$/,
      );
      expect(existsSync(localSource(url))).toBe(!missing.includes(url));
    }
    for (const url of missing) expect(urls).toContain(url);
  });

  it('covers at least 12 edit types in 6 categories, with exact taxonomy labels', () => {
    const labels = new Set(EDIT_TYPES.map((t) => t.label as string));
    const sft = lines<Sft>('sft.jsonl');
    const pref = lines<Preference>('preference.jsonl');
    for (const line of [...sft, ...pref]) expect(labels).toContain(line.edit_type);
    const types = EDIT_TYPES.filter((t) => sft.some((l) => l.edit_type === t.label));
    expect(types.length).toBeGreaterThanOrEqual(12);
    expect(new Set(types.map((t) => t.categoryId)).size).toBeGreaterThanOrEqual(6);
    expect(EDIT_CATEGORIES.length).toBe(8);
  });

  it('gives preference records one or two rejected attempts as an array', () => {
    for (const line of lines<Preference>('preference.jsonl')) {
      expect(Array.isArray(line.rejected_images)).toBe(true);
      expect(line.rejected_images.length).toBeGreaterThanOrEqual(1);
      expect(line.rejected_images.length).toBeLessThanOrEqual(2);
      for (const path of line.rejected_images) expect(path).toMatch(/_attempt\d\.png$/);
    }
  });

  it('writes multi-turn sessions of 2 to 5 turns with consistent file ids', () => {
    for (const line of lines<MultiTurn>('multi-turn.jsonl')) {
      const turns = line.metadata_edit_turn_prompts.length;
      expect(turns).toBeGreaterThanOrEqual(2);
      expect(turns).toBeLessThanOrEqual(5);
      const ids = line.files.map((f) => f.id).sort();
      const expected = [
        ...Array.from({ length: turns - 1 }, (_, i) => `edit_turn${i + 1}`),
        'final_image',
        'original_input_image',
      ].sort();
      expect(ids).toEqual(expected);
      const final = line.files.find((f) => f.id === 'final_image');
      expect(final?.url).toMatch(
        new RegExp(`^images/multi-turn/\\d+_attempt[A-C]_turn${turns}\\.png$`),
      );
    }
  });

  it('includes the noise of the real data: wrong labels and garbled summaries', () => {
    const notes = listSampleNotes();
    const sft = lines<Sft>('sft.jsonl');
    const mislabelled = notes.filter((n) => n.issue === 'mislabelled');
    expect(mislabelled.length).toBeGreaterThanOrEqual(5);
    for (const note of mislabelled) {
      const line = sft.find((l) => l.output_image === note.key);
      expect(note.detail).not.toBe(`really: ${line?.edit_type}`);
    }
    expect(sft.some((l) => l.summarized_text === l.text)).toBe(true);
    expect(sft.some((l) => l.summarized_text.startsWith('ext\nuser\n'))).toBe(true);
    expect(notes.filter((n) => n.issue === 'inconsistent-turn').length).toBeGreaterThan(0);
  });

  it('is byte-identical on a second run', () => {
    const a = hashes(first);
    const b = hashes(second);
    expect(Object.keys(a).length).toBe(summary.images + summary.sourceImages + 3);
    expect(b).toEqual(a);
  });

  it('draws chosen edits that change their source and rejected attempts that differ', async () => {
    for (const line of lines<Preference>('preference.jsonl')) {
      const source = localSource(line.open_image_input_url);
      if (existsSync(source)) {
        expect(await difference(join(first, line.output_image), source)).toBeGreaterThan(10);
      }
      for (const rejected of line.rejected_images) {
        const chosen = join(first, line.output_image);
        expect(await difference(chosen, join(first, rejected))).toBeGreaterThan(20);
      }
    }
  });

  it('draws every SFT edit visibly different from its source', async () => {
    for (const line of lines<Sft>('sft.jsonl')) {
      const source = localSource(line.open_image_input_url);
      if (!existsSync(source)) continue;
      expect(await difference(join(first, line.output_image), source)).toBeGreaterThan(10);
    }
  });
});
