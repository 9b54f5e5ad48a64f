import { type EditTypeLabel, isEditTypeLabel, type MultiTurnAnswers } from '@peel/shared';
import { REASON_MAX_CHARS } from '../limits';

export type TurnDraft = {
  instruction: number | null;
  consistency: number | null;
  editType: EditTypeLabel | null;
};

export type MultiTurnDraft = {
  turns: TurnDraft[];
  /** A turn number (1-based), `none`, or null while unanswered. */
  firstBreak: number | 'none' | null;
  overall: number | null;
  reason: string;
};

/** The answer rows: three per turn (for the turn on screen), then two for the whole session. */
export type MultiTurnRow = 'instruction' | 'consistency' | 'editType' | 'firstBreak' | 'overall';
export const MULTI_TURN_ROWS: readonly MultiTurnRow[] = [
  'instruction',
  'consistency',
  'editType',
  'firstBreak',
  'overall',
];

export function emptyMultiTurn(turnCount: number): MultiTurnDraft {
  const turns = Array.from({ length: turnCount }, () => ({
    instruction: null,
    consistency: null,
    editType: null,
  }));
  return { turns, firstBreak: null, overall: null, reason: '' };
}

export function updateTurn(
  draft: MultiTurnDraft,
  turn: number,
  changes: Partial<TurnDraft>,
): MultiTurnDraft {
  return {
    ...draft,
    turns: draft.turns.map((item, index) => (index === turn ? { ...item, ...changes } : item)),
  };
}

export function isTurnComplete(turn: TurnDraft): boolean {
  return turn.instruction !== null && turn.consistency !== null && turn.editType !== null;
}

/** What is still unanswered, in the order the rater meets it. */
export function missingAnswers(draft: MultiTurnDraft): string[] {
  const missing: string[] = [];
  draft.turns.forEach((turn, index) => {
    if (turn.instruction === null) missing.push(`turn ${index + 1}: followed its instruction`);
    if (turn.consistency === null) missing.push(`turn ${index + 1}: kept earlier turns`);
    if (turn.editType === null) missing.push(`turn ${index + 1}: edit type`);
  });
  if (draft.firstBreak === null) missing.push('first break');
  if (draft.overall === null) missing.push('overall grade');
  return missing;
}

export function toMultiTurnAnswers(draft: MultiTurnDraft): MultiTurnAnswers | null {
  if (missingAnswers(draft).length > 0 || draft.overall === null || draft.firstBreak === null) {
    return null;
  }
  const turns = draft.turns.map((turn) => ({
    instruction: turn.instruction as number,
    consistency: turn.consistency as number,
    editType: turn.editType as EditTypeLabel,
  }));
  const reason = draft.reason.trim().slice(0, REASON_MAX_CHARS);
  return {
    turns,
    firstBreak: draft.firstBreak === 'none' ? null : draft.firstBreak,
    overall: draft.overall,
    ...(reason ? { reason } : {}),
  };
}

export function fromMultiTurnAnswers(answers: MultiTurnAnswers): MultiTurnDraft {
  return {
    turns: answers.turns.map((turn) => ({
      instruction: turn.instruction,
      consistency: turn.consistency,
      editType: isEditTypeLabel(turn.editType) ? turn.editType : null,
    })),
    firstBreak: answers.firstBreak ?? 'none',
    overall: answers.overall,
    reason: answers.reason ?? '',
  };
}
