import { ratioToNumber } from './rational';
import { categoryIndex, type RatingValue, type ReliabilityData } from './reliability-data';
import {
  definedStatistic,
  type Statistic,
  UNDEFINED_REASONS,
  undefinedStatistic,
} from './statistic';

/** Agreement weights of Cohen's kappa over the declared ordered category list. */
export const COHEN_WEIGHTS = ['unweighted', 'linear', 'quadratic'] as const;
export type CohenWeights = (typeof COHEN_WEIGHTS)[number];

/**
 * The agreement weight w_ij for categories i and j (indices in the declared list of q categories):
 * unweighted 1 if i = j else 0; linear 1 - |i - j| / (q - 1); quadratic 1 - (i - j)^2 / (q - 1)^2.
 */
export function kappaWeight(i: number, j: number, q: number, weights: CohenWeights): number {
  if (i === j) return 1;
  switch (weights) {
    case 'unweighted':
      return 0;
    case 'linear':
      return 1 - Math.abs(i - j) / (q - 1);
    case 'quadratic':
      return 1 - ((i - j) * (i - j)) / ((q - 1) * (q - 1));
  }
}

/** Integer disagreement weights proportional to 1 - w_ij (the factor cancels in kappa). */
function scaledDisagreement(i: number, j: number, weights: CohenWeights): bigint {
  const d = BigInt(Math.abs(i - j));
  return weights === 'unweighted' ? (d === 0n ? 0n : 1n) : weights === 'linear' ? d : d * d;
}

/** Row and column totals of a square table of non-negative integer counts. */
function margins(table: readonly ArrayLike<number>[]): { rows: bigint[]; cols: bigint[] } {
  const q = table.length;
  const rows = new Array<bigint>(q).fill(0n);
  const cols = new Array<bigint>(q).fill(0n);
  for (let i = 0; i < q; i++) {
    if (table[i].length !== q) throw new RangeError('the contingency table must be square');
    for (let j = 0; j < q; j++) {
      const n = table[i][j];
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid count ${n}`);
      rows[i] += BigInt(n);
      cols[j] += BigInt(n);
    }
  }
  return { rows, cols };
}

/**
 * Cohen's kappa (Cohen 1960; weighted: Cohen 1968) from a q x q contingency table of the two
 * raters' shared items, `table[i][j]` = items rater A put in category i and rater B in j:
 * kappa_w = (p_o - p_e) / (1 - p_e) with p_o = sum w_ij p_ij and p_e = sum w_ij p_i. p_.j,
 * computed exactly as 1 - N sum (1 - w_ij) n_ij / sum (1 - w_ij) n_i. n_.j (BigInt) and rounded
 * once. Undefined without shared items, or when the expected disagreement is 0 (both raters used
 * one and the same category).
 */
export function cohenKappa(
  table: readonly ArrayLike<number>[],
  weights: CohenWeights = 'unweighted',
): Statistic {
  const { rows, cols } = margins(table);
  const total = rows.reduce((sum, x) => sum + x, 0n);
  if (total === 0n) return undefinedStatistic(UNDEFINED_REASONS.noSharedItems);
  let observed = 0n;
  let expected = 0n;
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < rows.length; j++) {
      const d = scaledDisagreement(i, j, weights);
      observed += d * BigInt(table[i][j]);
      expected += d * rows[i] * cols[j];
    }
  }
  if (expected === 0n) return undefinedStatistic(UNDEFINED_REASONS.singleCategory);
  return definedStatistic(ratioToNumber(expected - total * observed, expected));
}

/** The q x q contingency table of two raters (by index in data.raters) over their shared items. */
export function contingencyTable<V extends RatingValue>(
  data: ReliabilityData<V>,
  raterA: number,
  raterB: number,
  categories: readonly V[],
): number[][] {
  const index = categoryIndex(categories);
  const table = categories.map(() => new Array<number>(categories.length).fill(0));
  for (const row of data.values) {
    const a = row[raterA];
    const b = row[raterB];
    if (a === null || b === null) continue;
    table[categoryOf(index, a)][categoryOf(index, b)] += 1;
  }
  return table;
}

function categoryOf<V extends RatingValue>(index: Map<V, number>, value: V): number {
  const k = index.get(value);
  if (k === undefined) throw new RangeError(`value ${String(value)} is not a declared category`);
  return k;
}

export interface PairKappa {
  readonly raterA: string;
  readonly raterB: string;
  readonly sharedItems: number;
  readonly kappa: Statistic;
}

export interface MeanPairwiseKappa {
  /** The plain mean of the defined pairwise kappas (Light's kappa, Light 1971). */
  readonly mean: Statistic;
  /** Every rater pair with at least one shared item, in rater order. */
  readonly pairs: readonly PairKappa[];
}

/**
 * Cohen's kappa for every pair of raters on their shared items, and their mean over the pairs whose
 * kappa is defined (Light 1971). Pairs sharing no item are left out. Works in one pass over the
 * items (cost: sum over items of m_u^2), so it scales with many raters.
 */
export function meanPairwiseCohenKappa<V extends RatingValue>(
  data: ReliabilityData<V>,
  categories: readonly V[],
  weights: CohenWeights = 'unweighted',
): MeanPairwiseKappa {
  const tables = pairTables(data, categories);
  const pairs: PairKappa[] = [];
  for (const [key, table] of [...tables.entries()].sort((x, y) => x[0] - y[0])) {
    const a = Math.floor(key / data.raters.length);
    const b = key % data.raters.length;
    const shared = table.reduce((sum, row) => sum + row.reduce((s, x) => s + x, 0), 0);
    const kappa = cohenKappa(table, weights);
    pairs.push({ raterA: data.raters[a], raterB: data.raters[b], sharedItems: shared, kappa });
  }
  const values = pairs.flatMap((pair) => (pair.kappa.defined ? [pair.kappa.value] : []));
  const mean =
    values.length === 0
      ? undefinedStatistic(firstReason(pairs))
      : definedStatistic(values.reduce((s, x) => s + x, 0) / values.length);
  return { mean, pairs };
}

function pairTables<V extends RatingValue>(
  data: ReliabilityData<V>,
  categories: readonly V[],
): Map<number, number[][]> {
  const index = categoryIndex(categories);
  const nRaters = data.raters.length;
  const tables = new Map<number, number[][]>();
  const present: { r: number; k: number }[] = [];
  for (const row of data.values) {
    present.length = 0;
    row.forEach((v, r) => {
      if (v !== null) present.push({ r, k: categoryOf(index, v) });
    });
    for (let x = 0; x < present.length; x++) {
      for (let y = x + 1; y < present.length; y++) {
        const key = present[x].r * nRaters + present[y].r;
        let table = tables.get(key);
        if (!table) {
          table = categories.map(() => new Array<number>(categories.length).fill(0));
          tables.set(key, table);
        }
        table[present[x].k][present[y].k] += 1;
      }
    }
  }
  return tables;
}

/** Why no pair has a defined kappa: no pair shares an item, or the first pair's reason. */
function firstReason(pairs: readonly PairKappa[]): string {
  const first = pairs[0]?.kappa;
  return first && !first.defined ? first.reason : UNDEFINED_REASONS.noSharedItems;
}
