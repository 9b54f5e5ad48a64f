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
 * Fleiss' kappa, in Gwet's generalisation to a varying number of raters per item (Gwet 2014,
 * Handbook of Inter-Rater Reliability, 4th ed., ch. 2; irrCAC `fleiss.kappa.raw`):
 *
 *   p_a   = (1/n') sum_{i: r_i >= 2} sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))
 *   pi_k  = (1/n)  sum_{i: r_i >= 1} r_ik / r_i
 *   p_e   = sum_k pi_k^2
 *   kappa = (p_a - p_e) / (1 - p_e)
 *
 * where r_ik is the number of raters who put item i in category k, r_i = sum_k r_ik, n' the number
 * of items with at least two ratings and n the number of items with at least one.
 * With the same number r of raters on every item, pi_k = sum_i r_ik / (n r) = p_k and p_a is the
 * mean of P_i = sum_k r_ik (r_ik - 1) / (r (r - 1)): exactly Fleiss (1971),
 * kappa = (P-bar - P-bar_e) / (1 - P-bar_e).
 * Computed exactly (BigInt rationals) and rounded once.
 * Undefined with no rated item, no item with two ratings, or a single category in use (p_e = 1).
 */
export function fleissKappa(table: CountTable): Statistic {
  const agreement = pairwiseAgreement(table);
  const missing = missingPairsReason(agreement);
  if (missing) return missing;
  const { pa, paDenominator: da, pi, piDenominator: d } = agreement.exact;
  if (pi.filter((p) => p > 0n).length < 2) {
    return undefinedStatistic(UNDEFINED_REASONS.singleCategory);
  }
  // p_a = pa / da, p_e = s / d^2 with s = sum pi_k^2: kappa = (pa d^2 - s da) / (da (d^2 - s)).
  const s = pi.reduce((sum, p) => sum + p * p, 0n);
  return definedStatistic(ratioToNumber(pa * d * d - s * da, da * (d * d - s)));
}
