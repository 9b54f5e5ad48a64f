/**
 * The result of a statistic that may be undefined for the data at hand. An undefined statistic is
 * never reported as 0, 1 or NaN: it carries the reason instead.
 */
export type Statistic =
  | { readonly defined: true; readonly value: number }
  | { readonly defined: false; readonly reason: string };

/** The reasons a statistic can be undefined (the `reason` strings are exactly these). */
export const UNDEFINED_REASONS = {
  noItems: 'no items with ratings',
  noPairable: 'fewer than two pairable values: no item has two or more ratings',
  singleCategory: 'a single category is in use: expected disagreement is 0',
  fewCategories: 'fewer than two declared categories',
  noSharedItems: 'the two raters share no rated item',
  noVotes: 'no votes',
  noTrials: 'no trials',
  noReplicate: 'no bootstrap replicate was defined',
} as const;

export function definedStatistic(value: number): Statistic {
  return { defined: true, value };
}

export function undefinedStatistic(reason: string): Statistic {
  return { defined: false, reason };
}

/** The value of a statistic, or null when it is undefined. */
export function statisticValue(statistic: Statistic): number | null {
  return statistic.defined ? statistic.value : null;
}
