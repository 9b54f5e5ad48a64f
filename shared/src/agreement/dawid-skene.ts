import { categoryIndex, type RatingValue, type ReliabilityData } from './reliability-data';

/** Labels in flat typed arrays: label e says rater[e] put item[e] in class label[e]. */
export interface LabelSet {
  readonly nItems: number;
  readonly nRaters: number;
  readonly nClasses: number;
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly label: Int32Array;
}

export interface DawidSkeneOptions {
  /** Most EM iterations (default 100). */
  readonly maxIterations?: number;
  /** Stop once no posterior moves by more than this between iterations (default 1e-6). */
  readonly tolerance?: number;
  /** Pseudo-count added to every confusion cell and class prior count (default 0.01). */
  readonly smoothing?: number;
}

export interface DawidSkeneResult {
  readonly nItems: number;
  readonly nRaters: number;
  readonly nClasses: number;
  /** Item-major posteriors: posteriors[i * nClasses + k] = P(true class of item i = k). */
  readonly posteriors: Float64Array;
  /** The class of top posterior per item (the lowest index among equal posteriors). */
  readonly winners: Int32Array;
  /** Top posterior minus second posterior per item (0 for a tie). */
  readonly margins: Float64Array;
  /** Estimated class priors. */
  readonly priors: Float64Array;
  /** confusion[(j * K + k) * K + l] = P(rater j says l | true class k); rows sum to 1. */
  readonly confusion: Float64Array;
  /** Per rater, P(label = true class) under the estimated priors: sum_k prior_k confusion_jkk. */
  readonly raterAccuracy: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** Marginal log-likelihood of the labels under the final parameters. */
  readonly logLikelihood: number;
}

/** Encodes reliability data as a label set over the given class list (missing values skipped). */
export function labelSetFromData<V extends RatingValue>(
  data: ReliabilityData<V>,
  categories: readonly V[],
): LabelSet {
  const index = categoryIndex(categories);
  const item: number[] = [];
  const rater: number[] = [];
  const label: number[] = [];
  data.values.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === null) return;
      const k = index.get(v);
      if (k === undefined) throw new RangeError(`value ${String(v)} is not a declared category`);
      item.push(i);
      rater.push(j);
      label.push(k);
    });
  });
  return {
    nItems: data.items.length,
    nRaters: data.raters.length,
    nClasses: categories.length,
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    label: Int32Array.from(label),
  };
}

function validate(labels: LabelSet): void {
  const { nItems, nRaters, nClasses, item, rater, label } = labels;
  if (item.length !== rater.length || item.length !== label.length) {
    throw new RangeError('item, rater and label arrays differ in length');
  }
  if (nClasses < 1) throw new RangeError('nClasses must be at least 1');
  for (let e = 0; e < item.length; e++) {
    if (item[e] < 0 || item[e] >= nItems || rater[e] < 0 || rater[e] >= nRaters) {
      throw new RangeError(`label ${e} has an item or rater out of range`);
    }
    if (label[e] < 0 || label[e] >= nClasses) throw new RangeError(`label ${e} is out of range`);
  }
}

/**
 * Items grouped by label pattern: the same (rater, label) sequence in the order the label arrays
 * list it. EM does the same floating-point operations, in the same order, for every item of a
 * pattern, so each pattern's posterior is computed once and is bitwise what each of its items
 * would get; only the sums over items (class priors, confusion counts, log-likelihood) still run
 * item by item, in the original order, so they too are bitwise the per-item algorithm's.
 */
interface Patterns {
  readonly count: number;
  /** patternOf[i]: the pattern of item i. */
  readonly patternOf: Int32Array;
  /** The labels (indices into the label arrays) of pattern p: labelIndex[start[p] .. start[p + 1]). */
  readonly start: Int32Array;
  readonly labelIndex: Int32Array;
}

