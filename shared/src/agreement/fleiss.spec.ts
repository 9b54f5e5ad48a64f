import { fleissKappa } from './fleiss';
import { pairwiseAgreement } from './pairwise-agreement';
import { type CountTable, countTableFromData } from './reliability-data';
import { type Fraction, frac, randomUnits, shuffled, unitsToData } from './spec-helpers';
import { UNDEFINED_REASONS } from './statistic';

// Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality
// disorder, schizophrenia, neurosis, other); cell = number of psychiatrists choosing the diagnosis.
// (The same data as R irr's `diagnoses`.) Published kappa: .430.
const FLEISS_1971 = [
  [0, 0, 0, 6, 0],
  [0, 3, 0, 0, 3],
  [0, 1, 4, 0, 1],
  [0, 0, 0, 0, 6],
  [0, 3, 0, 3, 0],
  [2, 0, 4, 0, 0],
  [0, 0, 4, 0, 2],
  [2, 0, 3, 1, 0],
  [2, 0, 0, 4, 0],
  [0, 0, 0, 0, 6],
  [1, 0, 0, 5, 0],
  [1, 1, 0, 4, 0],
  [0, 3, 3, 0, 0],
  [1, 0, 0, 5, 0],
  [0, 2, 0, 3, 1],
  [0, 0, 5, 0, 1],
  [3, 0, 0, 1, 2],
  [5, 1, 0, 0, 0],
  [0, 2, 0, 4, 0],
  [1, 0, 2, 0, 3],
  [0, 0, 0, 0, 6],
  [0, 1, 0, 5, 0],
  [0, 2, 0, 1, 3],
  [2, 0, 0, 4, 0],
  [1, 0, 0, 4, 1],
  [0, 5, 0, 1, 0],
  [4, 0, 0, 0, 2],
  [0, 2, 0, 4, 0],
  [1, 0, 5, 0, 0],
  [0, 0, 0, 0, 6],
];

// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
// Published: P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
const WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

const asTable = (counts: number[][]): CountTable => ({
  categories: counts[0].map((_, k) => k),
  counts,
});

/** Fleiss (1971) verbatim, for a constant number m of raters, in exact fractions. */
function classicFleiss(counts: number[][]): Fraction {
  const m = counts[0].reduce((a, b) => a + b, 0);
  const n = counts.length;
  const pBar = counts
    .map((row) => frac(row.reduce((s, x) => s + x * x, 0) - m, m * (m - 1)))
    .reduce((a, b) => a.add(b))
    .div(frac(n));
  const pe = counts[0]
    .map((_, j) =>
      frac(
        counts.reduce((s, row) => s + row[j], 0),
        n * m,
      ),
    )
    .reduce((s, p) => s.add(p.mul(p)), frac(0));
  return pBar.sub(pe).div(frac(1).sub(pe));
}

/** Gwet's generalisation written out item by item in exact fractions (unequal raters). */
function gwetFleiss(counts: number[][]): Fraction {
  const rated = counts.filter((row) => row.some((x) => x > 0));
  const paired = rated.filter((row) => row.reduce((a, b) => a + b, 0) >= 2);
  const pa = paired
    .map((row) => {
      const r = row.reduce((a, b) => a + b, 0);
      return frac(
        row.reduce((s, x) => s + x * (x - 1), 0),
        r * (r - 1),
      );
    })
    .reduce((a, b) => a.add(b))
    .div(frac(paired.length));
  const pi = counts[0].map((_, k) =>
    rated
      .map((row) =>
        frac(
          row[k],
          row.reduce((a, b) => a + b, 0),
        ),
      )
      .reduce((a, b) => a.add(b))
      .div(frac(rated.length)),
  );
  const pe = pi.reduce((s, p) => s.add(p.mul(p)), frac(0));
  return pa.sub(pe).div(frac(1).sub(pe));
}

function kappa(counts: number[][]): number {
  const result = fleissKappa(asTable(counts));
  if (!result.defined) throw new Error(result.reason);
  return result.value;
}

describe('Fleiss kappa', () => {
  it('reproduces Fleiss (1971): kappa = .430', () => {
    expect(FLEISS_1971).toHaveLength(30);
    expect(FLEISS_1971.every((row) => row.reduce((a, b) => a + b) === 6)).toBe(true);
    expect(kappa(FLEISS_1971).toFixed(3)).toBe('0.430');
    // Hand computation: P-bar = 5/9, P-bar_e = 3563/16200, kappa = 5437/12637.
    expect(classicFleiss(FLEISS_1971)).toEqual(frac(5437, 12637));
    expect(kappa(FLEISS_1971)).toBe(frac(5437, 12637).toNumber());
  });

  it('reproduces the Wikipedia example: P-bar 0.378, P-bar_e 0.213, kappa 0.210', () => {
    const agreement = pairwiseAgreement(asTable(WIKIPEDIA));
    expect(agreement.observedAgreement.toFixed(3)).toBe('0.378');
    const pe = Array.from(agreement.proportions).reduce((s, p) => s + p * p, 0);
    expect(pe.toFixed(3)).toBe('0.213');
    expect(kappa(WIKIPEDIA).toFixed(3)).toBe('0.210');
    expect(kappa(WIKIPEDIA)).toBe(classicFleiss(WIKIPEDIA).toNumber());
  });

  it('with unequal raters per item equals the item-by-item generalised formula', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const data = unitsToData(randomUnits(seed, 25, 6, 4, 0.35));
      const table = countTableFromData(data, [0, 1, 2, 3]);
      const counts = table.counts.map((row) => Array.from(row));
      expect(kappa(counts)).toBe(gwetFleiss(counts).toNumber());
    }
  });

  it('ignores items with one rating for p_a but counts them in the proportions', () => {
    const counts = [
      [2, 0],
      [1, 1],
      [0, 1],
    ];
    // p_a = (1 + 0) / 2 = 1/2; pi = (1 + 1/2 + 0) / 3, (0 + 1/2 + 1) / 3 = 1/2, 1/2; p_e = 1/2.
    expect(kappa(counts)).toBe(0);
    expect(gwetFleiss(counts)).toEqual(frac(0));
  });

  it('gives 1 for perfect agreement and is invariant under item and category order', () => {
    expect(
      kappa([
        [3, 0, 0],
        [0, 2, 0],
        [0, 0, 4],
      ]),
    ).toBe(1);
    const base = kappa(FLEISS_1971);
    expect(kappa(shuffled(FLEISS_1971, 4))).toBe(base);
    expect(kappa(FLEISS_1971.map((row) => [row[3], row[0], row[4], row[2], row[1]]))).toBe(base);
  });

  it('is undefined without items, without pairs, or with a single category', () => {
    expect(fleissKappa({ categories: [0, 1], counts: [] })).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noItems,
    });
    expect(
      fleissKappa(
        asTable([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noPairable,
    });
    expect(
      fleissKappa(
        asTable([
          [3, 0],
          [2, 0],
        ]),
      ),
    ).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.singleCategory,
    });
  });
});
