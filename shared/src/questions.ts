import { EDIT_TYPE_LABELS } from './taxonomy';

/** The three task types (DESIGN.md). */
export const TASK_TYPES = ['pairwise', 'multi_turn', 'taxonomy'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** The four criteria the dataset's own judge used, in its weight order. */
export const PAIRWISE_CRITERIA = [
  'instruction_compliance',
  'seamlessness',
  'preservation',
  'technical_quality',
] as const;
export type PairwiseCriterion = (typeof PAIRWISE_CRITERIA)[number];

export const CRITERION_LABELS: Record<PairwiseCriterion, string> = {
  instruction_compliance: 'Instruction compliance',
  seamlessness: 'Seamlessness / realism',
  preservation: 'Preservation',
  technical_quality: 'Technical quality',
};

/** Overall pairwise outcomes, stored in the pair's own orientation (first / second edit). */
export const PAIR_OUTCOMES = ['first', 'second', 'tie', 'both_bad'] as const;
export const CRITERION_OUTCOMES = ['first', 'second', 'tie'] as const;
export const GRADES = ['1', '2', '3', '4', '5'] as const;
export const AMBIGUOUS = 'ambiguous';

/**
 * A question is one answer field: agreement is computed per question, at its level, over its
 * declared categories (e.g. all 35 edit types for AC1, not only those used).
 */
export interface QuestionDef {
  id: string;
  taskType: TaskType;
  level: MeasurementLevel;
  categories: readonly string[];
  label: string;
}

export const MAX_TURNS = 5;

function multiTurnQuestions(): QuestionDef[] {
  const out: QuestionDef[] = [];
  for (let turn = 1; turn <= MAX_TURNS; turn += 1) {
    out.push(
      {
        id: `turn_${turn}.instruction`,
        taskType: 'multi_turn',
        level: 'ordinal',
        categories: GRADES,
        label: `Turn ${turn}: followed its instruction`,
      },
      {
        id: `turn_${turn}.consistency`,
        taskType: 'multi_turn',
        level: 'ordinal',
        categories: GRADES,
        label: `Turn ${turn}: kept earlier turns`,
      },
      {
        id: `turn_${turn}.edit_type`,
        taskType: 'multi_turn',
        level: 'nominal',
        categories: EDIT_TYPE_LABELS,
        label: `Turn ${turn}: edit type`,
      },
    );
  }
  out.push(
    {
      id: 'first_break',
      taskType: 'multi_turn',
      level: 'nominal',
      categories: ['none', '1', '2', '3', '4', '5'],
      label: 'First turn where the session breaks',
    },
    {
      id: 'overall',
      taskType: 'multi_turn',
      level: 'ordinal',
      categories: GRADES,
      label: 'Overall consistency',
    },
  );
  return out;
}

export const QUESTIONS: readonly QuestionDef[] = [
  {
    id: 'overall',
    taskType: 'pairwise',
    level: 'nominal',
    categories: PAIR_OUTCOMES,
    label: 'Overall preference',
  },
  ...PAIRWISE_CRITERIA.map((criterion) => ({
    id: criterion,
    taskType: 'pairwise' as const,
    level: 'nominal' as const,
    categories: CRITERION_OUTCOMES,
    label: CRITERION_LABELS[criterion],
  })),
  ...multiTurnQuestions(),
  {
    id: 'edit_type',
    taskType: 'taxonomy',
    level: 'nominal',
    categories: [...EDIT_TYPE_LABELS, AMBIGUOUS],
    label: 'Edit type',
  },
  {
    id: 'garbled_summary',
    taskType: 'taxonomy',
    level: 'nominal',
    categories: ['no', 'yes'],
    label: 'Short instruction garbled',
  },
];

export function questionsFor(taskType: TaskType): QuestionDef[] {
  return QUESTIONS.filter((question) => question.taskType === taskType);
}

export function findQuestion(taskType: TaskType, id: string): QuestionDef | undefined {
  return QUESTIONS.find((question) => question.taskType === taskType && question.id === id);
}
