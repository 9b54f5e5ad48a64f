import { dyadicIntegers, lcm, lcmOf, ratioToNumber } from './rational';
import { assertCountTable, type CountTable, type RatingValue, unitTotal } from './reliability-data';
import {
  definedStatistic,
  type Statistic,
  UNDEFINED_REASONS,
  undefinedStatistic,
} from './statistic';

/** Krippendorff's levels of measurement (metrics). */
export const ALPHA_LEVELS = ['nominal', 'ordinal', 'interval', 'ratio'] as const;
export type AlphaLevel = (typeof ALPHA_LEVELS)[number];

/** The coincidence matrix of pairable values (Krippendorff 2011, section C). */
export interface Coincidences {
  /** Q x Q, row-major: o[c * Q + k] = sum over units of n_uc (n_uk - [c = k]) / (m_u - 1). */
  readonly matrix: Float64Array;
  /** n_c = sum over k of o_ck: the pairable values of category c. */
  readonly marginals: Float64Array;
  /** n = sum of n_c: the number of pairable values. */
  readonly pairable: number;
}

export interface AlphaDetails {
  readonly alpha: Statistic;
  readonly pairable: number;
  /** D_o = sum o_ck delta2_ck / n; null when there is no pairable value. */
  readonly observedDisagreement: number | null;
  /** D_e = sum n_c n_k delta2_ck / (n (n - 1)); null when there is no pairable value. */
  readonly expectedDisagreement: number | null;
}

/** Integer coincidence sums per unit size m: S_m[c * Q + k] = sum n_uc (n_uk - [c = k]). */
interface GroupedCoincidences {
  readonly bySize: Map<number, Float64Array>;
  /** n_c: the pairable values of category c (integers). */
  readonly marginals: Float64Array;
  readonly pairable: number;
}

function groupCoincidences(table: CountTable): GroupedCoincidences {
  assertCountTable(table);
  const q = table.categories.length;
  const bySize = new Map<number, Float64Array>();
  const marginals = new Float64Array(q);
  const used = new Int32Array(q);
  let pairable = 0;
  table.counts.forEach((row, u) => {
    const w = table.weights ? table.weights[u] : 1;
    const m = unitTotal(row);
    if (m < 2 || w === 0) return;
    pairable += m * w;
    let sums = bySize.get(m);
    if (!sums) bySize.set(m, (sums = new Float64Array(q * q)));
    let nUsed = 0;
    for (let k = 0; k < q; k++) if (row[k] > 0) used[nUsed++] = k;
    for (let a = 0; a < nUsed; a++) {
      const c = used[a];
      marginals[c] += row[c] * w;
      for (let b = 0; b < nUsed; b++) {
        const k = used[b];
        sums[c * q + k] += row[c] * (c === k ? row[k] - 1 : row[k]) * w;
      }
    }
  });
  return { bySize, marginals, pairable };
}

/**
 * Builds the coincidence matrix from per-unit value counts. Units with fewer than two values
 * (m_u < 2) are not pairable and are dropped. Each pairable unit contributes m_u values.
 */
export function coincidenceMatrix(table: CountTable): Coincidences {
  const { bySize, marginals, pairable } = groupCoincidences(table);
  const matrix = new Float64Array(marginals.length ** 2);
  for (const [m, sums] of bySize)
    for (let x = 0; x < sums.length; x++) matrix[x] += sums[x] / (m - 1);
  return { matrix, marginals, pairable };
}

/**
 * Krippendorff's squared difference function delta^2(c, k) over the category indices, Q x Q
 * row-major (Krippendorff 2011, section E):
 * - nominal: 0 if c = k, else 1;
 * - ordinal: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2, ranks in the order of `categories`, n_g the
 *   coincidence marginals;
 * - interval: (c - k)^2 on the numeric values;
 * - ratio: ((c - k) / (c + k))^2 on non-negative numeric values (0 when c = k = 0).
 */