function groupPatterns(labels: LabelSet): Patterns {
  const { nItems, item, rater, label } = labels;
  // the labels of each item, in label order (a stable counting sort by item)
  const offset = new Int32Array(nItems + 1);
  for (let e = 0; e < item.length; e++) offset[item[e] + 1]++;
  for (let i = 0; i < nItems; i++) offset[i + 1] += offset[i];
  const byItem = new Int32Array(item.length);
  const fill = offset.slice(0, nItems);
  for (let e = 0; e < item.length; e++) byItem[fill[item[e]]++] = e;
  const ids = new Map<string, number>();
  const patternOf = new Int32Array(nItems);
  const firstItem: number[] = [];
  for (let i = 0; i < nItems; i++) {
    let key = '';
    for (let x = offset[i]; x < offset[i + 1]; x++)
      key += `${rater[byItem[x]]}:${label[byItem[x]]},`;
    let p = ids.get(key);
    if (p === undefined) {
      p = firstItem.length;
      ids.set(key, p);
      firstItem.push(i);
    }
    patternOf[i] = p;
  }
  const start = new Int32Array(firstItem.length + 1);
  firstItem.forEach((i, p) => (start[p + 1] = start[p] + offset[i + 1] - offset[i]));
  const labelIndex = new Int32Array(start[firstItem.length]);
  firstItem.forEach((i, p) => labelIndex.set(byItem.subarray(offset[i], offset[i + 1]), start[p]));
  return { count: firstItem.length, patternOf, start, labelIndex };
}

/** Soft majority vote per pattern: each item's vote shares; uniform for an item without labels. */
function majoritySoftLabels(labels: LabelSet, patterns: Patterns): Float64Array {
  const { nClasses: q, label } = labels;
  const soft = new Float64Array(patterns.count * q);
  for (let p = 0; p < patterns.count; p++) {
    for (let x = patterns.start[p]; x < patterns.start[p + 1]; x++) {
      soft[p * q + label[patterns.labelIndex[x]]] += 1;
    }
  }
  normalizeRows(soft, patterns.count, q);
  return soft;
}

function normalizeRows(matrix: Float64Array, rows: number, q: number): void {
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < q; k++) sum += matrix[i * q + k];
    for (let k = 0; k < q; k++) matrix[i * q + k] = sum > 0 ? matrix[i * q + k] / sum : 1 / q;
  }
}

/** M-step: smoothed priors and confusion rows from the current (pattern) posteriors. */
function maximize(
  labels: LabelSet,
  patternOf: Int32Array,
  posteriors: Float64Array,
  smoothing: number,
) {
  const { nItems, nRaters, nClasses: q, item, rater, label } = labels;
  const priors = new Float64Array(q).fill(smoothing);
  for (let i = 0; i < nItems; i++) {
    const base = patternOf[i] * q;
    for (let k = 0; k < q; k++) priors[k] += posteriors[base + k];
  }
  const confusion = new Float64Array(nRaters * q * q).fill(smoothing);
  for (let e = 0; e < item.length; e++) {
    const base = patternOf[item[e]] * q;
    const cell = rater[e] * q * q + label[e];
    for (let k = 0; k < q; k++) confusion[cell + k * q] += posteriors[base + k];
  }
  normalizeRows(priors, 1, q);
  normalizeRows(confusion, nRaters * q, q);
  return { priors, confusion };
}

/**
 * E-step: each pattern's posterior from priors and confusion matrices into `out`; returns the
 * log-likelihood, summed item by item.
 */
function expect(
  labels: LabelSet,
  patterns: Patterns,
  priors: Float64Array,
  confusion: Float64Array,
  out: Float64Array,
): number {
  const { nRaters, nClasses: q, rater, label } = labels;
  const logConfusion = new Float64Array(nRaters * q * q);
  for (let j = 0; j < nRaters; j++) {
    for (let k = 0; k < q; k++) {
      for (let l = 0; l < q; l++) {
        logConfusion[(j * q + l) * q + k] = Math.log(confusion[(j * q + k) * q + l]);
      }
    }
  }
  const logPriors = priors.map(Math.log);
  const logSumExp = new Float64Array(patterns.count);
  for (let p = 0; p < patterns.count; p++) {
    const base = p * q;
    out.set(logPriors, base);
    for (let x = patterns.start[p]; x < patterns.start[p + 1]; x++) {
      const e = patterns.labelIndex[x];
      const cell = (rater[e] * q + label[e]) * q;
      for (let k = 0; k < q; k++) out[base + k] += logConfusion[cell + k];
    }
    logSumExp[p] = softmaxRow(out, base, q);
  }
  let logLikelihood = 0;
  for (let i = 0; i < patterns.patternOf.length; i++) {
    logLikelihood += logSumExp[patterns.patternOf[i]];
  }
  return logLikelihood;
}

