import { cohenKappa, type RaterMatrix, UNDEFINED_REASONS } from '@peel/shared';
import { toStatisticValue } from './agreement-stats';
import { type QuestionAnswers, type QuestionItems } from './question-answers';

/** Unweighted kappa for nominal questions, quadratic weights for ordered ones. */
export function kappaWeights(level: string): 'unweighted' | 'quadratic' {
  return level === 'nominal' ? 'unweighted' : 'quadratic';
}

/** Dense pair tables up to this many cells (40 raters x 36 categories is 2M), else a Map. */
const DENSE_CELLS = 4_000_000;

/**
 * Every rater pair's q x q contingency table over the items both answered, from one pass over the
 * items (cost: sum over items of m^2). Key: a * nRaters + b with a < b (rater indices).
 */
function pairTables(answers: QuestionAnswers, items: QuestionItems): Map<number, Int32Array> {
  const q = answers.categories.length;
  const nRaters = answers.raterIds.length;
  const dense = nRaters * nRaters * q * q <= DENSE_CELLS;
  const cells = dense ? new Int32Array(nRaters * nRaters * q * q) : null;
  const tables = new Map<number, Int32Array>();
  const tableOf = (key: number): Int32Array => {
    let table = tables.get(key);
    if (!table) {
      table = cells ? cells.subarray(key * q * q, (key + 1) * q * q) : new Int32Array(q * q);
      tables.set(key, table);
    }
    return table;
  };
  const { order, start } = items;
  for (let i = 0; i < items.count; i++) {
    for (let x = start[i]; x < start[i + 1]; x++) {
      const ex = order[x];
      for (let y = x + 1; y < start[i + 1]; y++) {
        const ey = order[y];
        const key = answers.rater[ex] * nRaters + answers.rater[ey];
        const cell = answers.label[ex] * q + answers.label[ey];
        if (!cells) tableOf(key)[cell] += 1;
        else if ((cells[key * q * q + cell] += 1) === 1) tableOf(key);
      }
    }
  }
  return tables;
}

/**
 * Cohen's kappa for every pair of raters sharing an item (answers within an item are ordered by
 * rater, so a < b), and Light's mean over the pairs whose kappa is defined, summed in pair order
 * as the shared `meanPairwiseCohenKappa` does (raters in ascending id order).
 */
export function raterMatrix(answers: QuestionAnswers, items: QuestionItems): RaterMatrix {
  const q = answers.categories.length;
  const nRaters = answers.raterIds.length;
  const weights = kappaWeights(answers.question.level);
  const tables = pairTables(answers, items);
  const pairs = [...tables.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([key, table]) => {
      const rows = Array.from({ length: q }, (_, k) => table.subarray(k * q, (k + 1) * q));
      const kappa = toStatisticValue(cohenKappa(rows, weights));
      const shared = table.reduce((sum, x) => sum + x, 0);
      return {
        raterA: answers.raterIds[Math.floor(key / nRaters)],
        raterB: answers.raterIds[key % nRaters],
        sharedItems: shared,
        kappa: kappa.value,
        reason: kappa.reason,
      };
    });
  const defined = pairs.flatMap((pair) => (pair.kappa === null ? [] : [pair.kappa]));
  const mean =
    defined.length > 0
      ? { value: defined.reduce((s, x) => s + x, 0) / defined.length, reason: null }
      : { value: null, reason: pairs[0]?.reason ?? UNDEFINED_REASONS.noSharedItems };
  return { question: answers.question.id, weights, raterIds: [...answers.raterIds], pairs, mean };
}
