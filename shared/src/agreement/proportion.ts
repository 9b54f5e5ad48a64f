import { type Statistic, UNDEFINED_REASONS } from './statistic';

// Wichura (1988), algorithm AS 241 (PPND16): the normal quantile to about 1e-16 relative accuracy.
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

function ratio(num: readonly number[], den: readonly number[], x: number): number {
  let n = 0;
  let d = 0;
  for (let k = num.length - 1; k >= 0; k--) {
    n = n * x + num[k];
    d = d * x + den[k];
  }
  return n / d;
}

/** The standard normal quantile function (inverse CDF), Wichura's AS 241. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`p must be in [0, 1], got ${p}`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return q * ratio(A, B, 0.180625 - q * q);
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  r = r <= 5 ? ratio(C, D, r - 1.6) : ratio(E, F, r - 5);
  return q < 0 ? -r : r;
}

export type ProportionInterval =
  | {
      readonly defined: true;
      readonly estimate: number;
      readonly lower: number;
      readonly upper: number;
      readonly level: number;
    }
  | { readonly defined: false; readonly reason: string };

/**
 * Wilson (1927) score interval for a binomial proportion x/n at the given two-sided level:
 * (p + z^2/(2n) -/+ z sqrt(p(1 - p)/n + z^2/(4n^2))) / (1 + z^2/n), z = Phi^-1((1 + level)/2).
 * Exactly 0 (1) as the lower (upper) bound when x = 0 (x = n). Undefined when n = 0.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  level = 0.95,
): ProportionInterval {
  assertCounts(successes, trials);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (trials === 0) return { defined: false, reason: UNDEFINED_REASONS.noTrials };
  const p = successes / trials;
  const z = normalQuantile((1 + level) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  const lower = successes === 0 ? 0 : Math.max(0, center - half);
  const upper = successes === trials ? 1 : Math.min(1, center + half);
  return { defined: true, estimate: p, lower, upper, level };
}

/** Throws unless 0 <= successes <= trials are integers. */
export function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`trials must be a non-negative integer, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes must be an integer in [0, ${trials}], got ${successes}`);
  }
}

/** The statistic form of a proportion: defined as x/n when n > 0. */
export function proportion(successes: number, trials: number): Statistic {
  assertCounts(successes, trials);
  if (trials === 0) return { defined: false, reason: UNDEFINED_REASONS.noTrials };
  return { defined: true, value: successes / trials };
}
