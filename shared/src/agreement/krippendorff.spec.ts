import {
  coincidenceMatrix,
  krippendorffAlpha,
  krippendorffAlphaDetails,
  ALPHA_LEVELS,
} from './krippendorff';
import {
  countTableFromData,
  countTableFromGroupedCounts,
  type GroupedCount,
  reliabilityDataFromRows,
} from './reliability-data';
import { bruteForceAlpha, frac, randomUnits, shuffled, unitsToData } from './spec-helpers';
import { UNDEFINED_REASONS } from './statistic';

const _ = null;
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers
// (columns A-D) x 12 units with missing data. Unit 12 has a single value and is not pairable.
const KRIPPENDORFF_2011 = [
  [1, 1, _, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [_, 5, 5, 5],
  [_, _, 1, 1],
  [_, _, 3, _],
];
const table = countTableFromData(unitsToData(KRIPPENDORFF_2011));

function alphaValue(
  t: Parameters<typeof krippendorffAlpha>[0],
  level: (typeof ALPHA_LEVELS)[number],
) {
  const alpha = krippendorffAlpha(t, level);
  if (!alpha.defined) throw new Error(alpha.reason);
  return alpha.value;
}

describe('Krippendorff alpha: the published 2011 example', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('%s alpha is %s to 3 decimals', (level, published) => {
    expect(alphaValue(table, level).toFixed(3)).toBe(published.toFixed(3));
  });

  it('has the hand-computed coincidence matrix and marginals (n = 40)', () => {
    const { matrix, marginals, pairable } = coincidenceMatrix(table);
    expect(pairable).toBe(40);
    expect(Array.from(marginals)).toEqual([9, 13, 10, 5, 3]);
    const expected = [
      [7, 4 / 3, 1 / 3, 1 / 3, 0],
      [4 / 3, 10, 4 / 3, 1 / 3, 0],
      [1 / 3, 4 / 3, 8, 1 / 3, 0],
      [1 / 3, 1 / 3, 1 / 3, 4, 0],
      [0, 0, 0, 0, 3],
    ];
    expected.flat().forEach((o, x) => expect(matrix[x]).toBeCloseTo(o, 14));
  });

  // Hand computation from the coincidence matrix above (exact fractions):
  // nominal: D_o = (sum of off-diagonal o_ck) / n = 8/40; n^2 - sum n_c^2 = 1600 - 384 = 1216, so
  //   alpha = 1 - (n - 1) 8 / 1216 = 904/1216 = 113/152.
  // interval: D_o = 13/30, D_e = 112/39, alpha = 1 - (13/30)/(112/39) = 951/1120.
  // ordinal: D_o = 1891/40, D_e = 3329/13, alpha = 108577/133160.
  // ratio: alpha = 18222619/22852465.
  it.each([
    ['nominal', frac(113, 152)],
    ['ordinal', frac(108577, 133160)],
    ['interval', frac(951, 1120)],
    ['ratio', frac(18222619, 22852465)],
  ] as const)('%s alpha is the correctly rounded exact hand value', (level, exact) => {
    expect(alphaValue(table, level)).toBe(exact.toNumber());
    expect(bruteForceAlpha(KRIPPENDORFF_2011, level)).toEqual(exact);
  });

  it('reports the disagreements', () => {
    const details = krippendorffAlphaDetails(table, 'interval');
    expect(details.observedDisagreement).toBe(13 / 30);
    expect(details.expectedDisagreement).toBe(112 / 39);
    expect(details.pairable).toBe(40);
  });
});

describe('Krippendorff alpha against the pairwise definition', () => {
  it.each(ALPHA_LEVELS)('%s: equals an independent brute-force rational computation', (level) => {
    for (let seed = 1; seed <= 12; seed++) {
      const units = randomUnits(seed, 15, 4, 4).map((u) => u.map((v) => (v === null ? v : v + 1)));
      const expected = bruteForceAlpha(units, level).toNumber();
      expect(alphaValue(countTableFromData(unitsToData(units)), level)).toBe(expected);
    }
  });

  it('handles non-integer interval and ratio values exactly', () => {
    const units = [
      [0.5, 1.25, _],
      [2.75, 2.75, 0.5],
      [0, 1.25, 1.25],
    ];
    const scaled = units.map((u) => u.map((v) => (v === null ? v : v * 4)));
    const t = countTableFromData(unitsToData(units));
    expect(alphaValue(t, 'interval')).toBe(bruteForceAlpha(scaled, 'interval').toNumber());
    expect(alphaValue(t, 'ratio')).toBe(bruteForceAlpha(scaled, 'ratio').toNumber());
  });
});

