import { hashSeed, mulberry32 } from './prng';
import type { Filter } from './scene';

/** An 8-bit RGB image, rows top to bottom, 3 bytes a pixel. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Gets one pixel and its position, returns the new pixel (any numbers: clamped and rounded). */
type PixelFn = (r: number, g: number, b: number, x: number, y: number) => [number, number, number];

/**
 * Runs `fn` over every pixel. Writes through a Uint8ClampedArray, which clamps and rounds by
 * itself, and the loop calls no `Math` function: under jest those are many times slower.
 */
function mapPixels(img: RawImage, fn: PixelFn): void {
  const { data, width } = img;
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  for (let x = 0, y = 0, i = 0; i < data.length; i += 3) {
    const [r, g, b] = fn(data[i], data[i + 1], data[i + 2], x, y);
    out[i] = r;
    out[i + 1] = g;
    out[i + 2] = b;
    x += 1;
    if (x === width) [x, y] = [0, y + 1];
  }
}

/** Positive warmth pushes towards orange, negative towards blue. */
function tone(img: RawImage, w: number): void {
  mapPixels(img, (r, g, b) => [r * (1 + 0.1 * w) + 28 * w, g + 6 * w, b * (1 - 0.1 * w) - 30 * w]);
}

function tint(img: RawImage, rgb: readonly [number, number, number], a: number): void {
  mapPixels(img, (r, g, b) => [r + (rgb[0] - r) * a, g + (rgb[1] - g) * a, b + (rgb[2] - b) * a]);
}

function sepia(img: RawImage, amount: number): void {
  mapPixels(img, (r, g, b) => {
    const sr = 0.393 * r + 0.769 * g + 0.189 * b;
    const sg = 0.349 * r + 0.686 * g + 0.168 * b;
    const sb = 0.272 * r + 0.534 * g + 0.131 * b;
    return [r + (sr - r) * amount, g + (sg - g) * amount, b + (sb - b) * amount];
  });
}

/** Luminance noise in 2x2 cells, quantised to five levels (keeps the PNGs small). */
function grain(img: RawImage, amount: number, seed: string): void {
  const next = mulberry32(hashSeed(seed));
  const cols = Math.ceil(img.width / 2);
  const cells = Array.from(
    { length: cols * Math.ceil(img.height / 2) },
    () => Math.round((next() - 0.5) * 4) * (amount / 2),
  );
  mapPixels(img, (r, g, b, x, y) => {
    const n = cells[(y >> 1) * cols + (x >> 1)];
    return [r + n, g + n, b + n];
  });
}

function vignette(img: RawImage, strength: number): void {
  const cx = img.width / 2;
  const cy = img.height / 2;
  mapPixels(img, (r, g, b, x, y) => {
    const dx = x / cx - 1;
    const dy = y / cy - 1;
    const d = (dx * dx + dy * dy) / 2;
    const f = 1 - strength * (d < 1 ? d : 1);
    return [r * f, g * f, b * f];
  });
}

/** Faded contrast: blacks lifted, whites lowered. */
function fade(img: RawImage, lift: number): void {
  mapPixels(img, (r, g, b) => [
    lift + r * (1 - lift / 160),
    lift + g * (1 - lift / 160),
    lift + b * (1 - lift / 160),
  ]);
}

function posterize(img: RawImage, levels: number): void {
  const step = 255 / (levels - 1);
  const level = (v: number) => ((v / step + 0.5) | 0) * step;
  mapPixels(img, (r, g, b) => [level(r), level(g), level(b)]);
}

function scratches(img: RawImage, seed: string): void {
  const next = mulberry32(hashSeed(`${seed}:scratches`));
  const columns = new Set(Array.from({ length: 7 }, () => Math.floor(next() * img.width)));
  mapPixels(img, (r, g, b, x) => (columns.has(x) ? [r + 60, g + 55, b + 45] : [r, g, b]));
}

/** Heavy failure artefacts: mosaic blocks, swapped channels, torn rows and speckles. */
function artefacts(img: RawImage, seed: string): void {
  const next = mulberry32(hashSeed(`${seed}:artefacts`));
  const block = 12;
  const bw = Math.ceil(img.width / block);
  const modes = Array.from({ length: bw * Math.ceil(img.height / block) }, () => next());
  const tears = Array.from({ length: img.height }, () =>
    next() < 0.08 ? Math.floor(next() * 40) : 0,
  );
  const source = Buffer.from(img.data);
  let noise = hashSeed(`${seed}:speckles`) | 1;
  mapPixels(img, (r, g, b, x, y) => {
    const mode = modes[((y / block) | 0) * bw + ((x / block) | 0)];
    if (mode < 0.3) {
      const s = (y - (y % block)) * img.width + (x - (x % block));
      return [source[s * 3], source[s * 3 + 1], source[s * 3 + 2]];
    }
    if (mode > 0.88) return [b + 40, r, g + 30];
    if (tears[y] > 0) {
      const s = y * img.width + (x > tears[y] ? x - tears[y] : 0);
      return [source[s * 3] + 50, source[s * 3 + 1], source[s * 3 + 2] + 50];
    }
    noise ^= noise << 13;
    noise ^= noise >>> 17;
    noise ^= noise << 5;
    return (noise & 63) === 0 ? [255, 0, 255] : [r, g, b];
  });
}

export function applyFilter(img: RawImage, filter: Filter): void {
  switch (filter.kind) {
    case 'tone':
      return tone(img, filter.warmth);
    case 'grain':
      return grain(img, filter.amount, filter.seed);
    case 'tint':
      return tint(img, filter.rgb, filter.amount);
    case 'posterize':
      return posterize(img, filter.levels);
    case 'artefacts':
      return artefacts(img, filter.seed);
    case 'vintage':
      sepia(img, 0.45);
      fade(img, 22);
      grain(img, 16, filter.seed);
      return vignette(img, 0.35);
    case 'historical':
      sepia(img, 1);
      fade(img, 30);
      scratches(img, filter.seed);
      grain(img, 12, filter.seed);
      return vignette(img, 0.6);
  }
}
