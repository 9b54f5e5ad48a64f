import { normalQuantile, proportion, wilsonInterval } from './proportion';
import { UNDEFINED_REASONS } from './statistic';

describe('normalQuantile', () => {
  it('gives the familiar quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 14);
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.04709629936, 9);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('is antisymmetric', () => {
    for (const p of [0.01, 0.1, 0.3, 0.45])
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 14);
  });
});

describe('wilsonInterval', () => {
  /** The Wilson bounds in the other textbook form: (2x + z^2 -/+ z sqrt(z^2 + 4x(n - x)/n)) / (2(n + z^2)). */
  function textbook(x: number, n: number, z: number) {
    const root = z * Math.sqrt(z * z + (4 * x * (n - x)) / n);
    return [(2 * x + z * z - root) / (2 * (n + z * z)), (2 * x + z * z + root) / (2 * (n + z * z))];
  }

  it('matches the textbook form', () => {
    const z = normalQuantile(0.975);
    for (const [x, n] of [
      [1, 10],
      [81, 263],
      [500, 1000],
      [3, 7],
    ]) {
      const interval = wilsonInterval(x, n);
      if (!interval.defined) throw new Error(interval.reason);
      const [lower, upper] = textbook(x, n, z);
      expect(interval.lower).toBeCloseTo(lower, 14);
      expect(interval.upper).toBeCloseTo(upper, 14);
      expect(interval.estimate).toBe(x / n);
    }
  });

  it('pins the bound at 0 or 1 for 0 or n successes', () => {
    const z = normalQuantile(0.975);
    expect(wilsonInterval(0, 10)).toMatchObject({ lower: 0, estimate: 0 });
    const none = wilsonInterval(0, 10);
    expect(none.defined && none.upper).toBeCloseTo((z * z) / (10 + z * z), 15);
    expect(wilsonInterval(10, 10)).toMatchObject({ upper: 1 });
  });

  it('is undefined without trials and rejects bad counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ defined: false, reason: UNDEFINED_REASONS.noTrials });
    expect(proportion(0, 0)).toEqual({ defined: false, reason: UNDEFINED_REASONS.noTrials });
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
  });
});