export function differenceMatrix(
  categories: readonly RatingValue[],
  level: AlphaLevel,
  marginals: ArrayLike<number>,
): Float64Array {
  const q = categories.length;
  const delta = new Float64Array(q * q);
  const values = level === 'interval' || level === 'ratio' ? numericValues(categories, level) : [];
  const prefix = new Float64Array(q + 1);
  for (let g = 0; g < q; g++) prefix[g + 1] = prefix[g] + marginals[g];
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) {
      delta[c * q + k] = squaredDifference(level, c, k, values, prefix, marginals);
    }
  }
  return delta;
}

function squaredDifference(
  level: AlphaLevel,
  c: number,
  k: number,
  values: readonly number[],
  prefix: Float64Array,
  marginals: ArrayLike<number>,
): number {
  if (c === k) return 0;
  switch (level) {
    case 'nominal':
      return 1;
    case 'ordinal': {
      const lo = Math.min(c, k);
      const hi = Math.max(c, k);
      const d = prefix[hi + 1] - prefix[lo] - (marginals[c] + marginals[k]) / 2;
      return d * d;
    }
    case 'interval':
      return (values[c] - values[k]) ** 2;
    case 'ratio': {
      const sum = values[c] + values[k];
      return sum === 0 ? 0 : ((values[c] - values[k]) / sum) ** 2;
    }
  }
}

function numericValues(categories: readonly RatingValue[], level: AlphaLevel): number[] {
  return categories.map((c) => {
    if (typeof c !== 'number' || !Number.isFinite(c)) {
      throw new TypeError(`${level} categories must be finite numbers, got ${String(c)}`);
    }
    if (level === 'ratio' && c < 0) {
      throw new RangeError(`ratio categories must be non-negative, got ${c}`);
    }
    return c;
  });
}

/**
 * Integers proportional to delta^2 (one common positive factor `scale`), so alpha can be computed
 * exactly; null only if numeric categories span too many binary orders of magnitude.
 */
function scaledDifferences(
  categories: readonly RatingValue[],
  level: AlphaLevel,
  marginals: Float64Array,
): { deltas: bigint[]; scale: bigint } | null {
  const q = categories.length;
  if (level === 'nominal') {
    const deltas = Array.from({ length: q * q }, (_, x) => (Math.floor(x / q) === x % q ? 0n : 1n));
    return { deltas, scale: 1n };
  }
  if (level === 'ordinal') return ordinalDifferences(marginals);
  const dyadic = dyadicIntegers(numericValues(categories, level));
  if (!dyadic) return null;
  const v = dyadic.integers;
  if (level === 'interval') {
    const deltas = Array.from({ length: q * q }, (_, x) => (v[Math.floor(x / q)] - v[x % q]) ** 2n);
    return { deltas, scale: 1n << BigInt(2 * dyadic.exponent) };
  }
  return ratioDifferences(v, marginals);
}

/** 4 delta^2 = (2 sum_{g=c..k} n_g - n_c - n_k)^2 in integers (ranks in category order). */
function ordinalDifferences(marginals: Float64Array) {
  const q = marginals.length;
  const n = Array.from(marginals, (x) => BigInt(x));
  const prefix = [0n];
  for (let g = 0; g < q; g++) prefix.push(prefix[g] + n[g]);
  const deltas = Array.from({ length: q * q }, (_, x) => {
    const c = Math.floor(x / q);
    const k = x % q;
    const between = prefix[Math.max(c, k) + 1] - prefix[Math.min(c, k)];
    return c === k ? 0n : (2n * between - n[c] - n[k]) ** 2n;
  });
  return { deltas, scale: 4n };
}

/** ((c - k) / (c + k))^2 over the common denominator of the pairs of categories in use. */
function ratioDifferences(v: readonly bigint[], marginals: Float64Array) {
  const q = v.length;
  const inUse = (c: number, k: number) => marginals[c] > 0 && marginals[k] > 0 && c !== k;
  let scale = 1n;
  for (let c = 0; c < q; c++) {
    for (let k = 0; k < q; k++) if (inUse(c, k)) scale = lcm(scale, (v[c] + v[k]) ** 2n);
  }
  const deltas = Array.from({ length: q * q }, (_, x) => {
    const c = Math.floor(x / q);
    const k = x % q;
    return inUse(c, k) ? ((v[c] - v[k]) ** 2n * scale) / (v[c] + v[k]) ** 2n : 0n;
  });
  return { deltas, scale };
}

