import { CRITERION_LABELS } from '@peel/shared';
import { ChoiceRow, type ChoiceOption } from '../components/choice-row';
import { keysFor } from '../keymap';
import {
  type CriterionChoice,
  type OverallChoice,
  PAIRWISE_ROWS,
  type PairwiseDraft,
  type PairwiseRow,
  rowValue,
} from './pairwise-draft';

type PairwisePanelProps = {
  draft: PairwiseDraft;
  activeRow: number;
  missing: readonly PairwiseRow[];
  onChoose: (row: number, value: string) => void;
  onActivate: (row: number) => void;
};

const option = <T extends string>(value: T, label: string): ChoiceOption<T> => ({
  value,
  label,
  keys: keysFor('pairwise', 'choose', value),
});

const OVERALL: ReadonlyArray<ChoiceOption<OverallChoice>> = [
  option('A', 'A'),
  option('B', 'B'),
  option('tie', 'Tie'),
  option('both_bad', 'Both bad'),
];
const CRITERION: ReadonlyArray<ChoiceOption<CriterionChoice>> = [
  option('A', 'A'),
  option('B', 'B'),
  option('tie', 'Tie'),
];

/** The overall answer and the four criteria, each a row of A / B / tie (both bad: overall). */
export function PairwisePanel({
  draft,
  activeRow,
  missing,
  onChoose,
  onActivate,
}: PairwisePanelProps) {
  return (
    <div className="answer-rows">
      {PAIRWISE_ROWS.map((row, index) => (
        <ChoiceRow<OverallChoice>
          key={row}
          name={`pairwise-${row}`}
          legend={row === 'overall' ? 'Overall: which edit is better?' : CRITERION_LABELS[row]}
          options={row === 'overall' ? OVERALL : CRITERION}
          value={rowValue(draft, row)}
          onChange={(value) => onChoose(index, value)}
          active={index === activeRow}
          missing={missing.includes(row)}
          onActivate={() => onActivate(index)}
        />
      ))}
    </div>
  );
}
