import { CRITERION_LABELS, type PairwiseAnswers } from '@peel/shared';
import { type PairwiseItem } from '../items';
import { useMemo, useRef, useState } from 'react';
import { useDraft } from '../../../lib/use-draft';
import { Comparator } from '../comparator/comparator';
import { type ComparatorConfig, type PaneSpec, useComparator } from '../comparator/use-comparator';
import { InstructionText } from '../components/instruction-text';
import { ReasonField } from '../components/reason-field';
import { SubmitArea } from '../components/submit-area';
import { commonKeyHandlers, type TaskViewProps } from '../task-view-props';
import { useKeymap } from '../use-keymap';
import { PairwisePanel } from './pairwise-panel';
import {
  choose,
  copyOverall,
  emptyPairwise,
  fromPairwiseAnswers,
  missingRows,
  nextOpenRow,
  PAIRWISE_ROWS,
  type PairwiseDraft,
  toPairwiseAnswers,
} from './pairwise-draft';

const COMPARATOR: ComparatorConfig = {
  modes: [
    { kind: 'grid', label: 'Source · A · B', panes: ['source', 'a', 'b'] },
    { kind: 'grid', label: 'A · B', panes: ['a', 'b'] },
    { kind: 'slider', label: 'Source ↔ A', left: 'source', right: 'a' },
    { kind: 'slider', label: 'Source ↔ B', left: 'source', right: 'b' },
    { kind: 'slider', label: 'A ↔ B', left: 'a', right: 'b' },
  ],
  flicker: ['a', 'b'],
};

/** Pairwise: the instruction, the source, edit A (left) and edit B (right), and the answers. */
export function PairwiseView({
  task,
  item,
  draftKey,
  initial,
  keysEnabled,
  busy,
  commands,
}: TaskViewProps<PairwiseItem>) {
  const [draft, setDraft] = useDraft<PairwiseDraft>(
    draftKey,
    initial ? fromPairwiseAnswers(initial as PairwiseAnswers) : emptyPairwise(),
  );
  const [row, setRow] = useState(() =>
    missingRows(draft).length === 0 ? 0 : nextOpenRow(draft, -1),
  );
  const [showMissing, setShowMissing] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const comparator = useComparator(COMPARATOR);
  const panes = useMemo(() => pairwisePanes(item), [item]);
  const missing = showMissing ? missingRows(draft) : [];

  const answer = (index: number, value: string) => {
    const updated = choose(draft, PAIRWISE_ROWS[index], value);
    if (!updated) return;
    setDraft(updated);
    setRow(nextOpenRow(updated, index));
  };
  const submit = () => {
    if (busy) return;
    const answers = toPairwiseAnswers(draft);
    if (answers) return commands.submit(answers);
    setShowMissing(true);
    setRow(PAIRWISE_ROWS.indexOf(missingRows(draft)[0]));
  };

  useKeymap(
    'pairwise',
    {
      ...comparator.keyHandlers,
      ...commonKeyHandlers(commands, submit),
      reason: () => reasonRef.current?.focus(),
      choose: (value) => value && answer(row, value),
      rowUp: () => setRow((current) => Math.max(0, current - 1)),
      rowDown: () => setRow((current) => Math.min(PAIRWISE_ROWS.length - 1, current + 1)),
      copyOverall: () => {
        const updated = copyOverall(draft);
        setDraft(updated);
        setRow(nextOpenRow(updated, row));
      },
      longInstruction: () => setExpanded((value) => !value),
    },
    keysEnabled,
  );

  return (
    <div className="task task-pairwise">
      <InstructionText
        short={item.instruction.short}
        long={item.instruction.long}
        expanded={expanded}
        onToggle={() => setExpanded((value) => !value)}
      />
      <div className="task-body">
        <Comparator
          comparator={comparator}
          panes={panes}
          label="Images: the source, edit A on the left, edit B on the right"
          assignmentId={task.assignmentId}
        />
        <aside className="answer-panel" aria-label="Your answer">
          <PairwisePanel
            draft={draft}
            activeRow={row}
            missing={missing}
            onChoose={answer}
            onActivate={setRow}
          />
          <ReasonField
            value={draft.reason}
            onChange={(reason) => setDraft((previous) => ({ ...previous, reason }))}
            fieldRef={reasonRef}
          />
          <SubmitArea
            missing={missing.map((name) =>
              name === 'overall' ? 'overall' : CRITERION_LABELS[name],
            )}
            busy={busy}
            revising={initial !== null}
            onSubmit={submit}
            onCancel={commands.cancel}
          />
        </aside>
      </div>
    </div>
  );
}

function pairwisePanes(item: PairwiseItem): PaneSpec[] {
  return [
    { id: 'source', label: 'Source', image: item.source },
    { id: 'a', label: 'Edit A', image: item.a, diffBase: item.source },
    { id: 'b', label: 'Edit B', image: item.b, diffBase: item.source },
  ];
}
