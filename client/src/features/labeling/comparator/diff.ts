/**
 * The difference overlay's pixels: for every pixel the largest per-channel |edit − source|, shown
 * as a heat map (transparent where nothing changed, yellow for small changes, red for large).
 */
export type DiffStats = {
  /** Share of the pixels that changed by more than the noise threshold. */
  changedShare: number;
};

/** Per-channel differences up to this are compression noise, not an edit. */
export const NOISE_THRESHOLD = 24;
const FULL_CHANGE = 160;

/**
 * Writes the heat map of two RGBA buffers of the same size into `out` and answers how much
 * changed. Alpha of the inputs is ignored.
 */
export function heatMap(
  edit: Uint8ClampedArray,
  source: Uint8ClampedArray,
  out: Uint8ClampedArray,
): DiffStats {
  let changed = 0;
  const pixels = Math.min(edit.length, source.length, out.length) / 4;
  for (let p = 0; p < pixels; p += 1) {
    const i = p * 4;
    const d = Math.max(
      Math.abs(edit[i] - source[i]),
      Math.abs(edit[i + 1] - source[i + 1]),
      Math.abs(edit[i + 2] - source[i + 2]),
    );
    if (d <= NOISE_THRESHOLD) {
      out[i + 3] = 0;
      continue;
    }
    changed += 1;
    const t = Math.min(1, (d - NOISE_THRESHOLD) / (FULL_CHANGE - NOISE_THRESHOLD));
    out[i] = 255;
    out[i + 1] = Math.round(210 * (1 - t));
    out[i + 2] = Math.round(60 * t);
    out[i + 3] = Math.round(150 + 100 * t);
  }
  return { changedShare: pixels === 0 ? 0 : changed / pixels };
}
