import { mulberry32, randomIndex } from './prng';
import { type CountTable, type RatingValue } from './reliability-data';
import { type Statistic, UNDEFINED_REASONS } from './statistic';

export interface BootstrapOptions {
  /** Integer seed of the mulberry32 generator: the same seed gives the same interval. */
  readonly seed: number;
  /** Number of bootstrap replicates (default 1000). */
  readonly replicates?: number;
  /** Confidence level in (0, 1) (default 0.95). */
  readonly level?: number;
}

export type BootstrapInterval =
  | {
      readonly defined: true;
      /** The statistic on the original units. */
      readonly estimate: number;
      readonly lower: number;
      readonly upper: number;
      readonly level: number;
      readonly replicates: number;
      /** Replicates on which the statistic was undefined; they are left out of the percentiles. */
      readonly undefinedReplicates: number;
    }
  | { readonly defined: false; readonly reason: string };

/**
 * Percentile bootstrap confidence interval over units (items): each replicate draws units.length
 * units with replacement (mulberry32 seeded by `seed`, index = floor(u * n)) and evaluates the
 * statistic on them. The bounds are the (1 - level)/2 and (1 + level)/2 quantiles of the defined
 * replicate values, with linear interpolation between order statistics (Hyndman & Fan type 7, R's
 * default). Works for any statistic: pass the rows of a count table (or any unit list) and a
 * function computing the statistic from a list of rows. Undefined when the statistic is undefined
 * on the original units or on every replicate.
 */
export function bootstrapCi<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => Statistic,
  options: BootstrapOptions,
): BootstrapInterval {
  const n = units.length;
  return percentileInterval(statistic(units), options, (random) => {
    const sample = new Array<T>(n);
    for (let i = 0; i < n; i++) sample[i] = units[randomIndex(random, n)];
    return statistic(sample);
  });
}

/**
 * The same bootstrap for a count table, fast: units with equal counts are merged into one pattern
 * and a replicate only tallies how often each pattern was drawn (table `weights`), so the statistic
 * runs on the few distinct patterns. With the same seed it draws the same units as
 * `bootstrapCi(table.counts, ...)`, and since the count statistics are exact, it gives the same
 * interval. The table must not carry weights itself.
 */
export function bootstrapCountTable<C extends RatingValue>(
  table: CountTable<C>,
  statistic: (table: CountTable<C>) => Statistic,
  options: BootstrapOptions,
): BootstrapInterval {
  if (table.weights) throw new RangeError('bootstrap a count table without weights');
  const { patterns, patternOf } = countPatterns(table.counts);
  const n = table.counts.length;
  const { categories } = table;
  return percentileInterval(statistic(table), options, (random) => {
    const weights = new Float64Array(patterns.length);
    for (let i = 0; i < n; i++) weights[patternOf[randomIndex(random, n)]] += 1;
    return statistic({ categories, counts: patterns, weights });
  });
}

/** The distinct count rows and, per unit, the index of its row among them. */
function countPatterns(counts: readonly ArrayLike<number>[]) {
  const index = new Map<string, number>();
  const patterns: ArrayLike<number>[] = [];
  const patternOf = new Int32Array(counts.length);
  counts.forEach((row, u) => {
    const key = Array.prototype.join.call(row, ',');
    let p = index.get(key);
    if (p === undefined) {
      p = patterns.length;
      index.set(key, p);
      patterns.push(row);
    }
    patternOf[u] = p;
  });
  return { patterns, patternOf };
}

function percentileInterval(
  estimate: Statistic,
  options: BootstrapOptions,
  replicate: (random: () => number) => Statistic,
): BootstrapInterval {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!estimate.defined) return { defined: false, reason: estimate.reason };
  const random = mulberry32(options.seed);
  const values: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const value = replicate(random);
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

/** The p-quantile of ascending values, type 7: x[h] interpolated at h = (N - 1) p. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
