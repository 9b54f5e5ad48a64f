/**
 * mulberry32: a small deterministic 32-bit PRNG. The same integer seed gives the same stream on
 * every platform. Returns a function yielding floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) drawn from a [0, 1) generator. */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
