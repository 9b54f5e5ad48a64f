import { type PoolClient } from 'pg';
import { findQuestion } from '@peel/shared';
import { readAnswers, readBatchItems } from '../agreement/agreement.repository';
import { type QuestionConsensus, questionConsensus } from '../agreement/consensus';
import { type DawidSkeneRunner } from '../agreement/dawid-skene-worker';
import { groupByItem } from '../agreement/question-answers';

/** The consensus statistics of one batch item's `overall` question, as the agreement API has them. */
export interface ItemStats {
  /** `GET /api/batches/:id/consensus`: the item's Dawid–Skene winner, posterior and margin. */
  dawid_skene: { winner: string; posterior: Record<string, number>; margin: number };
  /** The item's pairwise percent agreement: agreeing rater pairs / rater pairs; null under 2 votes. */
  agreement: number | null;
  /** `GET /api/batches/:id/disagreements`: entropy of the vote shares over ln Q. */
  entropy: number;
}

/**
 * Dawid–Skene of the `overall` question of pairwise batches, computed exactly as the agreement API
 * does (same reads, same canonical order, same settings), looked up by batch item id. Gold items and
 * items without a counted answer have none.
 */
export class PairConsensus {
  constructor(private readonly batches: readonly QuestionConsensus[]) {}

  static readonly EMPTY = new PairConsensus([]);

  of(itemId: number): ItemStats | null {
    for (const consensus of this.batches) {
      const i = indexOf(consensus.itemIds, itemId);
      if (i >= 0) return itemStats(consensus, i);
    }
    return null;
  }
}

/** Binary search in ascending ids. */
function indexOf(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function itemStats(consensus: QuestionConsensus, i: number): ItemStats {
  const q = consensus.categories.length;
  const posterior: Record<string, number> = {};
  let r = 0;
  let agreeing = 0;
  for (let k = 0; k < q; k++) {
    posterior[consensus.categories[k]] = consensus.posteriors[i * q + k];
    const c = consensus.votes[i * q + k];
    r += c;
    agreeing += c * (c - 1);
  }
  return {
    dawid_skene: {
      winner: consensus.categories[consensus.dsWinner[i]],
      posterior,
      margin: consensus.dsMargin[i],
    },
    agreement: r >= 2 ? agreeing / (r * (r - 1)) : null,
    entropy: consensus.entropy[i],
  };
}

const OVERALL = findQuestion('pairwise', 'overall')!;

/** Reads each pairwise batch's `overall` answers on `client` (inside its snapshot) and runs DS. */
export async function readPairConsensus(
  client: PoolClient,
  batchIds: readonly number[],
  runner: DawidSkeneRunner,
): Promise<PairConsensus> {
  const batches: QuestionConsensus[] = [];
  for (const batchId of batchIds) {
    const items = await readBatchItems(client, batchId);
    const answers = await readAnswers(client, batchId, OVERALL, items);
    const grouped = groupByItem(answers, items.count);
    batches.push((await questionConsensus(answers, grouped, items, runner)).consensus);
  }
  return new PairConsensus(batches);
}
