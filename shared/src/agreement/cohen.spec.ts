import {
  cohenKappa,
  COHEN_WEIGHTS,
  contingencyTable,
  kappaWeight,
  meanPairwiseCohenKappa,
} from './cohen';
import { frac, randomUnits, unitsToData } from './spec-helpers';
import { type Statistic, UNDEFINED_REASONS } from './statistic';

function value(statistic: Statistic): number {
  if (!statistic.defined) throw new Error(statistic.reason);
  return statistic.value;
}

/** Cohen's definition with proportions, in plain floating point (an independent check). */
function naiveKappa(table: number[][], weights: (typeof COHEN_WEIGHTS)[number]): number {
  const q = table.length;
  const n = table.flat().reduce((a, b) => a + b, 0);
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0) / n);
  const cols = table[0].map((_, j) => table.reduce((s, row) => s + row[j], 0) / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const w = kappaWeight(i, j, q, weights);
      po += (w * table[i][j]) / n;
      pe += w * rows[i] * cols[j];
    }
  }
  return (po - pe) / (1 - pe);
}

describe("Cohen's kappa", () => {
  it('reproduces the Wikipedia example (50 items: 20, 5, 10, 15): kappa = 0.4', () => {
    // p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4.
    expect(
      value(
        cohenKappa([
          [20, 5],
          [10, 15],
        ]),
      ),
    ).toBe(0.4);
  });

  it('reproduces the Wikipedia pair with equal p_o = 0.60: 0.1304 and 0.2593', () => {
    // [[45, 15], [25, 15]]: p_e = 0.6 * 0.7 + 0.4 * 0.3 = 0.54, kappa = 0.06 / 0.46 = 3/23.
    expect(
      value(
        cohenKappa([
          [45, 15],
          [25, 15],
        ]),
      ).toFixed(4),
    ).toBe('0.1304');
    expect(
      value(
        cohenKappa([
          [45, 15],
          [25, 15],
        ]),
      ),
    ).toBe(frac(3, 23).toNumber());
    // [[25, 35], [5, 35]]: p_e = 0.6 * 0.3 + 0.4 * 0.7 = 0.46, kappa = 0.14 / 0.54 = 7/27.
    expect(
      value(
        cohenKappa([
          [25, 35],
          [5, 35],
        ]),
      ).toFixed(4),
    ).toBe('0.2593');
    expect(
      value(
        cohenKappa([
          [25, 35],
          [5, 35],
        ]),
      ),
    ).toBe(frac(7, 27).toNumber());
  });

  // Hand computation on a 3-category table (N = 30, row totals 12, 13, 5, column totals 14, 11, 5):
  // unweighted p_o = 21/30, p_e = 336/900 -> 49/94;
  // linear weights 1, 1/2, 0: p_o = 5/6, p_e = 553/900 -> 197/347;
  // quadratic weights 1, 3/4, 0: p_o = 9/10, p_e = 147/200 -> 33/53.
  const table = [
    [10, 2, 0],
    [3, 8, 2],
    [1, 1, 3],
  ];
  it.each([
    ['unweighted', frac(49, 94)],
    ['linear', frac(197, 347)],
    ['quadratic', frac(33, 53)],
  ] as const)('%s weights give the hand-computed value', (weights, exact) => {
    expect(value(cohenKappa(table, weights))).toBe(exact.toNumber());
    expect(naiveKappa(table, weights)).toBeCloseTo(exact.toNumber(), 14);
  });

  it('weights follow the declared category list, including unused categories', () => {
    // An unused category between the first two stretches the distances: linear weights over
    // (a, unused, b, c) are 1 - |i - j| / 3. A trailing unused category only rescales all
    // disagreement weights by one factor, which cancels in kappa.
    const spaced = [
      [10, 0, 2, 0],
      [0, 0, 0, 0],
      [3, 0, 8, 2],
      [1, 0, 1, 3],
    ];
    expect(value(cohenKappa(spaced, 'unweighted'))).toBe(frac(49, 94).toNumber());
    expect(value(cohenKappa(spaced, 'linear'))).toBeCloseTo(naiveKappa(spaced, 'linear'), 14);
    expect(value(cohenKappa(spaced, 'linear'))).not.toBeCloseTo(frac(197, 347).toNumber(), 3);
    const trailing = [...table.map((row) => [...row, 0]), [0, 0, 0, 0]];
    expect(value(cohenKappa(trailing, 'linear'))).toBe(frac(197, 347).toNumber());
  });

  it('gives 1 for perfect agreement and is symmetric in the raters', () => {
    expect(
      value(
        cohenKappa([
          [4, 0],
          [0, 6],
        ]),
      ),
    ).toBe(1);
    const transposed = table[0].map((_, j) => table.map((row) => row[j]));
    for (const w of COHEN_WEIGHTS) {
      expect(value(cohenKappa(transposed, w))).toBe(value(cohenKappa(table, w)));
    }
  });

  it('is undefined without shared items or with one shared category', () => {
    expect(
      cohenKappa([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noSharedItems,
    });
    expect(
      cohenKappa(
        [
          [5, 0],
          [0, 0],
        ],
        'quadratic',
      ),
    ).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.singleCategory,
    });
  });
});

describe('pairwise Cohen kappa from reliability data', () => {
  it('builds contingency tables over shared items only', () => {
    const data = unitsToData([
      ['y', 'y', null],
      ['y', 'n', 'n'],
      [null, 'n', 'n'],
      ['n', 'n', 'y'],
    ]);
    expect(contingencyTable(data, 0, 1, ['y', 'n'])).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it("averages the pairs' kappas (Light's kappa)", () => {
    const units = randomUnits(3, 60, 4, 3, 0.3);
    const data = unitsToData(units);
    const result = meanPairwiseCohenKappa(data, [0, 1, 2]);
    expect(result.pairs).toHaveLength(6);
    const direct: number[] = [];
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        const kappa = value(cohenKappa(contingencyTable(data, a, b, [0, 1, 2])));
        direct.push(kappa);
        const pair = result.pairs.find((p) => p.raterA === `r${a}` && p.raterB === `r${b}`);
        expect(pair && value(pair.kappa)).toBe(kappa);
      }
    }
    expect(value(result.mean)).toBeCloseTo(direct.reduce((s, x) => s + x) / direct.length, 15);
  });

  it('is undefined when no pair of raters shares an item', () => {
    const data = unitsToData([
      ['a', null],
      [null, 'b'],
    ]);
    expect(meanPairwiseCohenKappa(data, ['a', 'b']).mean).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noSharedItems,
    });
  });
});
