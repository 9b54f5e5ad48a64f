import { lcmOf, ratioToNumber } from './rational';
import { assertCountTable, type CountTable, unitTotal } from './reliability-data';
import {
  definedStatistic,
  type Statistic,
  UNDEFINED_REASONS,
  undefinedStatistic,
} from './statistic';

/** p_a and pi_k as exact rationals: p_a = pa / paDenominator, pi_k = pi[k] / piDenominator. */
export interface ExactPairwiseAgreement {
  readonly pa: bigint;
  readonly paDenominator: bigint;
  readonly pi: readonly bigint[];
  readonly piDenominator: bigint;
}

/** The ingredients shared by percent agreement, Fleiss' kappa and Gwet's AC1. */
export interface PairwiseAgreement {
  /** Items with at least one rating (n). */
  readonly itemsRated: number;
  /** Items with at least two ratings (n'). */
  readonly itemsWithPairs: number;
  /**
   * p_a = (1/n') sum over items with r_i >= 2 of sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)): the
   * share of agreeing ordered rater pairs within an item, averaged over items. 0 when n' = 0.
   */
  readonly observedAgreement: number;
  /** pi_k = (1/n) sum over items with r_i >= 1 of r_ik / r_i. All 0 when n = 0. */
  readonly proportions: Float64Array;
  /** The same quantities exactly (denominators are 0 when n' or n is 0). */
  readonly exact: ExactPairwiseAgreement;
}

/** Integer sums over the items with r ratings: items, agreeing pairs, counts per category. */
interface SizeGroup {
  items: number;
  agreeing: number;
  readonly counts: Float64Array;
}

function groupBySize(table: CountTable): Map<number, SizeGroup> {
  assertCountTable(table);
  const q = table.categories.length;
  const groups = new Map<number, SizeGroup>();
  table.counts.forEach((row, u) => {
    const w = table.weights ? table.weights[u] : 1;
    const r = unitTotal(row);
    if (r <= 0 || w === 0) return;
    let group = groups.get(r);
    if (!group) groups.set(r, (group = { items: 0, agreeing: 0, counts: new Float64Array(q) }));
    group.items += w;
    for (let k = 0; k < q; k++) {
      group.counts[k] += row[k] * w;
      group.agreeing += row[k] * (row[k] - 1) * w;
    }
  });
  return groups;
}

function exactAgreement(groups: Map<number, SizeGroup>, q: number): ExactPairwiseAgreement {
  const sizes = [...groups.keys()];
  const pairSizes = sizes.filter((r) => r >= 2);
  const pairLcm = lcmOf(pairSizes.map((r) => r * (r - 1)));
  const sizeLcm = lcmOf(sizes);
  let pa = 0n;
  let withPairs = 0n;
  let rated = 0n;
  const pi = new Array<bigint>(q).fill(0n);
  for (const [r, group] of groups) {
    rated += BigInt(group.items);
    const share = sizeLcm / BigInt(r);
    for (let k = 0; k < q; k++) pi[k] += BigInt(group.counts[k]) * share;
    if (r < 2) continue;
    withPairs += BigInt(group.items);
    pa += BigInt(group.agreeing) * (pairLcm / BigInt(r * (r - 1)));
  }
  return { pa, paDenominator: withPairs * pairLcm, pi, piDenominator: rated * sizeLcm };
}

/** Computes p_a and the category proportions pi_k from per-item counts, exactly. */
export function pairwiseAgreement(table: CountTable): PairwiseAgreement {
  const groups = groupBySize(table);
  const exact = exactAgreement(groups, table.categories.length);
  let itemsRated = 0;
  let itemsWithPairs = 0;
  for (const [r, group] of groups) {
    itemsRated += group.items;
    if (r >= 2) itemsWithPairs += group.items;
  }
  const ratio = (p: bigint, q: bigint) => (q === 0n ? 0 : ratioToNumber(p, q));
  return {
    itemsRated,
    itemsWithPairs,
    observedAgreement: ratio(exact.pa, exact.paDenominator),
    proportions: Float64Array.from(exact.pi, (p) => ratio(p, exact.piDenominator)),
    exact,
  };
}

/** The undefined result for tables without ratings or without pairs, else null. */
export function missingPairsReason(agreement: PairwiseAgreement): Statistic | null {
  if (agreement.itemsRated === 0) return undefinedStatistic(UNDEFINED_REASONS.noItems);
  if (agreement.itemsWithPairs === 0) return undefinedStatistic(UNDEFINED_REASONS.noPairable);
  return null;
}

/**
 * Percent agreement, pairwise and averaged over items: for every item with at least two ratings,
 * the share of agreeing rater pairs, sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)); then the plain mean
 * over those items (every item weighs the same, whatever its number of raters). Items with fewer
 * than two ratings are left out. This is the p_a of Fleiss' kappa and Gwet's AC1, and for two
 * raters it is the share of shared items they agree on.
 */
export function percentAgreement(table: CountTable): Statistic {
  const agreement = pairwiseAgreement(table);
  return missingPairsReason(agreement) ?? definedStatistic(agreement.observedAgreement);
}
