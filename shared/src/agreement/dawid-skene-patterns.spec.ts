import { dawidSkene, type DawidSkeneOptions, type LabelSet } from './dawid-skene';
import { mulberry32 } from './prng';

/**
 * The plain per-item EM (what dawidSkene computed before it grouped items by label pattern): the
 * grouped one must give bitwise the same numbers.
 */
function plainDawidSkene(labels: LabelSet, options: Required<DawidSkeneOptions>) {
  const { nItems, nRaters, nClasses: q, item, rater, label } = labels;
  const normalizeRows = (m: Float64Array, rows: number) => {
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let k = 0; k < q; k++) sum += m[i * q + k];
      for (let k = 0; k < q; k++) m[i * q + k] = sum > 0 ? m[i * q + k] / sum : 1 / q;
    }
  };
  let posteriors = new Float64Array(nItems * q);
  for (let e = 0; e < item.length; e++) posteriors[item[e] * q + label[e]] += 1;
  normalizeRows(posteriors, nItems);
  let next = new Float64Array(nItems * q);
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  let priors = new Float64Array(q);
  let confusion = new Float64Array(nRaters * q * q);
  while (iterations < options.maxIterations && !converged) {
    iterations++;
    priors = new Float64Array(q).fill(options.smoothing);
    for (let i = 0; i < nItems; i++) for (let k = 0; k < q; k++) priors[k] += posteriors[i * q + k];
    confusion = new Float64Array(nRaters * q * q).fill(options.smoothing);
    for (let e = 0; e < item.length; e++) {
      const cell = rater[e] * q * q + label[e];
      for (let k = 0; k < q; k++) confusion[cell + k * q] += posteriors[item[e] * q + k];
    }
    normalizeRows(priors, 1);
    normalizeRows(confusion, nRaters * q);
    const logConfusion = new Float64Array(nRaters * q * q);
    for (let j = 0; j < nRaters; j++)
      for (let k = 0; k < q; k++)
        for (let l = 0; l < q; l++)
          logConfusion[(j * q + l) * q + k] = Math.log(confusion[(j * q + k) * q + l]);
    const logPriors = priors.map(Math.log);
    for (let i = 0; i < nItems; i++) next.set(logPriors, i * q);
    for (let e = 0; e < item.length; e++) {
      const cell = (rater[e] * q + label[e]) * q;
      for (let k = 0; k < q; k++) next[item[e] * q + k] += logConfusion[cell + k];
    }
    logLikelihood = 0;
    for (let i = 0; i < nItems; i++) {
      let max = -Infinity;
      for (let k = 0; k < q; k++) max = Math.max(max, next[i * q + k]);
      let sum = 0;
      for (let k = 0; k < q; k++) {
        next[i * q + k] = Math.exp(next[i * q + k] - max);
        sum += next[i * q + k];
      }
      for (let k = 0; k < q; k++) next[i * q + k] /= sum;
      logLikelihood += max + Math.log(sum);
    }
    let moved = 0;
    for (let x = 0; x < next.length; x++)
      moved = Math.max(moved, Math.abs(next[x] - posteriors[x]));
    converged = moved <= options.tolerance;
    [posteriors, next] = [next, posteriors];
  }
  return { posteriors, priors, confusion, logLikelihood, iterations, converged };
}

/** Labels from `raters` raters, `perItem` of them per item, in a shuffled order; some items bare. */
function labelSet(seed: number, nItems: number, raters: number, perItem: number, q: number) {
  const random = mulberry32(seed);
  const rows: [number, number, number][] = [];
  for (let i = 0; i < nItems; i++) {
    if (random() < 0.05) continue; // an item without labels
    const truth = Math.floor(random() * q);
    const first = Math.floor(random() * raters);
    for (let r = 0; r < perItem; r++) {
      const j = (first + r) % raters;
      rows.push([i, j, random() < 0.5 + j / (2 * raters) ? truth : Math.floor(random() * q)]);
    }
  }
  for (let x = rows.length - 1; x > 0; x--) {
    const y = Math.floor(random() * (x + 1));
    [rows[x], rows[y]] = [rows[y], rows[x]];
  }
  return {
    nItems,
    nRaters: raters,
    nClasses: q,
    item: Int32Array.from(rows, (row) => row[0]),
    rater: Int32Array.from(rows, (row) => row[1]),
    label: Int32Array.from(rows, (row) => row[2]),
  };
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('Dawid-Skene over label patterns', () => {
  const cases: [string, LabelSet][] = [
    ['one label per item (few patterns)', labelSet(1, 3000, 8, 1, 4)],
    ['three raters of four per item', labelSet(2, 2000, 4, 3, 3)],
    ['five of forty (mostly distinct patterns)', labelSet(3, 1500, 40, 5, 4)],
    ['two classes, two raters', labelSet(4, 500, 2, 2, 2)],
  ];
  for (const options of [
    { maxIterations: 100, tolerance: 1e-6, smoothing: 0.01 },
    { maxIterations: 7, tolerance: 0, smoothing: 0.5 },
  ]) {
    it.each(cases)(
      `is bitwise the per-item EM: %s (${options.maxIterations} iterations)`,
      (_, labels) => {
        const grouped = dawidSkene(labels, options);
        const plain = plainDawidSkene(labels, options);
        expect(bits(grouped.posteriors)).toBe(bits(plain.posteriors));
        expect(bits(grouped.priors)).toBe(bits(plain.priors));
        expect(bits(grouped.confusion)).toBe(bits(plain.confusion));
        expect(Object.is(grouped.logLikelihood, plain.logLikelihood)).toBe(true);
        expect([grouped.iterations, grouped.converged]).toEqual([
          plain.iterations,
          plain.converged,
        ]);
      },
    );
  }
});
