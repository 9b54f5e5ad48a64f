import { missingPairsReason, pairwiseAgreement } from './pairwise-agreement';
import { ratioToNumber } from './rational';
import { type CountTable } from './reliability-data';
import {
  definedStatistic,
  type Statistic,
  UNDEFINED_REASONS,
  undefinedStatistic,
} from './statistic';

/**
 * Gwet's AC1 for any number of raters and missing ratings (Gwet 2008, BJMSP 61; Gwet 2014,
 * Handbook, 4th ed.; irrCAC `gwet.ac1.raw`, unweighted):
 *
 *   p_a = (1/n') sum_{i: r_i >= 2} sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))
 *   pi_k = (1/n) sum_{i: r_i >= 1} r_ik / r_i
 *   p_e = (1 / (Q - 1)) sum_k pi_k (1 - pi_k)
 *   AC1 = (p_a - p_e) / (1 - p_e)
 *
 * Q is the number of categories of the question's DECLARED category set (`categoryCount`), not
 * the number observed; it defaults to the table's category list. p_e <= 1/Q < 1, so AC1 is defined
 * whenever some item has two ratings and Q >= 2. Computed exactly (BigInt rationals), rounded once.
 */
export function gwetAc1(table: CountTable, categoryCount = table.categories.length): Statistic {
  if (!Number.isInteger(categoryCount)) {
    throw new RangeError(`categoryCount must be an integer, got ${categoryCount}`);
  }
  const agreement = pairwiseAgreement(table);
  const missing = missingPairsReason(agreement);
  if (missing) return missing;
  const { pa, paDenominator: da, pi, piDenominator: d } = agreement.exact;
  const inUse = pi.filter((p) => p > 0n).length;
  if (categoryCount < inUse) {
    throw new RangeError(`categoryCount ${categoryCount} is below the ${inUse} categories in use`);
  }
  if (categoryCount < 2) return undefinedStatistic(UNDEFINED_REASONS.fewCategories);
  // p_a = pa / da, p_e = s / ((Q - 1) d^2) with s = sum pi_k (d - pi_k):
  // AC1 = (pa (Q - 1) d^2 - s da) / (da ((Q - 1) d^2 - s)).
  const s = pi.reduce((sum, p) => sum + p * (d - p), 0n);
  const scaled = BigInt(categoryCount - 1) * d * d;
  return definedStatistic(ratioToNumber(pa * scaled - s * da, da * (scaled - s)));
}
