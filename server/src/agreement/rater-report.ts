import {
  binomialTest,
  type PositionBias,
  type ProportionEstimate,
  type RaterConsensus,
  type RaterQuality,
  wilsonInterval,
} from '@peel/shared';
import { type QuestionResult } from './question-report';

/** Per rater, from the judgments of the batch (gold included: they are the rater's work too). */
export interface RaterJudgmentRow {
  raterId: number;
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
  /** The median of the judgments' dwell times (the mean of the middle two for an even count). */
  medianDwellMs: number | null;
  /** Pairwise: `A` (left) answers to `overall` as the rater gave them on screen. */
  leftPicks: number;
  /** Pairwise: `A` or `B` answers to `overall` (ties and both-bad are no pick). */
  picks: number;
}

export interface RaterName {
  email: string | null;
  displayName: string | null;
}

/** The pairwise question whose screen sides position bias is measured on. */
export const POSITION_BIAS_QUESTION = 'overall';

/**
 * Tallies the batch's judgments per rater in one pass: judgments, gold answers and hits, dwell
 * times (for the median) and, for pairwise, the screen side of each `overall` answer. The judgment
 * keeps the answers as given on screen, where `A` is the left edit; the stored pair-orientation
 * value is `first` for A exactly when the lease was not swapped, so counting `A` among A/B answers
 * is the share of `first`-when-not-swapped plus `second`-when-swapped picks, with no join.
 */
export class RaterTally {
  private readonly raters = new Map<number, RaterJudgmentRow & { dwell: number[] }>();

  add(
    raterId: number,
    dwellMs: number,
    isGold: boolean,
    goldCorrect: boolean | null,
    screenOverall: string | null,
  ): void {
    let row = this.raters.get(raterId);
    if (!row) {
      row = {
        raterId,
        judgments: 0,
        goldAnswered: 0,
        goldCorrect: 0,
        medianDwellMs: null,
        leftPicks: 0,
        picks: 0,
        dwell: [],
      };
      this.raters.set(raterId, row);
    }
    row.judgments += 1;
    row.dwell.push(dwellMs);
    if (isGold && goldCorrect !== null) {
      row.goldAnswered += 1;
      if (goldCorrect) row.goldCorrect += 1;
    }
    if (screenOverall === 'A' || screenOverall === 'B') {
      row.picks += 1;
      if (screenOverall === 'A') row.leftPicks += 1;
    }
  }

  rows(): RaterJudgmentRow[] {
    return [...this.raters.values()].map(({ dwell, ...row }) => ({
      ...row,
      medianDwellMs: median(Float64Array.from(dwell).sort()),
    }));
  }
}

function median(sorted: Float64Array): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return (sorted[Math.floor((n - 1) / 2)] + sorted[Math.floor(n / 2)]) / 2;
}

export function goldAccuracy(correct: number, answered: number): ProportionEstimate {
  const interval = wilsonInterval(correct, answered);
  if (!interval.defined) {
    return {
      successes: correct,
      trials: answered,
      estimate: null,
      lower: null,
      upper: null,
      reason: 'no gold answers',
    };
  }
  const { estimate, lower, upper } = interval;
  return { successes: correct, trials: answered, estimate, lower, upper, reason: null };
}

export function positionBias(leftPicks: number, picks: number): PositionBias {
  const test = binomialTest(leftPicks, picks, 0.5);
  return {
    question: POSITION_BIAS_QUESTION,
    leftPicks,
    picks,
    share: picks > 0 ? leftPicks / picks : null,
    pValue: test.defined ? test.pValue : null,
    reason: test.defined ? null : 'no A/B picks',
  };
}

/** The per-rater quality list, ordered by rater id. */
export function raterQuality(
  judgments: readonly RaterJudgmentRow[],
  names: ReadonlyMap<number, RaterName>,
  pairwise: boolean,
  questions: readonly QuestionResult[],
): RaterQuality[] {
  const consensus = new Map<number, RaterConsensus[]>();
  for (const result of questions) {
    result.raterIds.forEach((id, r) => {
      const list = consensus.get(id) ?? [];
      list.push(result.raterConsensus[r]);
      consensus.set(id, list);
    });
  }
  return [...judgments]
    .sort((a, b) => a.raterId - b.raterId)
    .map((row) => ({
      raterId: row.raterId,
      email: names.get(row.raterId)?.email ?? null,
      displayName: names.get(row.raterId)?.displayName ?? null,
      judgments: row.judgments,
      goldAccuracy: goldAccuracy(row.goldCorrect, row.goldAnswered),
      medianDwellMs: row.medianDwellMs,
      positionBias: pairwise ? positionBias(row.leftPicks, row.picks) : null,
      consensus: consensus.get(row.raterId) ?? [],
    }));
}
