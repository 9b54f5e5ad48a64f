import {
  bootstrapCountTable,
  type CountTable,
  krippendorffAlpha,
  logBinomialPmf,
  mulberry32,
} from '@peel/shared';
import { binomialDraw, countPatterns, patternBootstrap } from './pattern-bootstrap';

/** A table of `n` items rated by 3-5 raters, with agreement around 0.5. */
function noisyTable(n: number, seed: number): CountTable<string> {
  const random = mulberry32(seed);
  const counts = Array.from({ length: n }, () => {
    const row = new Float64Array(3);
    const truth = Math.floor(random() * 3);
    const raters = 3 + Math.floor(random() * 3);
    for (let r = 0; r < raters; r++) row[random() < 0.7 ? truth : Math.floor(random() * 3)] += 1;
    return row;
  });
  return { categories: ['a', 'b', 'c'], counts };
}

const alphaOf = (table: CountTable) => krippendorffAlpha(table, 'nominal');

describe('binomialDraw', () => {
  it('draws exactly Binomial(n, p): frequencies match the pmf', () => {
    const random = mulberry32(3);
    const n = 6;
    const p = 0.3;
    const draws = 200_000;
    const seen = new Array<number>(n + 1).fill(0);
    for (let d = 0; d < draws; d++) seen[binomialDraw(random, n, p)] += 1;
    seen.forEach((count, k) => {
      const expected = Math.exp(logBinomialPmf(k, n, p));
      const sd = Math.sqrt((expected * (1 - expected)) / draws);
      expect(Math.abs(count / draws - expected)).toBeLessThan(5 * sd + 1e-6);
    });
  });

  it('has the binomial mean and variance for large n', () => {
    const random = mulberry32(4);
    const n = 200_000;
    const p = 0.013;
    const xs = Array.from({ length: 4000 }, () => binomialDraw(random, n, p));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean - n * p) / Math.sqrt((n * p * (1 - p)) / xs.length)).toBeLessThan(4);
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.9);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.1);
  });

  it('handles the edges', () => {
    const random = mulberry32(1);
    expect(binomialDraw(random, 0, 0.5)).toBe(0);
    expect(binomialDraw(random, 10, 0)).toBe(0);
    expect(binomialDraw(random, 10, 1)).toBe(10);
  });
});

describe('patternBootstrap', () => {
  it('merges equal rows into patterns whatever the item order', () => {
    const table = noisyTable(300, 1);
    const reversed = countPatterns([...table.counts].reverse());
    const forward = countPatterns(table.counts);
    expect(forward.patterns.map((p) => Array.from(p))).toEqual(
      reversed.patterns.map((p) => Array.from(p)),
    );
    expect(Array.from(forward.units)).toEqual(Array.from(reversed.units));
    expect(forward.units.reduce((s, x) => s + x, 0)).toBe(300);
  });

  it('is reproducible by seed and independent of item order', () => {
    const table = noisyTable(200, 2);
    const shuffled = { ...table, counts: [...table.counts].reverse() };
    const a = patternBootstrap(table, alphaOf, { seed: 7, replicates: 300 });
    const b = patternBootstrap(shuffled, alphaOf, { seed: 7, replicates: 300 });
    const c = patternBootstrap(table, alphaOf, { seed: 8, replicates: 300 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('is the item bootstrap in distribution: its interval matches bootstrapCountTable', () => {
    const table = noisyTable(400, 3);
    const options = { seed: 11, replicates: 4000 };
    const ours = patternBootstrap(table, alphaOf, options);
    const items = bootstrapCountTable(table, alphaOf, options);
    if (!ours.defined || !items.defined) throw new Error('expected defined intervals');
    expect(ours.estimate).toBe(items.estimate);
    const width = items.upper - items.lower;
    expect(Math.abs(ours.lower - items.lower)).toBeLessThan(0.05 * width);
    expect(Math.abs(ours.upper - items.upper)).toBeLessThan(0.05 * width);
  });

  it('passes on an undefined statistic with its reason', () => {
    const table = {
      categories: ['a', 'b'],
      counts: [Float64Array.of(2, 0), Float64Array.of(3, 0)],
    };
    expect(patternBootstrap(table, alphaOf, { seed: 1 })).toEqual({
      defined: false,
      reason: expect.stringMatching(/single category/),
    });
  });
});