/** Turns one row of log-weights into probabilities in place; returns its log-sum-exp. */
function softmaxRow(matrix: Float64Array, base: number, q: number): number {
  let max = -Infinity;
  for (let k = 0; k < q; k++) if (matrix[base + k] > max) max = matrix[base + k];
  let sum = 0;
  for (let k = 0; k < q; k++) {
    matrix[base + k] = Math.exp(matrix[base + k] - max);
    sum += matrix[base + k];
  }
  for (let k = 0; k < q; k++) matrix[base + k] /= sum;
  return max + Math.log(sum);
}

function maxAbsDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let x = 0; x < a.length; x++) {
    const d = Math.abs(a[x] - b[x]);
    if (d > max) max = d;
  }
  return max;
}

/** Each item's row of the pattern matrix `rows`. */
function perItem(rows: Float64Array, patternOf: Int32Array, q: number): Float64Array {
  const out = new Float64Array(patternOf.length * q);
  for (let i = 0; i < patternOf.length; i++) {
    out.set(rows.subarray(patternOf[i] * q, patternOf[i] * q + q), i * q);
  }
  return out;
}

/**
 * Dawid & Skene (1979) EM over per-rater confusion matrices. Deterministic: it starts from the
 * soft majority vote (each item's vote shares), then alternates the M-step (class priors and
 * confusion rows, each cell smoothed by `smoothing` pseudo-counts so no probability is 0) and the
 * E-step (posteriors over the true class) until no posterior moves by more than `tolerance`, or
 * `maxIterations`. Cost per iteration: O(labels x K + items x K + raters x K^2) additions, and the
 * logarithms and exponentials once per label pattern (see Patterns), flat typed arrays.
 */
export function dawidSkene(labels: LabelSet, options: DawidSkeneOptions = {}): DawidSkeneResult {
  validate(labels);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const smoothing = options.smoothing ?? 0.01;
  if (!(smoothing > 0)) throw new RangeError('smoothing must be positive');
  const patterns = groupPatterns(labels);
  let posteriors: Float64Array = majoritySoftLabels(labels, patterns);
  let next: Float64Array = new Float64Array(posteriors.length);
  let params: { priors: Float64Array; confusion: Float64Array } | null = null;
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    params = maximize(labels, patterns.patternOf, posteriors, smoothing);
    logLikelihood = expect(labels, patterns, params.priors, params.confusion, next);
    converged = maxAbsDifference(posteriors, next) <= tolerance;
    [posteriors, next] = [next, posteriors];
  }
  const { priors, confusion } =
    params ?? maximize(labels, patterns.patternOf, posteriors, smoothing);
  const itemPosteriors = perItem(posteriors, patterns.patternOf, labels.nClasses);
  return {
    ...labelShape(labels),
    posteriors: itemPosteriors,
    ...winnersAndMargins(itemPosteriors, labels.nItems, labels.nClasses),
    priors,
    confusion,
    raterAccuracy: raterAccuracy(priors, confusion, labels.nRaters, labels.nClasses),
    iterations,
    converged,
    logLikelihood,
  };
}

function labelShape(labels: LabelSet) {
  return { nItems: labels.nItems, nRaters: labels.nRaters, nClasses: labels.nClasses };
}

function winnersAndMargins(posteriors: Float64Array, nItems: number, q: number) {
  const winners = new Int32Array(nItems);
  const margins = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let best = 0;
    let first = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < q; k++) {
      const p = posteriors[i * q + k];
      if (p > first) {
        second = first;
        first = p;
        best = k;
      } else if (p > second) {
        second = p;
      }
    }
    winners[i] = best;
    margins[i] = q > 1 ? first - second : 1;
  }
  return { winners, margins };
}

function raterAccuracy(priors: Float64Array, confusion: Float64Array, nRaters: number, q: number) {
  const accuracy = new Float64Array(nRaters);
  for (let j = 0; j < nRaters; j++) {
    for (let k = 0; k < q; k++) accuracy[j] += priors[k] * confusion[(j * q + k) * q + k];
  }
  return accuracy;
}

/** The posterior over classes of one item. */
export function posteriorOf(result: DawidSkeneResult, item: number): number[] {
  const q = result.nClasses;
  return Array.from(result.posteriors.subarray(item * q, (item + 1) * q));
}

/** Rater j's confusion matrix: rows are true classes, columns the rater's labels. */
export function confusionMatrixOf(result: DawidSkeneResult, rater: number): number[][] {
  const q = result.nClasses;
  return Array.from({ length: q }, (_, k) =>
    Array.from(result.confusion.subarray((rater * q + k) * q, (rater * q + k + 1) * q)),
  );
}
