import {
  confusionMatrixOf,
  dawidSkene,
  type LabelSet,
  labelSetFromData,
  posteriorOf,
} from './dawid-skene';
import { majorityVoteIndices } from './majority-vote';
import { mulberry32 } from './prng';
import { unitsToData } from './spec-helpers';

const ACCURACIES = [0.9, 0.8, 0.7, 0.6, 0.55];

/** Seeded raters of known accuracy; a wrong label is uniform over the other classes. */
function simulate(seed: number, nItems: number, q: number, accuracies: readonly number[]) {
  const random = mulberry32(seed);
  const truth = Int32Array.from({ length: nItems }, () => Math.floor(random() * q));
  const item: number[] = [];
  const rater: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < nItems; i++) {
    accuracies.forEach((accuracy, j) => {
      const wrong = (truth[i] + 1 + Math.floor(random() * (q - 1))) % q;
      item.push(i);
      rater.push(j);
      label.push(random() < accuracy ? truth[i] : wrong);
    });
  }
  const labels: LabelSet = {
    nItems,
    nRaters: accuracies.length,
    nClasses: q,
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    label: Int32Array.from(label),
  };
  return { truth, labels };
}

/** Majority-vote accuracy with ties broken uniformly at random (its expected value). */
function majorityAccuracy(labels: LabelSet, truth: Int32Array): number {
  const counts = Array.from({ length: labels.nItems }, () =>
    new Array<number>(labels.nClasses).fill(0),
  );
  labels.item.forEach((i, e) => counts[i][labels.label[e]]++);
  const right = counts.map((row, i) => {
    const { winners } = majorityVoteIndices(row);
    return winners.includes(truth[i]) ? 1 / winners.length : 0;
  });
  return right.reduce((a, b) => a + b, 0) / labels.nItems;
}

describe('Dawid-Skene', () => {
  const { truth, labels } = simulate(2024, 2000, 3, ACCURACIES);
  const result = dawidSkene(labels);

  it('recovers the truth better than majority vote on raters of known accuracy', () => {
    const dsAccuracy = Array.from(result.winners).filter((w, i) => w === truth[i]).length / 2000;
    const mvAccuracy = majorityAccuracy(labels, truth);
    // Seed 2024: Dawid-Skene 0.9415, majority vote 0.903 (ties broken at random, expected value).
    expect(dsAccuracy).toBeGreaterThan(mvAccuracy);
    expect(dsAccuracy).toBeGreaterThan(0.93);
    expect(result.converged).toBe(true);
  });

  it('estimates each rater accuracy and confusion matrix', () => {
    Array.from(result.raterAccuracy).forEach((estimate, j) => {
      expect(Math.abs(estimate - ACCURACIES[j])).toBeLessThan(0.04);
    });
    const confusion = confusionMatrixOf(result, 0);
    expect(confusion).toHaveLength(3);
    confusion.forEach((row, k) => {
      expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(row[k]).toBeGreaterThan(0.85);
      expect(Math.min(...row)).toBeGreaterThan(0);
    });
  });

  it('returns normalised posteriors, their winner and margin', () => {
    for (const i of [0, 1, 500, 1999]) {
      const posterior = posteriorOf(result, i);
      expect(posterior.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      const sorted = [...posterior].sort((a, b) => b - a);
      expect(posterior[result.winners[i]]).toBe(sorted[0]);
      expect(result.margins[i]).toBeCloseTo(sorted[0] - sorted[1], 15);
    }
    expect(Array.from(result.priors).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('is deterministic', () => {
    const again = dawidSkene(simulate(2024, 2000, 3, ACCURACIES).labels);
    expect(again.posteriors).toEqual(result.posteriors);
    expect(again.iterations).toBe(result.iterations);
  });

  it('stops at maxIterations without claiming convergence', () => {
    const capped = dawidSkene(labels, { maxIterations: 2, tolerance: 0 });
    expect(capped.iterations).toBe(2);
    expect(capped.converged).toBe(false);
  });

  it('gives items without labels the class priors, and reads reliability data', () => {
    const data = unitsToData([
      ['a', 'a', 'b'],
      ['b', 'b', null],
      [null, null, null],
      ['a', 'b', 'a'],
    ]);
    const fit = dawidSkene(labelSetFromData(data, ['a', 'b']));
    expect(posteriorOf(fit, 2)[0]).toBeCloseTo(fit.priors[0], 12);
    expect(Array.from(fit.winners.subarray(0, 2))).toEqual([0, 1]);
    expect(() => labelSetFromData(data, ['a'])).toThrow(/not a declared category/);
  });

  it('rejects labels out of range', () => {
    const bad: LabelSet = { ...labels, label: Int32Array.from(labels.label, () => 3) };
    expect(() => dawidSkene(bad)).toThrow(RangeError);
  });
});
