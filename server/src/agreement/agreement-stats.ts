import {
  type AgreementStats,
  type AlphaCi,
  type AlphaLevel,
  type CountTable,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  krippendorffAlphaDetails,
  percentAgreement,
  type Statistic,
  type StatisticValue,
  unitTotal,
} from '@peel/shared';
import { patternBootstrap } from './pattern-bootstrap';

/** The seeded bootstrap of alpha: the same seed and replicates give the same interval. */
export interface BootstrapSettings {
  readonly seed: number;
  readonly replicates: number;
  readonly level: number;
}

/** Seed 1 and 1000 replicates, as the CLI's defaults, so its output reproduces the API's. */
export const BATCH_BOOTSTRAP: BootstrapSettings = { seed: 1, replicates: 1000, level: 0.95 };

/** Per edit type and per category: the same seed, fewer replicates (dozens of scopes). */
export const SCOPE_BOOTSTRAP: BootstrapSettings = { seed: 1, replicates: 200, level: 0.95 };

export function toStatisticValue(statistic: Statistic): StatisticValue {
  return statistic.defined
    ? { value: statistic.value, reason: null }
    : { value: null, reason: statistic.reason };
}

/**
 * The percentile bootstrap interval of Krippendorff's alpha over items (see patternBootstrap),
 * shared by the API and the CLI.
 */
export function alphaInterval(
  table: CountTable,
  level: AlphaLevel,
  settings: BootstrapSettings,
): { alphaCi: AlphaCi | null; alphaCiReason: string | null } {
  if (settings.replicates === 0) return { alphaCi: null, alphaCiReason: 'bootstrap skipped' };
  const ci = patternBootstrap(table, (sample) => krippendorffAlpha(sample, level), settings);
  if (!ci.defined) return { alphaCi: null, alphaCiReason: ci.reason };
  return {
    alphaCi: {
      statistic: 'alpha',
      lower: ci.lower,
      upper: ci.upper,
      level: ci.level,
      replicates: ci.replicates,
      seed: settings.seed,
      undefinedReplicates: ci.undefinedReplicates,
    },
    alphaCiReason: null,
  };
}

/** How a question is measured: alpha's level and AC1's Q (its declared categories). */
export interface QuestionScale {
  readonly level: AlphaLevel;
  readonly categoryCount: number;
}

/**
 * Every agreement statistic of one scope, from its count table (one row per item with at least
 * one answer, over the question's declared categories; compressed into weighted patterns or not:
 * the statistics are exact either way).
 */
export function agreementStats(
  table: CountTable,
  scale: QuestionScale,
  nRaters: number,
  bootstrap: BootstrapSettings,
): AgreementStats {
  const alpha = krippendorffAlphaDetails(table, scale.level);
  let nItems = 0;
  let nAnswers = 0;
  table.counts.forEach((row, u) => {
    const weight = table.weights ? table.weights[u] : 1;
    nItems += weight;
    nAnswers += weight * unitTotal(row);
  });
  return {
    nItems,
    nRaters,
    nAnswers,
    nPairable: alpha.pairable,
    alpha: toStatisticValue(alpha.alpha),
    ...alphaInterval(table, scale.level, bootstrap),
    fleissKappa: toStatisticValue(fleissKappa(table)),
    ac1: toStatisticValue(gwetAc1(table, scale.categoryCount)),
    percentAgreement: toStatisticValue(percentAgreement(table)),
  };
}
