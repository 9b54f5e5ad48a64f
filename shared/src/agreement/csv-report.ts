import { bootstrapCountTable } from './bootstrap';
import { meanPairwiseCohenKappa } from './cohen';
import { type CsvError, parseCsv } from './csv';
import { readRatings } from './csv-ratings';
import { fleissKappa } from './fleiss';
import { gwetAc1 } from './gwet-ac1';
import { type AlphaLevel, krippendorffAlpha, krippendorffAlphaDetails } from './krippendorff';
import { percentAgreement } from './pairwise-agreement';
import {
  type CountTable,
  countTableFromData,
  type RatingValue,
  reliabilityDataFromRows,
} from './reliability-data';
import { type Statistic } from './statistic';

export interface AgreementReportOptions {
  /** Krippendorff's level for alpha (default nominal). */
  readonly level?: AlphaLevel;
  /** The declared categories: the allowed values, the order at the ordinal level, AC1's Q. */
  readonly categories?: readonly string[];
  /** Seed of alpha's bootstrap interval (default 1). */
  readonly seed?: number;
  /** Bootstrap replicates for alpha's interval (default 1000; 0 leaves the interval out). */
  readonly replicates?: number;
}

export interface AlphaInterval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly replicates: number;
  readonly seed: number;
}

/** Every statistic is its value or null, with `<name>_reason` null or saying why it is undefined. */
export interface AgreementReport {
  readonly level: AlphaLevel;
  readonly alpha: number | null;
  readonly alpha_reason: string | null;
  /** 95% percentile bootstrap interval of alpha over items (null with a reason, or when skipped). */
  readonly alpha_ci: AlphaInterval | null;
  readonly alpha_ci_reason: string | null;
  readonly fleiss_kappa: number | null;
  readonly fleiss_kappa_reason: string | null;
  /** Mean unweighted Cohen's kappa over rater pairs sharing items (Light's kappa). */
  readonly cohen_kappa_mean: number | null;
  readonly cohen_kappa_mean_reason: string | null;
  readonly ac1: number | null;
  readonly ac1_reason: string | null;
  /** Pairwise percent agreement averaged over items with two or more ratings. */
  readonly percent_agreement: number | null;
  readonly percent_agreement_reason: string | null;
  /** Distinct item ids in the file (with or without values). */
  readonly n_items: number;
  readonly n_raters: number;
  /** Non-missing values. */
  readonly n_ratings: number;
  /** Krippendorff's n: values in items with two or more values. */
  readonly n_pairable: number;
  /** Rater pairs with at least one shared item. */
  readonly n_rater_pairs: number;
  /** The category list used (declared, else observed); its length is AC1's Q. */
  readonly categories: readonly RatingValue[];
}

export type AgreementReportResult =
  | { readonly ok: true; readonly report: AgreementReport }
  | { readonly ok: false; readonly errors: readonly CsvError[] };

type Field<N extends string> = { [K in N]: number | null } & {
  [K in `${N}_reason`]: string | null;
};

function field<N extends string>(name: N, statistic: Statistic): Field<N> {
  return {
    [name]: statistic.defined ? statistic.value : null,
    [`${name}_reason`]: statistic.defined ? null : statistic.reason,
  } as Field<N>;
}

/**
 * The agreement report of an `item_id,rater_id,value` CSV (see readRatings and parseCsv for the
 * accepted input). Pure: the CLI prints the result.
 */
export function agreementReportFromCsv(
  text: string,
  opts: AgreementReportOptions = {},
): AgreementReportResult {
  const level = opts.level ?? 'nominal';
  if (text.trim() === '') return { ok: false, errors: [{ line: 1, message: 'empty file' }] };
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const ratings = readRatings(parsed.records, level, opts.categories);
  if (!ratings.ok) return ratings;
  const data = reliabilityDataFromRows(ratings.rows);
  const table = countTableFromData(data, ratings.categories);
  const alpha = krippendorffAlphaDetails(table, level);
  const cohen = meanPairwiseCohenKappa(data, ratings.categories, 'unweighted');
  const report: AgreementReport = {
    level,
    ...field('alpha', alpha.alpha),
    ...alphaInterval(table, level, opts),
    ...field('fleiss_kappa', fleissKappa(table)),
    ...field('cohen_kappa_mean', cohen.mean),
    ...field('ac1', gwetAc1(table, ratings.categories.length)),
    ...field('percent_agreement', percentAgreement(table)),
    n_items: data.items.length,
    n_raters: data.raters.length,
    n_ratings: ratings.rows.filter((row) => row.value != null).length,
    n_pairable: alpha.pairable,
    n_rater_pairs: cohen.pairs.length,
    categories: ratings.categories,
  };
  return { ok: true, report };
}

function alphaInterval(
  table: CountTable,
  level: AlphaLevel,
  opts: AgreementReportOptions,
): { alpha_ci: AlphaInterval | null; alpha_ci_reason: string | null } {
  const replicates = opts.replicates ?? 1000;
  const seed = opts.seed ?? 1;
  if (replicates === 0) return { alpha_ci: null, alpha_ci_reason: 'bootstrap skipped' };
  const ci = bootstrapCountTable(table, (sample) => krippendorffAlpha(sample, level), {
    seed,
    replicates,
  });
  if (!ci.defined) return { alpha_ci: null, alpha_ci_reason: ci.reason };
  const interval = { lower: ci.lower, upper: ci.upper, level: ci.level, replicates, seed };
  return { alpha_ci: interval, alpha_ci_reason: null };
}
