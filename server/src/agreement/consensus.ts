import {
  type DawidSkeneResult,
  normalizedEntropy,
  type RaterConsensus,
  statisticValue,
  voteMargin,
} from '@peel/shared';
import { type BatchItems } from './batch-items';
import { type DawidSkeneRunner } from './dawid-skene-worker';
import { type QuestionAnswers, type QuestionItems } from './question-answers';

/** Dawid–Skene's settings: the shared defaults, stated here because the API reports them. */
export const DAWID_SKENE = { tolerance: 1e-6, maxIterations: 100, smoothing: 0.01 } as const;

/** Per-item consensus of one question: votes, Dawid–Skene and disagreement, in flat arrays. */
export interface QuestionConsensus {
  readonly question: string;
  readonly taskType: string;
  readonly categories: readonly string[];
  /** Question items (items with at least one counted answer), ascending id. */
  readonly count: number;
  readonly itemIds: Float64Array;
  /** votes[i * Q + k]. */
  readonly votes: Float64Array;
  /** Per item: 1 dataset pair, 0 admin pair, -1 not a pair. */
  readonly datasetPair: Int8Array;
  readonly dsWinner: Int32Array;
  readonly dsMargin: Float64Array;
  /** posteriors[i * Q + k]. */
  readonly posteriors: Float64Array;
  readonly entropy: Float64Array;
  readonly voteMargin: Float64Array;
  readonly dawidSkene: { iterations: number; converged: boolean; tolerance: number };
  /** Question item indices by entropy desc, vote margin asc, item id asc (made on first use). */
  disagreementOrder(): Int32Array;
}

export interface ConsensusResult {
  readonly consensus: QuestionConsensus;
  /** Per rater index of the answers: agreement with the consensus. */
  readonly raters: RaterConsensus[];
}

/**
 * Dawid–Skene over the answers in a canonical order (by item, then rater), so the result does not
 * depend on the order the database returned the rows in (EM sums are order-sensitive in the last
 * bits).
 */
function runDawidSkene(
  answers: QuestionAnswers,
  items: QuestionItems,
  runner: DawidSkeneRunner,
): Promise<DawidSkeneResult> {
  const { order } = items;
  const item = new Int32Array(answers.n);
  const rater = new Int32Array(answers.n);
  const label = new Int32Array(answers.n);
  for (let x = 0; x < answers.n; x++) {
    const e = order[x];
    item[x] = items.itemOf[e];
    rater[x] = answers.rater[e];
    label[x] = answers.label[e];
  }
  return runner(
    {
      nItems: items.count,
      nRaters: answers.raterIds.length,
      nClasses: answers.categories.length,
      item,
      rater,
      label,
    },
    DAWID_SKENE,
  );
}

/** Dawid–Skene over the question's counted answers, majority votes and disagreement per item. */
export async function questionConsensus(
  answers: QuestionAnswers,
  items: QuestionItems,
  batchItems: BatchItems,
  runner: DawidSkeneRunner,
): Promise<ConsensusResult> {
  const q = answers.categories.length;
  const ds = await runDawidSkene(answers, items, runner);
  const entropy = new Float64Array(items.count);
  const margins = new Float64Array(items.count);
  const itemIds = new Float64Array(items.count);
  const datasetPair = new Int8Array(items.count);
  for (let i = 0; i < items.count; i++) {
    const row = items.counts.subarray(i * q, (i + 1) * q);
    entropy[i] = statisticValue(normalizedEntropy(row, q)) ?? 0;
    margins[i] = statisticValue(voteMargin(row)) ?? 0;
    itemIds[i] = batchItems.ids[items.batchIndex[i]];
    datasetPair[i] = batchItems.datasetPair[items.batchIndex[i]];
  }
  let order: Int32Array | undefined;
  const consensus: QuestionConsensus = {
    question: answers.question.id,
    taskType: answers.question.taskType,
    categories: answers.question.categories,
    count: items.count,
    itemIds,
    votes: items.counts,
    datasetPair,
    dsWinner: ds.winners,
    dsMargin: ds.margins,
    posteriors: ds.posteriors,
    entropy,
    voteMargin: margins,
    dawidSkene: {
      iterations: ds.iterations,
      converged: ds.converged,
      tolerance: DAWID_SKENE.tolerance,
    },
    disagreementOrder: () => (order ??= disagreementOrder(entropy, margins, itemIds)),
  };
  return { consensus, raters: raterConsensus(answers, items, ds) };
}

function disagreementOrder(
  entropy: Float64Array,
  margins: Float64Array,
  itemIds: Float64Array,
): Int32Array {
  const order = Int32Array.from({ length: entropy.length }, (_, i) => i);
  return order.sort(
    (a, b) => entropy[b] - entropy[a] || margins[a] - margins[b] || itemIds[a] - itemIds[b],
  );
}

/**
 * Per rater: the share of their answers equal to the item's Dawid–Skene winner (their own vote is
 * part of the evidence), and the share equal to the majority of the item's other raters (their own
 * vote left out; items where the others tie, or where nobody else answered, are not counted).
 */
function raterConsensus(
  answers: QuestionAnswers,
  items: QuestionItems,
  ds: DawidSkeneResult,
): RaterConsensus[] {
  const nRaters = answers.raterIds.length;
  const given = new Float64Array(nRaters);
  const agreeDs = new Float64Array(nRaters);
  const peerItems = new Float64Array(nRaters);
  const agreePeers = new Float64Array(nRaters);
  const q = answers.categories.length;
  for (let e = 0; e < answers.n; e++) {
    const r = answers.rater[e];
    const i = items.itemOf[e];
    const own = answers.label[e];
    given[r] += 1;
    if (own === ds.winners[i]) agreeDs[r] += 1;
    const peers = othersMajority(items.counts, i * q, q, own);
    if (peers >= 0) {
      peerItems[r] += 1;
      if (peers === own) agreePeers[r] += 1;
    }
  }
  return answers.raterIds.map((_, r) => ({
    question: answers.question.id,
    answers: given[r],
    consensusAgreement: share(agreeDs[r], given[r]),
    peerAgreement: share(agreePeers[r], peerItems[r]),
    peerItems: peerItems[r],
    dawidSkeneAccuracy: ds.raterAccuracy[r],
  }));
}

/** The others' unique top category once one `own` vote is taken away; -1 for none or a tie. */
function othersMajority(counts: Float64Array, base: number, q: number, own: number): number {
  let top = 0;
  let winner = -1;
  for (let k = 0; k < q; k++) {
    const c = counts[base + k] - (k === own ? 1 : 0);
    if (c > top) {
      top = c;
      winner = k;
    } else if (c === top && c > 0) {
      winner = -1;
    }
  }
  return winner;
}

function share(successes: number, trials: number) {
  return trials > 0
    ? { value: successes / trials, reason: null }
    : { value: null, reason: 'no items to compare with' };
}
