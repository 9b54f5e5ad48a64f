import {
  type BootstrapInterval,
  type BootstrapOptions,
  type CountTable,
  logBinomialPmf,
  mulberry32,
  quantileSorted,
  type RatingValue,
  type Statistic,
  UNDEFINED_REASONS,
} from '@peel/shared';

/** Units with the same counts, merged: `patterns[p]` occurs `units[p]` times. */
export interface CountPatterns {
  readonly patterns: readonly ArrayLike<number>[];
  readonly units: Float64Array;
}

/** The rows of a table by distinct count pattern, in a canonical order. */
export interface PatternIndex {
  readonly patterns: readonly Float64Array[];
  /** Per row: the index of its pattern. */
  readonly patternOf: Int32Array;
}

/**
 * A key per row that two rows share exactly when their counts are equal: a number (the counts as
 * digits in base max + 1) when it fits in 52 bits, else the counts joined.
 */
function rowKeys(n: number, q: number, at: (i: number, k: number) => number) {
  let max = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) max = Math.max(max, at(i, k));
  const base = max + 1;
  if (q * Math.log2(base) < 52) {
    return (i: number): number | string => {
      let key = 0;
      for (let k = q - 1; k >= 0; k--) key = key * base + at(i, k);
      return key;
    };
  }
  return (i: number): number | string => Array.from({ length: q }, (_, k) => at(i, k)).join(',');
}

/**
 * Groups n rows of q counts (row i, category k given by `at`) into distinct patterns, ordered by
 * their keys, so the result does not depend on the order of the rows.
 */
export function patternIndex(
  n: number,
  q: number,
  at: (i: number, k: number) => number,
): PatternIndex {
  const keyOf = rowKeys(n, q, at);
  const first = new Map<number | string, number>();
  const rowKey = new Array<number | string>(n);
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    rowKey[i] = key;
    if (!first.has(key)) first.set(key, i);
  }
  const keys = [...first.keys()].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
  );
  const position = new Map(keys.map((key, p) => [key, p]));
  const patterns = keys.map((key) => {
    const i = first.get(key)!;
    return Float64Array.from({ length: q }, (_, k) => at(i, k));
  });
  return { patterns, patternOf: Int32Array.from(rowKey, (key) => position.get(key)!) };
}

/** The distinct count rows of a table and how many units have each (canonical order). */
export function countPatterns(counts: readonly ArrayLike<number>[]): CountPatterns {
  const q = counts[0]?.length ?? 0;
  const { patterns, patternOf } = patternIndex(counts.length, q, (i, k) => counts[i][k]);
  const units = new Float64Array(patterns.length);
  for (const p of patternOf) units[p] += 1;
  return { patterns, units };
}

/**
 * The table as its patterns weighted by how many rows have each: every count statistic of the
 * shared library is the same (exactly) on it, at the cost of the patterns instead of the rows.
 */
export function compressTable<C extends RatingValue>(table: CountTable<C>): CountTable<C> {
  if (table.weights) return table;
  const { patterns, units } = countPatterns(table.counts);
  return { categories: table.categories, counts: patterns, weights: units };
}

/**
 * One draw of Binomial(n, p), exactly, by inversion with a search outward from the mode (Kemp
 * 1986): O(sqrt(n p (1 - p))) steps, from one uniform number.
 */
export function binomialDraw(random: () => number, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const pMode = Math.exp(logBinomialPmf(mode, n, p));
  let u = random() - pMode;
  if (u < 0) return mode;
  let lo = mode;
  let hi = mode;
  let pLo = pMode;
  let pHi = pMode;
  while (lo > 0 || hi < n) {
    if (lo > 0) {
      pLo *= lo / (n - lo + 1) / odds;
      lo -= 1;
      u -= pLo;
      if (u < 0) return lo;
    }
    if (hi < n) {
      pHi *= ((n - hi) / (hi + 1)) * odds;
      hi += 1;
      u -= pHi;
      if (u < 0) return hi;
    }
    if (pLo === 0 && pHi === 0) break; // the rest rounds to nothing (probability < 1e-300)
  }
  return mode;
}

/**
 * Multinomial(n, units / n) over the patterns by conditional binomials: how often each pattern is
 * drawn when n units are drawn with replacement.
 */
function multinomialWeights(random: () => number, units: Float64Array, n: number): Float64Array {
  const weights = new Float64Array(units.length);
  let draws = n;
  let population = n;
  for (let p = 0; p < units.length && draws > 0; p++) {
    const x = p === units.length - 1 ? draws : binomialDraw(random, draws, units[p] / population);
    weights[p] = x;
    draws -= x;
    population -= units[p];
  }
  return weights;
}

/**
 * Percentile bootstrap over units (items) of a count-table statistic, in O(patterns) per
 * replicate instead of O(units). Drawing the n units with replacement and tallying their count
 * patterns is the same as drawing the pattern tallies from Multinomial(n, units_p / n), which is
 * what each replicate does (exact binomial draws from a seeded mulberry32). So it is the item
 * bootstrap of `bootstrapCountTable` in distribution; its random stream differs. Percentiles are
 * Hyndman & Fan type 7, undefined replicates are left out, as in the shared bootstrap. The table
 * may be given compressed (weights = units per pattern, see compressTable).
 */
export function patternBootstrap<C extends RatingValue>(
  table: CountTable<C>,
  statistic: (table: CountTable<C>) => Statistic,
  options: BootstrapOptions,
): BootstrapInterval {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const compressed = compressTable(table);
  const estimate = statistic(compressed);
  if (!estimate.defined) return { defined: false, reason: estimate.reason };
  const units = Float64Array.from(compressed.weights!);
  const n = units.reduce((sum, x) => sum + x, 0);
  const random = mulberry32(options.seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const weights = multinomialWeights(random, units, n);
    const value = statistic({ categories: table.categories, counts: compressed.counts, weights });
    if (value.defined) values.push(value.value);
  }
  if (values.length === 0) return { defined: false, reason: UNDEFINED_REASONS.noReplicate };
  values.sort((x, y) => x - y);
  return {
    defined: true,
    estimate: estimate.value,
    lower: quantileSorted(values, (1 - level) / 2),
    upper: quantileSorted(values, (1 + level) / 2),
    level,
    replicates,
    undefinedReplicates: replicates - values.length,
  };
}
