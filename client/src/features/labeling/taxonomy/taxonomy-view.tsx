import { type TaxonomyAnswers } from '@peel/shared';
import { useMemo, useRef, useState } from 'react';
import { useDraft } from '../../../lib/use-draft';
import { Comparator } from '../comparator/comparator';
import { type ComparatorConfig, type PaneSpec, useComparator } from '../comparator/use-comparator';
import { EditTypePicker } from '../components/edit-type-picker';
import { ReasonField } from '../components/reason-field';
import { SubmitArea } from '../components/submit-area';
import { type TaxonomyItem } from '../items';
import { commonKeyHandlers, type TaskViewProps } from '../task-view-props';
import { useKeymap } from '../use-keymap';
import {
  emptyTaxonomy,
  fromTaxonomyAnswers,
  pickType,
  type TaxonomyDecision,
  type TaxonomyDraft,
  toTaxonomyAnswers,
} from './taxonomy-draft';
import { TaxonomyPanel } from './taxonomy-panel';
import { TaxonomyInstructions } from './taxonomy-instructions';

const COMPARATOR: ComparatorConfig = {
  modes: [
    { kind: 'grid', label: 'Source · edit', panes: ['source', 'edit'] },
    { kind: 'slider', label: 'Source ↔ edit', left: 'source', right: 'edit' },
  ],
  flicker: ['source', 'edit'],
};

/** Taxonomy: source, edit, both instructions and the current label to confirm or fix. */
export function TaxonomyView({
  task,
  item,
  draftKey,
  initial,
  keysEnabled,
  busy,
  commands,
}: TaskViewProps<TaxonomyItem>) {
  const [draft, setDraft] = useDraft<TaxonomyDraft>(
    draftKey,
    initial ? fromTaxonomyAnswers(initial as TaxonomyAnswers) : emptyTaxonomy(),
  );
  const [searching, setSearching] = useState(false);
  const [showMissing, setShowMissing] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const comparator = useComparator(COMPARATOR);
  const panes = useMemo<PaneSpec[]>(
    () => [
      { id: 'source', label: 'Source', image: item.source },
      { id: 'edit', label: 'Edit', image: item.edit, diffBase: item.source },
    ],
    [item],
  );

  const decide = (decision: TaxonomyDecision) =>
    setDraft((previous) => ({ ...previous, decision, editType: null }));
  const submit = () => {
    if (busy) return;
    // Enter before any decision confirms the current label: one key for the common case.
    const answers = toTaxonomyAnswers(
      draft.decision === null ? { ...draft, decision: 'confirm' } : draft,
    );
    if (answers) return commands.submit(answers);
    setShowMissing(true);
  };

  useKeymap(
    'taxonomy',
    {
      ...comparator.keyHandlers,
      ...commonKeyHandlers(commands, submit),
      reason: () => reasonRef.current?.focus(),
      confirm: () => decide('confirm'),
      search: () => setSearching(true),
      ambiguous: () => decide('ambiguous'),
      garbled: () => setDraft((previous) => ({ ...previous, garbled: !previous.garbled })),
      longInstruction: () => setExpanded((value) => !value),
    },
    keysEnabled && !searching,
  );

  return (
    <div className="task task-taxonomy">
      <TaxonomyInstructions
        item={item}
        expanded={expanded}
        onToggle={() => setExpanded((value) => !value)}
      />
      <div className="task-body">
        <Comparator
          comparator={comparator}
          panes={panes}
          label="Images: the source and the edit"
          assignmentId={task.assignmentId}
        />
        <aside className="answer-panel" aria-label="Your answer">
          <TaxonomyPanel
            item={item}
            draft={draft}
            onDecide={decide}
            onSearch={() => setSearching(true)}
            onGarbled={(garbled) => setDraft((previous) => ({ ...previous, garbled }))}
          />
          <ReasonField
            value={draft.reason}
            onChange={(reason) => setDraft((previous) => ({ ...previous, reason }))}
            fieldRef={reasonRef}
          />
          <SubmitArea
            missing={
              showMissing && draft.decision === 'change' && !draft.editType
                ? ['the right edit type']
                : []
            }
            busy={busy}
            revising={initial !== null}
            onSubmit={submit}
            onCancel={commands.cancel}
          />
        </aside>
      </div>
      {searching ? (
        <EditTypePicker
          title="Which edit type is it?"
          current={draft.editType ?? item.currentLabel.label}
          onPick={(label) => {
            setDraft((previous) => pickType(previous, label, item.currentLabel.label));
            setSearching(false);
          }}
          onClose={() => setSearching(false)}
        />
      ) : null}
    </div>
  );
}
