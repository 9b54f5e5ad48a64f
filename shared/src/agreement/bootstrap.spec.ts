import { bootstrapCi, bootstrapCountTable, quantileSorted } from './bootstrap';
import { fleissKappa } from './fleiss';
import { gwetAc1 } from './gwet-ac1';
import { ALPHA_LEVELS, krippendorffAlpha } from './krippendorff';
import { mulberry32 } from './prng';
import { type CountTable, countTableFromData } from './reliability-data';
import { randomUnits, unitsToData } from './spec-helpers';
import { type Statistic, UNDEFINED_REASONS } from './statistic';

const table = countTableFromData(unitsToData(randomUnits(21, 200, 4, 3)), [0, 1, 2]);
const alphaOf = (counts: typeof table.counts): Statistic =>
  krippendorffAlpha({ categories: table.categories, counts }, 'nominal');

describe('mulberry32', () => {
  it('is deterministic for a seed and yields values in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 10000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('quantileSorted (type 7)', () => {
  it("matches R's default quantile", () => {
    // R: quantile(1:4, c(0, .25, .5, .975, 1)) = 1, 1.75, 2.5, 3.925, 4
    expect([0, 0.25, 0.5, 0.975, 1].map((p) => quantileSorted([1, 2, 3, 4], p))).toEqual([
      1, 1.75, 2.5, 3.925, 4,
    ]);
    expect(quantileSorted([7], 0.3)).toBe(7);
  });
});

describe('bootstrapCi', () => {
  it('is deterministic for a seed and brackets the estimate', () => {
    const first = bootstrapCi(table.counts, alphaOf, { seed: 7, replicates: 300 });
    const second = bootstrapCi(table.counts, alphaOf, { seed: 7, replicates: 300 });
    expect(first).toEqual(second);
    if (!first.defined) throw new Error(first.reason);
    const estimate = alphaOf(table.counts);
    expect(estimate.defined && first.estimate === estimate.value).toBe(true);
    expect(first.lower).toBeLessThan(first.estimate);
    expect(first.upper).toBeGreaterThan(first.estimate);
    expect(first).toMatchObject({ level: 0.95, replicates: 300, undefinedReplicates: 0 });
    const other = bootstrapCi(table.counts, alphaOf, { seed: 8, replicates: 300 });
    expect(other.defined && other.lower !== first.lower).toBe(true);
  });

  it('narrows with the level and works for any statistic', () => {
    const wide = bootstrapCi(table.counts, alphaOf, { seed: 1, replicates: 200, level: 0.99 });
    const narrow = bootstrapCi(table.counts, alphaOf, { seed: 1, replicates: 200, level: 0.5 });
    if (!wide.defined || !narrow.defined) throw new Error('undefined');
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
    const fleiss = bootstrapCi(
      table.counts,
      (counts) => fleissKappa({ categories: table.categories, counts }),
      { seed: 3, replicates: 100 },
    );
    expect(fleiss.defined).toBe(true);
  });

  it('leaves undefined replicates out and counts them', () => {
    // Two items: a replicate drawing the same item twice has a single category in use.
    const counts = [
      [2, 0],
      [1, 1],
    ];
    const result = bootstrapCi(
      counts,
      (c) => krippendorffAlpha({ categories: [0, 1], counts: c }, 'nominal'),
      {
        seed: 5,
        replicates: 100,
      },
    );
    if (!result.defined) throw new Error(result.reason);
    expect(result.undefinedReplicates).toBeGreaterThan(0);
    expect(result.undefinedReplicates).toBeLessThan(100);
  });

  it('is undefined when the statistic is undefined on the data or on every replicate', () => {
    const undefinedStat = (): Statistic => ({ defined: false, reason: 'nope' });
    expect(bootstrapCi([1, 2, 3], undefinedStat, { seed: 1 })).toEqual({
      defined: false,
      reason: 'nope',
    });
    const units = [1, 2, 3];
    const onlyOriginal = (sample: readonly number[]): Statistic =>
      sample === units ? { defined: true, value: 1 } : { defined: false, reason: 'x' };
    expect(bootstrapCi(units, onlyOriginal, { seed: 1, replicates: 10 })).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noReplicate,
    });
  });

  it('rejects bad options', () => {
    expect(() => bootstrapCi([1], alphaOfNothing, { seed: 1, replicates: 0 })).toThrow(RangeError);
    expect(() => bootstrapCi([1], alphaOfNothing, { seed: 1, level: 1 })).toThrow(RangeError);
  });
});

describe('bootstrapCountTable', () => {
  it.each(ALPHA_LEVELS)(
    '%s alpha: the same interval as the generic bootstrap, from patterns',
    (level) => {
      const generic = bootstrapCi(
        table.counts,
        (counts) => krippendorffAlpha({ categories: table.categories, counts }, level),
        { seed: 17, replicates: 200 },
      );
      const fast = bootstrapCountTable(table, (t) => krippendorffAlpha(t, level), {
        seed: 17,
        replicates: 200,
      });
      expect(fast).toEqual(generic);
    },
  );

  it('Fleiss kappa and AC1: the same interval as the generic bootstrap', () => {
    const stats = [(t: CountTable) => fleissKappa(t), (t: CountTable) => gwetAc1(t, 5)];
    for (const stat of stats) {
      const generic = bootstrapCi(
        table.counts,
        (counts) => stat({ categories: table.categories, counts }),
        { seed: 4, replicates: 100 },
      );
      expect(bootstrapCountTable(table, stat, { seed: 4, replicates: 100 })).toEqual(generic);
    }
  });

  it('refuses a table that already has weights', () => {
    expect(() =>
      bootstrapCountTable({ ...table, weights: table.counts.map(() => 1) }, fleissKappa, {
        seed: 1,
      }),
    ).toThrow(RangeError);
  });
});

function alphaOfNothing(): Statistic {
  return { defined: true, value: 0 };
}
