import { type EditTypeLabel } from '@peel/shared';
import {
  isTurnComplete,
  MULTI_TURN_ROWS,
  type MultiTurnDraft,
  type MultiTurnRow,
  type TurnDraft,
  updateTurn,
} from './multi-turn-draft';

/** Where the answer keys go: the turn on screen and the active row. */
export type Cursor = { turn: number; row: MultiTurnRow };
export type Step = { draft: MultiTurnDraft; cursor: Cursor };

const TURN_ROWS: ReadonlyArray<keyof TurnDraft> = ['instruction', 'consistency', 'editType'];

/** The first unanswered question, turn by turn, then the session rows. */
export function firstOpen(draft: MultiTurnDraft): Cursor {
  for (let turn = 0; turn < draft.turns.length; turn += 1) {
    const row = TURN_ROWS.find((name) => draft.turns[turn][name] === null);
    if (row) return { turn, row };
  }
  const last = Math.max(0, draft.turns.length - 1);
  if (draft.firstBreak === null) return { turn: last, row: 'firstBreak' };
  return { turn: last, row: 'overall' };
}

/** After an answer: the next unanswered question of this turn, else the first open one. */
function advance(draft: MultiTurnDraft, cursor: Cursor): Cursor {
  const turn = draft.turns[cursor.turn];
  const start = TURN_ROWS.indexOf(cursor.row as keyof TurnDraft);
  if (turn && start >= 0) {
    const row = TURN_ROWS.slice(start + 1).find((name) => turn[name] === null);
    if (row) return { turn: cursor.turn, row };
  }
  const open = firstOpen(draft);
  // Every turn answered: stay on this turn, move to the session rows.
  return TURN_ROWS.includes(open.row as keyof TurnDraft) ? open : { ...open, turn: cursor.turn };
}

/** A digit: the grade of the active row, or on "first break" the turn number. */
export function applyGrade(draft: MultiTurnDraft, cursor: Cursor, grade: number): Step | null {
  switch (cursor.row) {
    case 'instruction':
    case 'consistency': {
      const updated = updateTurn(draft, cursor.turn, { [cursor.row]: grade });
      return { draft: updated, cursor: advance(updated, cursor) };
    }
    case 'firstBreak':
      if (grade > draft.turns.length) return null;
      return applyBreak(draft, cursor, grade);
    case 'overall': {
      const updated = { ...draft, overall: grade };
      return { draft: updated, cursor };
    }
    case 'editType':
      return null;
  }
}

export function applyEditType(draft: MultiTurnDraft, cursor: Cursor, label: EditTypeLabel): Step {
  const updated = updateTurn(draft, cursor.turn, { editType: label });
  if (!isTurnComplete(updated.turns[cursor.turn])) {
    return { draft: updated, cursor: advance(updated, { ...cursor, row: 'editType' }) };
  }
  // This turn is done: on to the next turn, or to the session rows after the last one.
  const nextTurn = cursor.turn + 1;
  if (nextTurn < updated.turns.length) {
    const row = TURN_ROWS.find((name) => updated.turns[nextTurn][name] === null) ?? 'instruction';
    return { draft: updated, cursor: { turn: nextTurn, row } };
  }
  return { draft: updated, cursor: advance(updated, { ...cursor, row: 'editType' }) };
}

export function applyBreak(draft: MultiTurnDraft, cursor: Cursor, value: number | 'none'): Step {
  const updated = { ...draft, firstBreak: value };
  return {
    draft: updated,
    cursor: { ...cursor, row: updated.overall === null ? 'overall' : cursor.row },
  };
}

/** Another turn: its first unanswered question becomes active (or the row stays). */
export function moveTurn(draft: MultiTurnDraft, cursor: Cursor, delta: number): Cursor {
  const turn = Math.min(draft.turns.length - 1, Math.max(0, cursor.turn + delta));
  const open = TURN_ROWS.find((name) => draft.turns[turn][name] === null);
  return { turn, row: open ?? cursor.row };
}

export function moveRow(cursor: Cursor, delta: number): Cursor {
  const index = MULTI_TURN_ROWS.indexOf(cursor.row) + delta;
  const row = MULTI_TURN_ROWS[Math.min(MULTI_TURN_ROWS.length - 1, Math.max(0, index))];
  return { ...cursor, row };
}
