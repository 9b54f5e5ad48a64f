import { binomialTest, logBinomialPmf } from './binomial-test';
import { UNDEFINED_REASONS } from './statistic';

/**
 * R's two-sided binom.test p-value for p = a/b in exact BigInt arithmetic:
 * sum of P(X = k) over k with P(X = k) <= P(X = x)(1 + 1e-7), to about 16 digits.
 */
function exactBinomialP(x: number, n: number, a: number, b: number): number {
  const weights: bigint[] = [];
  let choose = 1n;
  for (let k = 0; k <= n; k++) {
    weights.push(choose * BigInt(a) ** BigInt(k) * BigInt(b - a) ** BigInt(n - k));
    choose = (choose * BigInt(n - k)) / BigInt(k + 1);
  }
  const threshold = weights[x] * 10000001n;
  const tail = weights.filter((w) => w * 10000000n <= threshold).reduce((s, w) => s + w, 0n);
  const total = BigInt(b) ** BigInt(n);
  const shift = total.toString(2).length - tail.toString(2).length + 64;
  return Math.min(1, Number((tail << BigInt(shift)) / total) * 2 ** -shift);
}

describe('binomialTest', () => {
  it("reproduces R's binom.test example: 682 of 925 against p = 3/4 gives p = 0.3825", () => {
    const result = binomialTest(682, 925, 0.75);
    if (!result.defined) throw new Error(result.reason);
    expect(result.pValue.toFixed(4)).toBe('0.3825');
    expect(result.pValue / exactBinomialP(682, 925, 3, 4)).toBeCloseTo(1, 12);
  });

  it('equals the exact BigInt computation for p = 1/2 and 3/4', () => {
    for (const [n, a, b] of [
      [20, 1, 2],
      [101, 1, 2],
      [300, 1, 2],
      [57, 3, 4],
    ]) {
      for (let x = 0; x <= n; x += Math.max(1, Math.floor(n / 17))) {
        const result = binomialTest(x, n, a / b);
        if (!result.defined) throw new Error(result.reason);
        const exact = exactBinomialP(x, n, a, b);
        if (exact === 1) expect(result.pValue).toBe(1);
        else expect(result.pValue / exact).toBeCloseTo(1, 12);
      }
    }
  });

  it('for p = 1/2 is 2 P(X <= min(x, n - x)) and symmetric', () => {
    // n = 10, x = 2: 2 (1 + 10 + 45) / 1024 = 112/1024.
    const result = binomialTest(2, 10);
    expect(result.defined && result.pValue).toBeCloseTo(112 / 1024, 15);
    const mirrored = binomialTest(8, 10);
    expect(mirrored.defined && mirrored.pValue).toBeCloseTo(112 / 1024, 15);
    expect(binomialTest(5, 10)).toEqual({ defined: true, pValue: 1, logPValue: 0 });
  });

  it('stays finite in log space for n = 1e6', () => {
    const start = Date.now();
    const extreme = binomialTest(0, 1_000_000);
    expect(extreme.defined && extreme.pValue).toBe(0);
    // ln p = ln 2 + 1e6 ln(1/2).
    expect(extreme.defined && extreme.logPValue).toBeCloseTo(Math.log(2) - 1e6 * Math.log(2), 6);
    const near = binomialTest(499_000, 1_000_000);
    const far = binomialTest(497_000, 1_000_000);
    if (!near.defined || !far.defined) throw new Error('undefined');
    expect(near.pValue).toBeGreaterThan(far.pValue);
    // Normal approximation with continuity correction: z = (1000 - 0.5) / 500.
    expect(near.pValue).toBeCloseTo(0.0455, 3);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('has an accurate log pmf', () => {
    // P(X = 3), n = 10, p = 1/2: 120 / 1024.
    expect(logBinomialPmf(3, 10, 0.5)).toBeCloseTo(Math.log(120 / 1024), 14);
    expect(logBinomialPmf(0, 10, 0.5)).toBeCloseTo(-10 * Math.log(2), 14);
  });

  it('is undefined without trials and rejects bad input', () => {
    expect(binomialTest(0, 0)).toEqual({ defined: false, reason: UNDEFINED_REASONS.noTrials });
    expect(() => binomialTest(3, 2)).toThrow(RangeError);
    expect(() => binomialTest(1, 2, 1)).toThrow(RangeError);
  });
});