describe('Krippendorff alpha properties', () => {
  it.each(ALPHA_LEVELS)('%s: perfect agreement gives 1', (level) => {
    const units = [
      [1, 1, 1],
      [2, 2, _],
      [3, 3, 3],
      [_, 1, 1],
    ];
    expect(alphaValue(countTableFromData(unitsToData(units)), level)).toBe(1);
  });

  it('nominal alpha is invariant under relabelling the categories', () => {
    const units = randomUnits(7, 40, 5, 4);
    const labels = ['d', 'a', 'c', 'b'];
    const relabelled = units.map((u) => u.map((v) => (v === null ? v : labels[v])));
    expect(alphaValue(countTableFromData(unitsToData(relabelled)), 'nominal')).toBe(
      alphaValue(countTableFromData(unitsToData(units)), 'nominal'),
    );
  });

  it.each(ALPHA_LEVELS)('%s: invariant under rater order and item order', (level) => {
    const units = randomUnits(11, 50, 5, 5);
    const base = alphaValue(countTableFromData(unitsToData(units)), level);
    const order = shuffled([0, 1, 2, 3, 4], 3);
    const raterPermuted = units.map((u) => order.map((r) => u[r]));
    expect(alphaValue(countTableFromData(unitsToData(raterPermuted)), level)).toBe(base);
    expect(alphaValue(countTableFromData(unitsToData(shuffled(units, 5))), level)).toBe(base);
  });

  it('ordinal alpha over ordered labels equals ordinal alpha over their ranks', () => {
    const units = randomUnits(13, 30, 3, 3);
    const labels = ['low', 'mid', 'high'];
    const named = units.map((u) => u.map((v) => (v === null ? v : labels[v])));
    expect(alphaValue(countTableFromData(unitsToData(named), labels), 'ordinal')).toBe(
      alphaValue(countTableFromData(unitsToData(units), [0, 1, 2]), 'ordinal'),
    );
  });

  it('declared but unused categories do not change alpha', () => {
    const data = unitsToData(KRIPPENDORFF_2011);
    for (const level of ALPHA_LEVELS) {
      const wide = countTableFromData(data, [1, 2, 3, 4, 5, 6, 7]);
      expect(alphaValue(wide, level)).toBe(alphaValue(table, level));
    }
  });

  it('works from GROUP BY item, value counts', () => {
    const rows: GroupedCount<number>[] = [];
    KRIPPENDORFF_2011.forEach((u, i) => {
      for (const v of new Set(u)) {
        if (v !== null)
          rows.push({ item: `u${i}`, value: v, count: u.filter((x) => x === v).length });
      }
    });
    const grouped = countTableFromGroupedCounts(shuffled(rows, 2));
    for (const level of ALPHA_LEVELS) {
      expect(alphaValue(grouped, level)).toBe(alphaValue(table, level));
    }
  });

  it.each(ALPHA_LEVELS)('%s: a unit of weight w counts as w identical units', (level) => {
    const counts = table.counts.map((row) => Array.from(row));
    const weights = counts.map((_, u) => u % 3);
    const expanded = counts.flatMap((row, u) => Array.from({ length: weights[u] }, () => row));
    const weighted = { categories: table.categories, counts, weights };
    expect(alphaValue(weighted, level)).toBe(
      alphaValue({ categories: table.categories, counts: expanded }, level),
    );
  });

  it('builds the same table from long rows', () => {
    const rows = KRIPPENDORFF_2011.flatMap((u, i) =>
      u.map((value, r) => ({ item: `u${i}`, rater: 'ABCD'[r], value })),
    );
    const data = reliabilityDataFromRows(shuffled(rows, 9));
    expect(alphaValue(countTableFromData(data), 'ordinal')).toBe(alphaValue(table, 'ordinal'));
    expect(() => reliabilityDataFromRows([...rows, rows[0]])).toThrow(/duplicate rating/);
  });
});

describe('Krippendorff alpha undefined cases', () => {
  it('no items', () => {
    expect(krippendorffAlpha({ categories: [1, 2], counts: [] }, 'nominal')).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noPairable,
    });
  });

  it('fewer than two pairable values', () => {
    const t = countTableFromData(
      unitsToData([
        [1, _],
        [_, 2],
        [_, _],
      ]),
    );
    const details = krippendorffAlphaDetails(t, 'interval');
    expect(details.alpha).toEqual({ defined: false, reason: UNDEFINED_REASONS.noPairable });
    expect(details.pairable).toBe(0);
  });

  it.each(ALPHA_LEVELS)('%s: a single category in use (D_e = 0)', (level) => {
    const t = countTableFromData(
      unitsToData([
        [2, 2],
        [2, 2, 2],
        [3, _],
      ]),
    );
    expect(krippendorffAlpha(t, level)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.singleCategory,
    });
  });

  it('rejects non-numeric interval categories, negative ratio values and bad counts', () => {
    const named = countTableFromData(unitsToData([['a', 'b']]));
    expect(() => krippendorffAlpha(named, 'interval')).toThrow(TypeError);
    const negative = countTableFromData(unitsToData([[-1, 2]]));
    expect(() => krippendorffAlpha(negative, 'ratio')).toThrow(RangeError);
    expect(() => krippendorffAlpha({ categories: [1, 2], counts: [[1.5, 1]] }, 'nominal')).toThrow(
      /invalid count/,
    );
    expect(() => krippendorffAlpha({ categories: [1, 2], counts: [[1]] }, 'nominal')).toThrow(
      /counts for 2 categories/,
    );
  });
});
