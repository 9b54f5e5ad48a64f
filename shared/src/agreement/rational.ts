/**
 * Exact arithmetic helpers. The count-based statistics keep integer sufficient statistics and
 * combine them in BigInt, so their result is the exact rational rounded once to the nearest double.
 */

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** p / q rounded to the nearest double (ties to even): one rounding of the exact quotient. */
export function ratioToNumber(p: bigint, q: bigint): number {
  if (q === 0n) throw new RangeError('division by zero');
  if (q < 0n) return ratioToNumber(-p, -q);
  if (p === 0n) return 0;
  if (p < 0n) return -ratioToNumber(-p, q);
  // Scale so the integer quotient has 55 or 56 bits: 53 kept, a guard bit, and a sticky bit that
  // records a non-zero remainder. Number(bigint) then rounds correctly to nearest-even.
  const shift = bitLength(q) - bitLength(p) + 55;
  const num = shift >= 0 ? p << BigInt(shift) : p;
  const den = shift >= 0 ? q : q << BigInt(-shift);
  let quotient = num / den;
  if (num % den !== 0n) quotient |= 1n;
  return scaleByPowerOfTwo(Number(quotient), -shift);
}

function scaleByPowerOfTwo(x: number, exponent: number): number {
  let result = x;
  let e = exponent;
  while (e > 1000) {
    result *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    result *= 2 ** -1000;
    e += 1000;
  }
  return result * 2 ** e;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: bigint, b: bigint): bigint {
  return a === 0n || b === 0n ? 0n : (a / gcd(a, b)) * b;
}

/** The least common multiple of positive integers. */
export function lcmOf(values: Iterable<number>): bigint {
  let result = 1n;
  for (const v of values) result = lcm(result, BigInt(v));
  return result;
}

/**
 * Exact integers for finite doubles: the integers V_i and an exponent K with
 * values[i] = V_i / 2^K (every double is such a dyadic rational); null if V_i would overflow.
 */
export function dyadicIntegers(
  values: readonly number[],
): { integers: bigint[]; exponent: number } | null {
  let exponent = 0;
  for (const v of values) {
    let scaled = v;
    let k = 0;
    while (!Number.isInteger(scaled)) {
      scaled *= 2;
      k++;
    }
    exponent = Math.max(exponent, k);
  }
  const scaled = values.map((v) => scaleByPowerOfTwo(v, exponent));
  if (!scaled.every(Number.isFinite)) return null;
  return { integers: scaled.map((v) => BigInt(v)), exponent };
}
