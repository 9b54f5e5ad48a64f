import {
  MultiTurnAnswers,
  PAIRWISE_CRITERIA,
  PairwiseAnswers,
  TaxonomyAnswers,
  type TaskType,
} from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';

/** One row of `judgment_answer`: a question and its stored value. */
export interface AnswerRow {
  question: string;
  value: string;
}

export interface ItemContext {
  taskType: TaskType;
  /** Pairwise: the pair's second edit was shown as A (left). */
  swapped: boolean;
  /** Multi-turn: the session's number of turns. */
  turnCount: number;
  /** Taxonomy: the edit's current label. */
  currentLabel: string;
}

function invalid(issues: { path: string; message: string }[]): never {
  const fields = [...new Set(issues.map((issue) => issue.path))].join(', ');
  throw new DomainError('VALIDATION_FAILED', `Invalid answers: ${fields}`, issues);
}

function parse<T>(
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  invalid(
    result.error.issues.map((issue) => ({
      path: ['answers', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

/** Screen side (A = left) to the pair's own orientation, with the presented order of the lease. */
function orient(choice: string, swapped: boolean): string {
  if (choice === 'A') return swapped ? 'second' : 'first';
  if (choice === 'B') return swapped ? 'first' : 'second';
  return choice;
}

/**
 * Validates answers against the task type's schema and the item, and turns them into the stored
 * rows: pairwise in pair orientation (never screen sides), multi-turn per turn, taxonomy as the
 * resulting label. Throws VALIDATION_FAILED naming each field path.
 */
export function answerRows(context: ItemContext, answers: unknown): AnswerRow[] {
  if (context.taskType === 'pairwise') {
    const parsed = parse(PairwiseAnswers, answers);
    return [
      { question: 'overall', value: orient(parsed.overall, context.swapped) },
      ...PAIRWISE_CRITERIA.map((criterion) => ({
        question: criterion,
        value: orient(parsed.criteria[criterion], context.swapped),
      })),
    ];
  }
  if (context.taskType === 'multi_turn')
    return multiTurnRows(context, parse(MultiTurnAnswers, answers));
  const parsed = parse(TaxonomyAnswers, answers);
  const label =
    parsed.decision === 'confirm'
      ? context.currentLabel
      : parsed.decision === 'ambiguous'
        ? 'ambiguous'
        : parsed.editType!;
  return [
    { question: 'edit_type', value: label },
    { question: 'garbled_summary', value: parsed.garbledShortInstruction ? 'yes' : 'no' },
  ];
}

function multiTurnRows(context: ItemContext, parsed: MultiTurnAnswers): AnswerRow[] {
  const issues: { path: string; message: string }[] = [];
  if (parsed.turns.length !== context.turnCount) {
    issues.push({
      path: 'answers.turns',
      message: `The session has ${context.turnCount} turns; got answers for ${parsed.turns.length}`,
    });
  }
  if (parsed.firstBreak !== null && parsed.firstBreak > context.turnCount) {
    issues.push({
      path: 'answers.firstBreak',
      message: `Turn ${parsed.firstBreak} is out of range (1 to ${context.turnCount})`,
    });
  }
  if (issues.length > 0) invalid(issues);
  const rows: AnswerRow[] = parsed.turns.flatMap((turn, index) => [
    { question: `turn_${index + 1}.instruction`, value: String(turn.instruction) },
    { question: `turn_${index + 1}.consistency`, value: String(turn.consistency) },
    { question: `turn_${index + 1}.edit_type`, value: turn.editType },
  ]);
  rows.push({
    question: 'first_break',
    value: parsed.firstBreak === null ? 'none' : String(parsed.firstBreak),
  });
  rows.push({ question: 'overall', value: String(parsed.overall) });
  return rows;
}

/** The question whose disagreement makes adaptive overlap ask one more rater. */
export const PRIMARY_QUESTION: Record<TaskType, string> = {
  pairwise: 'overall',
  multi_turn: 'overall',
  taxonomy: 'edit_type',
};
