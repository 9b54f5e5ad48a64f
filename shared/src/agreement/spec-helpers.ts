// Test support only (imported by the *.spec.ts files): independent, deliberately naive reference
// implementations in exact rational arithmetic, and small data helpers.
import { type AlphaLevel } from './krippendorff';
import { mulberry32 } from './prng';
import { type RatingValue, type ReliabilityData } from './reliability-data';

/** An exact fraction p / q (q > 0, reduced). */
export class Fraction {
  readonly p: bigint;
  readonly q: bigint;

  constructor(p: bigint | number, q: bigint | number = 1n) {
    let num = BigInt(p);
    let den = BigInt(q);
    if (den < 0n) [num, den] = [-num, -den];
    let a = num < 0n ? -num : num;
    let b = den;
    while (b !== 0n) [a, b] = [b, a % b];
    this.p = a === 0n ? 0n : num / a;
    this.q = a === 0n ? 1n : den / a;
  }

  add(o: Fraction): Fraction {
    return new Fraction(this.p * o.q + o.p * this.q, this.q * o.q);
  }
  sub(o: Fraction): Fraction {
    return new Fraction(this.p * o.q - o.p * this.q, this.q * o.q);
  }
  mul(o: Fraction): Fraction {
    return new Fraction(this.p * o.p, this.q * o.q);
  }
  div(o: Fraction): Fraction {
    return new Fraction(this.p * o.q, this.q * o.p);
  }
  /** Correctly rounded when p and q are safe integers (one IEEE division of exact operands). */
  toNumber(): number {
    const safe = (x: bigint) =>
      x <= BigInt(Number.MAX_SAFE_INTEGER) && -x <= BigInt(Number.MAX_SAFE_INTEGER);
    if (!safe(this.p) || !safe(this.q))
      throw new Error(`not exactly convertible: ${this.p}/${this.q}`);
    return Number(this.p) / Number(this.q);
  }
}

export const frac = (p: number, q = 1) => new Fraction(p, q);

const sum = (xs: Fraction[]) => xs.reduce((a, b) => a.add(b), frac(0));

/**
 * Krippendorff's alpha straight from the pairwise definition (Krippendorff 2011): over units with
 * m_u >= 2 values, D_o = (1/n) sum_u 1/(m_u - 1) sum_{i != j in u} delta^2(v_i, v_j) and
 * D_e = 1/(n (n - 1)) sum_{i != j over all pairable values} delta^2(v_i, v_j). Numbers only;
 * ordinal ranks follow numeric order.
 */
export function bruteForceAlpha(units: readonly (number | null)[][], level: AlphaLevel): Fraction {
  const pairable = units
    .map((u) => u.filter((v): v is number => v !== null))
    .filter((u) => u.length >= 2);
  const values = pairable.flat();
  const n = values.length;
  const count = (g: number) => values.filter((v) => v === g).length;
  const categories = [...new Set(values)].sort((a, b) => a - b);
  const delta = (c: number, k: number): Fraction => {
    if (c === k) return frac(0);
    if (level === 'nominal') return frac(1);
    if (level === 'interval') return frac((c - k) ** 2);
    if (level === 'ratio') return frac(c - k, c + k).mul(frac(c - k, c + k));
    const between = categories.filter((g) => g >= Math.min(c, k) && g <= Math.max(c, k));
    const d = frac(between.reduce((s, g) => s + count(g), 0)).sub(frac(count(c) + count(k), 2));
    return d.mul(d);
  };
  const within = pairable.map((u) =>
    sum(u.flatMap((a, i) => u.map((b, j) => (i === j ? frac(0) : delta(a, b))))).div(
      frac(u.length - 1),
    ),
  );
  const observed = sum(within).div(frac(n));
  const all = values.flatMap((a, i) => values.map((b, j) => (i === j ? frac(0) : delta(a, b))));
  const expected = sum(all).div(frac(n * (n - 1)));
  return frac(1).sub(observed.div(expected));
}

/** Reliability data from a units x raters matrix (null = missing), items u0.., raters r0... */
export function unitsToData<V extends RatingValue>(
  units: readonly (readonly (V | null)[])[],
): ReliabilityData<V> {
  const width = units.reduce((w, u) => Math.max(w, u.length), 0);
  return {
    items: units.map((_, u) => `u${u}`),
    raters: Array.from({ length: width }, (_, r) => `r${r}`),
    values: units.map((u) => Array.from({ length: width }, (_, r) => u[r] ?? null)),
  };
}

/** A seeded Fisher-Yates shuffle (copy). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Random units x raters data over categories 0..q-1 with a share of missing values. */
export function randomUnits(
  seed: number,
  units: number,
  raters: number,
  q: number,
  missing = 0.2,
): (number | null)[][] {
  const random = mulberry32(seed);
  return Array.from({ length: units }, () => {
    const truth = Math.floor(random() * q);
    return Array.from({ length: raters }, () => {
      if (random() < missing) return null;
      return random() < 0.6 ? truth : Math.floor(random() * q);
    });
  });
}
