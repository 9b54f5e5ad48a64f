import {
  type Answers,
  CRITERION_LABELS,
  type MultiTurnAnswers,
  PAIRWISE_CRITERIA,
  type PairwiseAnswers,
  type Task,
  type TaxonomyAnswers,
} from '@peel/shared';

type AnswerSummaryProps = { task: Task; answers: Answers };

const SIDES: Record<string, string> = {
  A: 'A (left)',
  B: 'B (right)',
  tie: 'Tie',
  both_bad: 'Both bad',
};

/** An answer in words, so that one the server could not store is still there to read. */
export function AnswerSummary({ task, answers }: AnswerSummaryProps) {
  const rows = describeAnswers(task, answers);
  return (
    <dl className="answer-summary">
      {rows.map(([term, value]) => (
        <div key={term} className="answer-summary-row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function describeAnswers(task: Task, answers: Answers): Array<[string, string]> {
  const reason = (answers as { reason?: string }).reason;
  const rows = describeByKind(task, answers);
  return reason ? [...rows, ['Reason', reason]] : rows;
}

function describeByKind(task: Task, answers: Answers): Array<[string, string]> {
  switch (task.item.kind) {
    case 'pairwise': {
      const pairwise = answers as PairwiseAnswers;
      return [
        ['Overall', SIDES[pairwise.overall] ?? pairwise.overall],
        ...PAIRWISE_CRITERIA.map((criterion): [string, string] => [
          CRITERION_LABELS[criterion],
          SIDES[pairwise.criteria[criterion]] ?? pairwise.criteria[criterion],
        ]),
      ];
    }
    case 'multi_turn': {
      const multi = answers as MultiTurnAnswers;
      return [
        ...multi.turns.map((turn, index): [string, string] => [
          `Turn ${index + 1}`,
          `instruction ${turn.instruction}/5, kept earlier turns ${turn.consistency}/5, ${turn.editType}`,
        ]),
        ['First break', multi.firstBreak === null ? 'none' : `turn ${multi.firstBreak}`],
        ['Overall', `${multi.overall}/5`],
      ];
    }
    case 'taxonomy': {
      const taxonomy = answers as TaxonomyAnswers;
      const decision =
        taxonomy.decision === 'change'
          ? `change to “${taxonomy.editType ?? ''}”`
          : taxonomy.decision === 'confirm'
            ? `confirm “${task.item.currentLabel.label}”`
            : 'ambiguous';
      return [
        ['Edit type', decision],
        ['Short instruction garbled', taxonomy.garbledShortInstruction ? 'yes' : 'no'],
      ];
    }
  }
}
