import { assertCounts } from './proportion';
import { UNDEFINED_REASONS } from './statistic';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_2PI = Math.log(2 * Math.PI);

/** ln n! for n <= 15, from the exact factorial (15! < 2^53). */
function lnSmallFactorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return Math.log(f);
}

/** Stirling's error ln n! - (n + 1/2) ln n + n - ln sqrt(2 pi), for integer n >= 1. */
function stirlingError(n: number): number {
  if (n <= 15) return lnSmallFactorial(n) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** Loader's deviance term bd0(x, m) = x ln(x/m) + m - x, computed without cancellation. */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * ln P(X = k) for X ~ Binomial(n, p), by Loader's (2000) saddle-point expansion: accurate to a few
 * ulps in relative terms even for n in the millions, and finite where the probability underflows.
 */
export function logBinomialPmf(k: number, n: number, p: number): number {
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const lc =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    deviance(k, n * p) -
    deviance(n - k, n * (1 - p));
  return lc - 0.5 * (LN_2PI + Math.log(k) + Math.log1p(-k / n));
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
}

/** ln sum of P(X = k) from k = from, stepping by step (+1 or -1) away from the mode. */
function logTail(from: number, step: 1 | -1, n: number, p: number): number {
  const base = logBinomialPmf(from, n, p);
  let sum = 0;
  for (let k = from; k >= 0 && k <= n; k += step) {
    const term = Math.exp(logBinomialPmf(k, n, p) - base);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return base + Math.log(sum);
}

/** The first k in [lo, hi] with pred(k), for pred false..false true..true; hi + 1 if none. */
function firstTrue(lo: number, hi: number, pred: (k: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (pred(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

export type BinomialTestResult =
  | { readonly defined: true; readonly pValue: number; readonly logPValue: number }
  | { readonly defined: false; readonly reason: string };

/**
 * Exact two-sided binomial test of H0: P(success) = p, with R's `binom.test` definition: the
 * p-value sums P(X = k) over every k with P(X = k) <= P(X = x) (1 + 1e-7). For p = 0.5 this is
 * min(1, 2 P(X <= min(x, n - x))). Computed in log space (logPValue stays finite where pValue
 * underflows to 0), in O(sqrt(n) + log n) pmf evaluations: fine for n up to 1e6 and beyond.
 */
export function binomialTest(successes: number, trials: number, p = 0.5): BinomialTestResult {
  assertCounts(successes, trials);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (trials === 0) return { defined: false, reason: UNDEFINED_REASONS.noTrials };
  const n = trials;
  const m = n * p;
  if (successes === m) return { defined: true, pValue: 1, logPValue: 0 };
  const threshold = logBinomialPmf(successes, n, p) + Math.log1p(1e-7);
  const atMost = (k: number) => logBinomialPmf(k, n, p) <= threshold;
  let logP: number;
  if (successes < m) {
    const start = firstTrue(Math.ceil(m), n, atMost);
    const upper = start <= n ? logTail(start, 1, n, p) : -Infinity;
    logP = logSumExp(logTail(successes, -1, n, p), upper);
  } else {
    const end = firstTrue(0, Math.floor(m), (k) => !atMost(k)) - 1;
    const lower = end >= 0 ? logTail(end, -1, n, p) : -Infinity;
    logP = logSumExp(lower, logTail(successes, 1, n, p));
  }
  const logPValue = Math.min(0, logP);
  return { defined: true, pValue: Math.exp(logPValue), logPValue };
}
