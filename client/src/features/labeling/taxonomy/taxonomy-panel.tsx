import { useId } from 'react';
import { ChoiceRow, type ChoiceOption } from '../components/choice-row';
import { type TaxonomyItem } from '../items';
import { keyLabel, keysFor } from '../keymap';
import { type TaxonomyDecision, type TaxonomyDraft } from './taxonomy-draft';

type TaxonomyPanelProps = {
  item: TaxonomyItem;
  draft: TaxonomyDraft;
  onDecide: (decision: TaxonomyDecision) => void;
  onSearch: () => void;
  onGarbled: (garbled: boolean) => void;
};

const DECISIONS: ReadonlyArray<ChoiceOption<TaxonomyDecision>> = [
  { value: 'confirm', label: 'Confirm', keys: keysFor('taxonomy', 'confirm') },
  { value: 'change', label: 'Change…', keys: keysFor('taxonomy', 'search') },
  { value: 'ambiguous', label: 'Ambiguous', keys: keysFor('taxonomy', 'ambiguous') },
];

/** The current label, the decision about it, the new type when changed, and the garbled flag. */
export function TaxonomyPanel({ item, draft, onDecide, onSearch, onGarbled }: TaxonomyPanelProps) {
  const garbledId = useId();
  return (
    <div className="answer-rows">
      <div className="current-label">
        <span className="choice-legend">Current label</span>
        <strong className="edit-type-label" data-testid="current-label">
          {item.currentLabel.label}
        </strong>
        <span className="muted">{item.currentLabel.categoryName}</span>
      </div>
      <ChoiceRow
        name="taxonomy-decision"
        legend="Is this the right edit type?"
        options={DECISIONS}
        value={draft.decision}
        onChange={(decision) => (decision === 'change' ? onSearch() : onDecide(decision))}
        active
      />
      {draft.decision === 'change' ? (
        <div className="choice-row">
          <div className="choice-legend">The right type</div>
          <div className="edit-type-value">
            <span className={draft.editType ? 'edit-type-label' : 'muted'}>
              {draft.editType ?? 'Not chosen yet'}
            </span>
            <button type="button" className="button button-small" onClick={onSearch}>
              Search <kbd>{keyLabel('/')}</kbd>
            </button>
          </div>
        </div>
      ) : null}
      <label className="check-row" htmlFor={garbledId}>
        <input
          id={garbledId}
          type="checkbox"
          checked={draft.garbled}
          onChange={(event) => onGarbled(event.target.checked)}
        />
        The short instruction is garbled <kbd>{keyLabel('g')}</kbd>
      </label>
    </div>
  );
}
