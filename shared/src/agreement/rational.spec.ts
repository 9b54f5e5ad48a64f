import { mulberry32 } from './prng';
import { dyadicIntegers, lcmOf, ratioToNumber } from './rational';

describe('ratioToNumber', () => {
  it('equals IEEE division when both operands are exact doubles', () => {
    const random = mulberry32(99);
    for (let t = 0; t < 2000; t++) {
      const p = Math.floor(random() * 2 ** 53) - 2 ** 52;
      const q = Math.floor(random() * 2 ** 40) + 1;
      expect(ratioToNumber(BigInt(p), BigInt(q))).toBe(p / q);
    }
  });

  it('rounds huge ratios once, ties to even', () => {
    const big = 1n << 200n;
    expect(ratioToNumber(big + 1n, big)).toBe(1);
    expect(ratioToNumber((1n << 53n) + 1n, 1n)).toBe(2 ** 53);
    expect(ratioToNumber((1n << 53n) + 3n, 1n)).toBe(2 ** 53 + 4);
    expect(ratioToNumber(big * 3n + 1n, big * 3n)).toBe(1);
    expect(ratioToNumber(big, 3n * big)).toBe(1 / 3);
    expect(ratioToNumber(-1n, 3n)).toBe(-1 / 3);
    expect(ratioToNumber(1n, -3n)).toBe(-1 / 3);
    expect(ratioToNumber(0n, 5n)).toBe(0);
    expect(() => ratioToNumber(1n, 0n)).toThrow(RangeError);
  });
});

describe('exact helpers', () => {
  it('writes doubles as integers over a power of two', () => {
    expect(dyadicIntegers([0.5, 1.25, 3])).toEqual({ integers: [2n, 5n, 12n], exponent: 2 });
    expect(dyadicIntegers([0.1])?.integers[0]).toBe(BigInt(0.1 * 2 ** 55));
    expect(lcmOf([2, 3, 4, 6])).toBe(12n);
  });
});