type Components = Omit<AlphaDetails, 'alpha' | 'pairable'> & { alpha: number };

/** alpha = (E M - (n - 1) O) / (E M) on exact integers, M = lcm of (m - 1), rounded once. */
function exactComponents(
  groups: GroupedCoincidences,
  { deltas, scale }: { deltas: bigint[]; scale: bigint },
): Components {
  const lcmM = lcmOf([...groups.bySize.keys()].map((m) => m - 1));
  let observed = 0n;
  for (const [m, sums] of groups.bySize) {
    let t = 0n;
    for (let x = 0; x < sums.length; x++) if (sums[x] !== 0) t += BigInt(sums[x]) * deltas[x];
    observed += t * (lcmM / BigInt(m - 1));
  }
  const big = Array.from(groups.marginals, (n) => BigInt(n));
  const q = big.length;
  let expected = 0n;
  for (let c = 0; c < q; c++) {
    if (big[c] === 0n) continue;
    for (let k = 0; k < q; k++) expected += big[c] * big[k] * deltas[c * q + k];
  }
  const n = BigInt(groups.pairable);
  return {
    alpha: ratioToNumber(expected * lcmM - (n - 1n) * observed, expected * lcmM),
    observedDisagreement: ratioToNumber(observed, lcmM * n * scale),
    expectedDisagreement: ratioToNumber(expected, n * (n - 1n) * scale),
  };
}

/** The same components in double precision (fallback for extreme numeric categories). */
function floatComponents(groups: GroupedCoincidences, deltas: Float64Array): Components {
  let observed = 0;
  for (const [m, sums] of groups.bySize) {
    let t = 0;
    for (let x = 0; x < sums.length; x++) t += sums[x] * deltas[x];
    observed += t / (m - 1);
  }
  const { marginals: nc, pairable: n } = groups;
  let expected = 0;
  for (let c = 0; c < nc.length; c++) {
    for (let k = 0; k < nc.length; k++) expected += nc[c] * nc[k] * deltas[c * nc.length + k];
  }
  return {
    alpha: 1 - ((n - 1) * observed) / expected,
    observedDisagreement: observed / n,
    expectedDisagreement: expected / (n * (n - 1)),
  };
}

/**
 * Krippendorff's alpha with its components: alpha = 1 - D_o / D_e
 * = 1 - (n - 1) sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck.
 * Computed exactly (integer coincidence sums grouped by unit size, combined in BigInt) and rounded
 * once, so the result is the correctly rounded value of the definition.
 * Undefined when there is no pairable value, or when fewer than two categories have pairable
 * values (D_e = 0).
 */
export function krippendorffAlphaDetails(table: CountTable, level: AlphaLevel): AlphaDetails {
  if (level === 'interval' || level === 'ratio') numericValues(table.categories, level);
  const groups = groupCoincidences(table);
  const pairable = groups.pairable;
  if (pairable === 0) {
    const alpha = undefinedStatistic(UNDEFINED_REASONS.noPairable);
    return { alpha, pairable, observedDisagreement: null, expectedDisagreement: null };
  }
  if (groups.marginals.filter((n) => n > 0).length < 2) {
    const alpha = undefinedStatistic(UNDEFINED_REASONS.singleCategory);
    return { alpha, pairable, observedDisagreement: 0, expectedDisagreement: 0 };
  }
  const scaled = scaledDifferences(table.categories, level, groups.marginals);
  const { alpha, ...rest } = scaled
    ? exactComponents(groups, scaled)
    : floatComponents(groups, differenceMatrix(table.categories, level, groups.marginals));
  return { alpha: definedStatistic(alpha), pairable, ...rest };
}

/** Krippendorff's alpha at the given level; see krippendorffAlphaDetails. */
export function krippendorffAlpha(table: CountTable, level: AlphaLevel): Statistic {
  return krippendorffAlphaDetails(table, level).alpha;
}
