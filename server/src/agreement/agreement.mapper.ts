import {
  type AgreementReportResponse,
  type ConsensusResponse,
  type DisagreementItem,
  type DisagreementsResponse,
  type ItemConsensus,
  majorityVoteIndices,
  type RatersReportResponse,
} from '@peel/shared';
import { type AgreementCacheEntity } from './agreement-cache.entity';
import { type BatchState, type CacheStamp } from './agreement.repository';
import { type QuestionConsensus } from './consensus';
import { type ItemPage } from './item-pages';

function stamp(batchId: number, state: BatchState, cache: CacheStamp) {
  return {
    batchId,
    taskType: state.taskType,
    judgmentCount: state.judgmentCount,
    answersVersion: state.answersVersion,
    computedForJudgmentCount: cache.computedForJudgmentCount,
    computedForAnswersVersion: cache.computedForAnswersVersion,
    computedAt: new Date(cache.computedAt).toISOString(),
  };
}

export function toAgreementResponse(
  batchId: number,
  state: BatchState,
  cache: AgreementCacheEntity,
): AgreementReportResponse {
  return { ...stamp(batchId, state, cache), ...cache.report };
}

/**
 * A report response as JSON text: the stamp's fields, then those of the stored report (`{...}`
 * JSON text as PostgreSQL returns it, or as computed), passed through unparsed. Same fields as
 * `toAgreementResponse` / `toRatersResponse`, without parsing and re-serializing the report.
 */
export function stampedJson(
  batchId: number,
  state: BatchState,
  cache: CacheStamp,
  partText: string,
): string {
  const stampText = JSON.stringify(stamp(batchId, state, cache));
  const part = partText.trim();
  if (!part.startsWith('{') || !part.endsWith('}'))
    throw new Error('A cached report is a JSON object');
  const fields = part.slice(1, -1).trim();
  return fields === '' ? stampText : `${stampText.slice(0, -1)},${fields}}`;
}

export function toRatersResponse(
  batchId: number,
  state: BatchState,
  cache: AgreementCacheEntity,
): RatersReportResponse {
  return { ...stamp(batchId, state, cache), ...cache.raters };
}

function row(consensus: QuestionConsensus, values: Float64Array, i: number) {
  const q = consensus.categories.length;
  return values.subarray(i * q, (i + 1) * q);
}

function byCategory(consensus: QuestionConsensus, values: ArrayLike<number>) {
  return Object.fromEntries(consensus.categories.map((c, k) => [c, values[k]]));
}

function majority(consensus: QuestionConsensus, votes: ArrayLike<number>) {
  const { winners, votes: total } = majorityVoteIndices(votes);
  return {
    majority: { winners: winners.map((k) => consensus.categories[k]), tie: winners.length > 1 },
    nVotes: total,
  };
}

function pairOutcome(consensus: QuestionConsensus, i: number): ItemConsensus['pair'] {
  if (consensus.taskType !== 'pairwise') return null;
  const winner = consensus.categories[consensus.dsWinner[i]];
  const dataset = consensus.datasetPair[i] === 1;
  return {
    winner,
    agreesWithDataset: dataset ? winner === 'first' : null,
    flipsDataset: dataset ? winner === 'second' : null,
  };
}

export function toItemConsensus(consensus: QuestionConsensus, i: number): ItemConsensus {
  const votes = row(consensus, consensus.votes, i);
  return {
    itemId: consensus.itemIds[i],
    votes: byCategory(consensus, votes),
    ...majority(consensus, votes),
    dawidSkene: {
      winner: consensus.categories[consensus.dsWinner[i]],
      posterior: byCategory(consensus, row(consensus, consensus.posteriors, i)),
      margin: consensus.dsMargin[i],
    },
    pair: pairOutcome(consensus, i),
  };
}

export function toDisagreementItem(consensus: QuestionConsensus, i: number): DisagreementItem {
  const votes = row(consensus, consensus.votes, i);
  return {
    itemId: consensus.itemIds[i],
    votes: byCategory(consensus, votes),
    ...majority(consensus, votes),
    entropy: consensus.entropy[i],
    voteMargin: consensus.voteMargin[i],
    dawidSkeneWinner: consensus.categories[consensus.dsWinner[i]],
    dawidSkeneMargin: consensus.dsMargin[i],
  };
}

/** Pairwise: consensus winners against the dataset's chosen (`first`) over its own pairs. */
export function datasetComparison(
  consensus: QuestionConsensus,
): ConsensusResponse['datasetComparison'] {
  if (consensus.taskType !== 'pairwise') return null;
  const tally = { pairs: 0, agrees: 0, flipped: 0, neither: 0 };
  for (let i = 0; i < consensus.count; i++) {
    if (consensus.datasetPair[i] !== 1) continue;
    const winner = consensus.categories[consensus.dsWinner[i]];
    tally.pairs += 1;
    if (winner === 'first') tally.agrees += 1;
    else if (winner === 'second') tally.flipped += 1;
    else tally.neither += 1;
  }
  return tally;
}

interface PageContext {
  batchId: number;
  state: BatchState;
  computedForJudgmentCount: number;
  computedForAnswersVersion: number;
  computedAt: Date;
}

function pageStamp(context: PageContext, consensus: QuestionConsensus, page: ItemPage) {
  return {
    batchId: context.batchId,
    taskType: context.state.taskType,
    judgmentCount: context.state.judgmentCount,
    answersVersion: context.state.answersVersion,
    computedForJudgmentCount: context.computedForJudgmentCount,
    computedForAnswersVersion: context.computedForAnswersVersion,
    computedAt: context.computedAt.toISOString(),
    question: consensus.question,
    categories: [...consensus.categories],
    nItems: consensus.count,
    nextCursor: page.nextCursor,
  };
}

export function toConsensusResponse(
  context: PageContext,
  consensus: QuestionConsensus,
  page: ItemPage,
): ConsensusResponse {
  return {
    ...pageStamp(context, consensus, page),
    dawidSkene: consensus.dawidSkene,
    datasetComparison: datasetComparison(consensus),
    items: page.indices.map((i) => toItemConsensus(consensus, i)),
  };
}

export function toDisagreementsResponse(
  context: PageContext,
  consensus: QuestionConsensus,
  page: ItemPage,
): DisagreementsResponse {
  return {
    ...pageStamp(context, consensus, page),
    items: page.indices.map((i) => toDisagreementItem(consensus, i)),
  };
}
