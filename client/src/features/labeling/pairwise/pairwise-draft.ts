import { PAIRWISE_CRITERIA, type PairwiseAnswers, type PairwiseCriterion } from '@peel/shared';
import { REASON_MAX_CHARS } from '../limits';

/** Pairwise answers as the rater builds them, in screen terms (A = left, B = right). */
export type OverallChoice = PairwiseAnswers['overall'];
export type CriterionChoice = PairwiseAnswers['criteria'][PairwiseCriterion];
export type PairwiseRow = 'overall' | PairwiseCriterion;

export type PairwiseDraft = {
  overall: OverallChoice | null;
  criteria: Partial<Record<PairwiseCriterion, CriterionChoice>>;
  reason: string;
};

export const PAIRWISE_ROWS: readonly PairwiseRow[] = ['overall', ...PAIRWISE_CRITERIA];

export function emptyPairwise(): PairwiseDraft {
  return { overall: null, criteria: {}, reason: '' };
}

export function rowValue(draft: PairwiseDraft, row: PairwiseRow): OverallChoice | null {
  return row === 'overall' ? draft.overall : (draft.criteria[row] ?? null);
}

/** The draft with `value` on `row`, or null when the row cannot take it (both bad is overall only). */
export function choose(
  draft: PairwiseDraft,
  row: PairwiseRow,
  value: string,
): PairwiseDraft | null {
  if (row === 'overall') {
    if (!isOverall(value)) return null;
    return { ...draft, overall: value };
  }
  if (!isCriterionChoice(value)) return null;
  return { ...draft, criteria: { ...draft.criteria, [row]: value } };
}

/** The first unanswered row after `from` (wrapping around), or `from` when every row is answered. */
export function nextOpenRow(draft: PairwiseDraft, from: number): number {
  for (let step = 1; step <= PAIRWISE_ROWS.length; step += 1) {
    const index = (from + step) % PAIRWISE_ROWS.length;
    if (rowValue(draft, PAIRWISE_ROWS[index]) === null) return index;
  }
  return from;
}

/** Every unanswered criterion takes the overall answer (A, B or tie). */
export function copyOverall(draft: PairwiseDraft): PairwiseDraft {
  const overall = draft.overall;
  if (!overall || !isCriterionChoice(overall)) return draft;
  const criteria = { ...draft.criteria };
  for (const criterion of PAIRWISE_CRITERIA) criteria[criterion] ??= overall;
  return { ...draft, criteria };
}

export function missingRows(draft: PairwiseDraft): PairwiseRow[] {
  return PAIRWISE_ROWS.filter((row) => rowValue(draft, row) === null);
}

/** The answers to send, or null while a row is unanswered (the server checks again). */
export function toPairwiseAnswers(draft: PairwiseDraft): PairwiseAnswers | null {
  if (draft.overall === null) return null;
  const criteria = {} as PairwiseAnswers['criteria'];
  for (const criterion of PAIRWISE_CRITERIA) {
    const value = draft.criteria[criterion];
    if (!value) return null;
    criteria[criterion] = value;
  }
  const reason = draft.reason.trim().slice(0, REASON_MAX_CHARS);
  return { overall: draft.overall, criteria, ...(reason ? { reason } : {}) };
}

export function fromPairwiseAnswers(answers: PairwiseAnswers): PairwiseDraft {
  return {
    overall: answers.overall,
    criteria: { ...answers.criteria },
    reason: answers.reason ?? '',
  };
}

function isOverall(value: string): value is OverallChoice {
  return value === 'A' || value === 'B' || value === 'tie' || value === 'both_bad';
}

function isCriterionChoice(value: string): value is CriterionChoice {
  return value === 'A' || value === 'B' || value === 'tie';
}
