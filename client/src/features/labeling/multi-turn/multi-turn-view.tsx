import { type MultiTurnAnswers } from '@peel/shared';
import { useMemo, useRef, useState } from 'react';
import { useDraft } from '../../../lib/use-draft';
import { Comparator } from '../comparator/comparator';
import { type ComparatorConfig, type PaneSpec, useComparator } from '../comparator/use-comparator';
import { EditTypePicker } from '../components/edit-type-picker';
import { ReasonField } from '../components/reason-field';
import { SubmitArea } from '../components/submit-area';
import { type MultiTurnItem } from '../items';
import { commonKeyHandlers, type TaskViewProps } from '../task-view-props';
import { useKeymap } from '../use-keymap';
import {
  applyBreak,
  applyEditType,
  applyGrade,
  type Cursor,
  firstOpen,
  moveRow,
  moveTurn,
  type Step,
} from './multi-turn-cursor';
import {
  emptyMultiTurn,
  fromMultiTurnAnswers,
  missingAnswers,
  type MultiTurnDraft,
  toMultiTurnAnswers,
} from './multi-turn-draft';
import { MultiTurnPanel } from './multi-turn-panel';
import { TurnTimeline } from './turn-timeline';

const COMPARATOR: ComparatorConfig = {
  modes: [
    { kind: 'grid', label: 'Before · after', panes: ['previous', 'current'] },
    { kind: 'slider', label: 'Before ↔ after', left: 'previous', right: 'current' },
  ],
  flicker: ['previous', 'current'],
};

/** Multi-turn: the timeline, the step from the previous image to this turn's, and the grades. */
export function MultiTurnView({
  task,
  item,
  draftKey,
  initial,
  keysEnabled,
  busy,
  commands,
}: TaskViewProps<MultiTurnItem>) {
  const [draft, setDraft] = useDraft<MultiTurnDraft>(
    draftKey,
    initial ? fromMultiTurnAnswers(initial as MultiTurnAnswers) : emptyMultiTurn(item.turns.length),
  );
  const [cursor, setCursor] = useState<Cursor>(() => firstOpen(draft));
  const [picking, setPicking] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const comparator = useComparator(COMPARATOR);
  const panes = useMemo(() => stepPanes(item, cursor.turn), [item, cursor.turn]);

  const apply = (step: Step | null) => {
    if (!step) return;
    setDraft(step.draft);
    setCursor(step.cursor);
  };
  const submit = () => {
    if (busy) return;
    const answers = toMultiTurnAnswers(draft);
    if (answers) return commands.submit(answers);
    setShowMissing(true);
    setCursor(firstOpen(draft));
  };

  useKeymap(
    'multi_turn',
    {
      ...comparator.keyHandlers,
      ...commonKeyHandlers(commands, submit),
      reason: () => reasonRef.current?.focus(),
      grade: (value) => apply(applyGrade(draft, cursor, Number(value))),
      editType: () => setPicking(true),
      breakHere: () => apply(applyBreak(draft, cursor, cursor.turn + 1)),
      noBreak: () => apply(applyBreak(draft, cursor, 'none')),
      turnPrev: () => setCursor(moveTurn(draft, cursor, -1)),
      turnNext: () => setCursor(moveTurn(draft, cursor, 1)),
      rowUp: () => setCursor(moveRow(cursor, -1)),
      rowDown: () => setCursor(moveRow(cursor, 1)),
    },
    keysEnabled && !picking,
  );

  const step = item.turns[cursor.turn];
  return (
    <div className="task task-multi-turn">
      <TurnTimeline
        item={item}
        draft={draft}
        turn={cursor.turn}
        onSelect={(turn) => setCursor(moveTurn(draft, { ...cursor, turn }, 0))}
      />
      <p className="instruction-line turn-prompt">
        <span className="instruction-label">Turn {cursor.turn + 1}</span>
        <span className="instruction-short" data-testid="turn-prompt">
          {step?.prompt}
        </span>
      </p>
      <div className="task-body">
        <Comparator
          comparator={comparator}
          panes={panes}
          label={`Images: before and after turn ${cursor.turn + 1}`}
          assignmentId={task.assignmentId}
        />
        <aside className="answer-panel" aria-label="Your answer">
          <MultiTurnPanel
            draft={draft}
            cursor={cursor}
            missing={new Set(showMissing ? missingKeys(draft) : [])}
            onGrade={(row, grade) => apply(applyGrade(draft, { ...cursor, row }, grade))}
            onBreak={(value) => apply(applyBreak(draft, cursor, value))}
            onPickEditType={() => setPicking(true)}
            onActivate={(row) => setCursor({ ...cursor, row })}
          />
          <ReasonField
            value={draft.reason}
            onChange={(reason) => setDraft((previous) => ({ ...previous, reason }))}
            fieldRef={reasonRef}
          />
          <SubmitArea
            missing={showMissing ? missingAnswers(draft) : []}
            busy={busy}
            revising={initial !== null}
            onSubmit={submit}
            onCancel={commands.cancel}
          />
        </aside>
      </div>
      {picking ? (
        <EditTypePicker
          title={`Turn ${cursor.turn + 1}: which kind of edit is it?`}
          current={draft.turns[cursor.turn]?.editType ?? null}
          onPick={(label) => {
            apply(applyEditType(draft, cursor, label));
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      ) : null}
    </div>
  );
}

function stepPanes(item: MultiTurnItem, turn: number): PaneSpec[] {
  const before = turn === 0 ? item.source : item.turns[turn - 1].image;
  const after = item.turns[turn]?.image ?? item.source;
  return [
    { id: 'previous', label: turn === 0 ? 'Source' : `After turn ${turn}`, image: before },
    { id: 'current', label: `After turn ${turn + 1}`, image: after, diffBase: before },
  ];
}

function missingKeys(draft: MultiTurnDraft): string[] {
  const keys: string[] = [];
  draft.turns.forEach((turn, index) => {
    for (const row of ['instruction', 'consistency', 'editType'] as const) {
      if (turn[row] === null) keys.push(`${index}:${row}`);
    }
  });
  if (draft.firstBreak === null) keys.push('firstBreak');
  if (draft.overall === null) keys.push('overall');
  return keys;
}
