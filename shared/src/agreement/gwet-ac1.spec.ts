import { gwetAc1 } from './gwet-ac1';
import { percentAgreement } from './pairwise-agreement';
import { type CountTable, countTableFromData } from './reliability-data';
import { type Fraction, frac, randomUnits, shuffled, unitsToData } from './spec-helpers';
import { type Statistic, UNDEFINED_REASONS } from './statistic';

function value(statistic: Statistic): number {
  if (!statistic.defined) throw new Error(statistic.reason);
  return statistic.value;
}

/** AC1 written out from Gwet (2014) item by item in exact fractions. */
function referenceAc1(counts: number[][], q: number): Fraction {
  const total = (row: number[]) => row.reduce((a, b) => a + b, 0);
  const rated = counts.filter((row) => total(row) >= 1);
  const paired = rated.filter((row) => total(row) >= 2);
  const pa = paired
    .map((row) =>
      frac(
        row.reduce((s, x) => s + x * (x - 1), 0),
        total(row) * (total(row) - 1),
      ),
    )
    .reduce((a, b) => a.add(b))
    .div(frac(paired.length));
  const pi = counts[0].map((_, k) =>
    rated
      .map((row) => frac(row[k], total(row)))
      .reduce((a, b) => a.add(b))
      .div(frac(rated.length)),
  );
  const pe = pi.reduce((s, p) => s.add(p.mul(frac(1).sub(p))), frac(0)).div(frac(q - 1));
  return pa.sub(pe).div(frac(1).sub(pe));
}

const table = (counts: number[][]): CountTable => ({
  categories: counts[0].map((_, k) => k),
  counts,
});

describe("Gwet's AC1", () => {
  // The Wikipedia Cohen example (50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15) by hand:
  // p_a = 35/50 = 7/10; pi_yes = (25/50 + 30/50) / 2 = 11/20, pi_no = 9/20;
  // p_e = (1 / (2 - 1)) * 2 * (11/20)(9/20) = 99/200; AC1 = (7/10 - 99/200) / (101/200) = 41/101.
  const wikipedia = [
    ...Array.from({ length: 20 }, () => [2, 0]),
    ...Array.from({ length: 15 }, () => [1, 1]),
    ...Array.from({ length: 15 }, () => [0, 2]),
  ];

  it('matches the hand computation on a two-rater example: 41/101', () => {
    expect(value(gwetAc1(table(wikipedia), 2))).toBe(frac(41, 101).toNumber());
    expect(referenceAc1(wikipedia, 2)).toEqual(frac(41, 101));
  });

  it('uses the declared number of categories Q, not the observed one', () => {
    // Same data declared over 35 categories: p_e = 2 (11/20)(9/20) / 34 = 99/6800;
    // AC1 = (7/10 - 99/6800) / (1 - 99/6800) = 4661/6701.
    const wide = wikipedia.map((row) => [...row, ...new Array<number>(33).fill(0)]);
    expect(value(gwetAc1(table(wikipedia), 35))).toBe(frac(4661, 6701).toNumber());
    expect(value(gwetAc1(table(wide)))).toBe(frac(4661, 6701).toNumber());
    expect(referenceAc1(wide, 35)).toEqual(frac(4661, 6701));
  });

  it('equals the item-by-item formula with missing ratings', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const t = countTableFromData(unitsToData(randomUnits(seed, 30, 5, 4, 0.4)), [0, 1, 2, 3]);
      const counts = t.counts.map((row) => Array.from(row));
      expect(value(gwetAc1(t, 6))).toBe(referenceAc1(counts, 6).toNumber());
    }
  });

  it('gives 1 for perfect agreement, is invariant under item order', () => {
    expect(
      value(
        gwetAc1(
          table([
            [3, 0],
            [0, 2],
            [2, 0],
          ]),
          2,
        ),
      ),
    ).toBe(1);
    expect(
      value(
        gwetAc1(
          table([
            [3, 0],
            [3, 0],
          ]),
          2,
        ),
      ),
    ).toBe(1);
    expect(value(gwetAc1(table(shuffled(wikipedia, 8)), 2))).toBe(frac(41, 101).toNumber());
  });

  it('is undefined without pairs or with fewer than two declared categories', () => {
    expect(gwetAc1(table([[1, 0]]), 2)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noPairable,
    });
    expect(gwetAc1({ categories: ['a'], counts: [[2]] }, 1)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.fewCategories,
    });
    expect(gwetAc1({ categories: [], counts: [] }, 2)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noItems,
    });
    expect(() => gwetAc1(table([[1, 1]]), 1)).toThrow(RangeError);
  });
});

describe('percent agreement', () => {
  it('is the share of agreeing rater pairs per item, averaged over items', () => {
    // Item 1: 3 raters, 2 agree: 1 agreeing pair of 3 -> 1/3. Item 2: unanimous -> 1.
    // Item 3: one rating, left out. Mean: (1/3 + 1) / 2 = 2/3.
    const t = table([
      [2, 1],
      [0, 4],
      [1, 0],
    ]);
    expect(value(percentAgreement(t))).toBe(2 / 3);
  });

  it('for two raters is the share of shared items they agree on', () => {
    const wikipedia = [
      ...Array.from({ length: 35 }, () => [2, 0]),
      ...Array.from({ length: 15 }, () => [1, 1]),
    ];
    expect(value(percentAgreement(table(wikipedia)))).toBe(0.7);
  });

  it('is undefined without items with two ratings', () => {
    expect(
      percentAgreement(
        table([
          [1, 0],
          [0, 0],
        ]),
      ),
    ).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noPairable,
    });
  });
});
