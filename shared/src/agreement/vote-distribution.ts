import {
  definedStatistic,
  type Statistic,
  UNDEFINED_REASONS,
  undefinedStatistic,
} from './statistic';

function totalVotes(counts: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!(counts[k] >= 0)) throw new RangeError(`invalid vote count ${counts[k]}`);
    total += counts[k];
  }
  return total;
}

/**
 * Normalised entropy of an item's vote distribution: H / ln Q with H = -sum_k p_k ln p_k over the
 * vote shares p_k = n_k / n (0 ln 0 = 0) and Q the number of DECLARED categories. 0 when everyone
 * agrees, 1 when the votes spread evenly over all Q categories. Undefined without votes or with
 * Q < 2.
 */
export function normalizedEntropy(counts: ArrayLike<number>, categoryCount: number): Statistic {
  const total = totalVotes(counts);
  if (total === 0) return undefinedStatistic(UNDEFINED_REASONS.noVotes);
  if (categoryCount < 2) return undefinedStatistic(UNDEFINED_REASONS.fewCategories);
  if (categoryCount < counts.length) {
    throw new RangeError(`categoryCount ${categoryCount} is below the ${counts.length} counts`);
  }
  let entropy = 0;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > 0) {
      const p = counts[k] / total;
      entropy -= p * Math.log(p);
    }
  }
  return definedStatistic(entropy / Math.log(categoryCount));
}

/**
 * Vote margin of an item: (top count - second count) / total votes, in [0, 1]. 0 for a tie at the
 * top, 1 for a unanimous item. Undefined without votes.
 */
export function voteMargin(counts: ArrayLike<number>): Statistic {
  const total = totalVotes(counts);
  if (total === 0) return undefinedStatistic(UNDEFINED_REASONS.noVotes);
  let first = 0;
  let second = 0;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] > first) {
      second = first;
      first = counts[k];
    } else if (counts[k] > second) {
      second = counts[k];
    }
  }
  return definedStatistic((first - second) / total);
}
