import { type TaxonomyItem } from '../items';

type TaxonomyInstructionsProps = { item: TaxonomyItem; expanded: boolean; onToggle: () => void };

/** Both instructions, as text: the short one (which may be garbled) and the long one. */
export function TaxonomyInstructions({ item, expanded, onToggle }: TaxonomyInstructionsProps) {
  return (
    <div className="instruction">
      <p className="instruction-line">
        <span className="instruction-label">Short</span>
        <span className="instruction-short" data-testid="instruction-short">
          {item.instruction.short}
        </span>
      </p>
      <p className={expanded ? 'instruction-line' : 'instruction-line is-clamped'}>
        <span className="instruction-label">Long</span>
        <span className="instruction-long" data-testid="instruction-long">
          {item.instruction.long}
        </span>
      </p>
      <button
        type="button"
        className="link-button"
        aria-expanded={expanded}
        onMouseDown={(event) => event.preventDefault()}
        onClick={onToggle}
      >
        {expanded ? 'Shorten the long instruction' : 'Show all of the long instruction'}{' '}
        <kbd>I</kbd>
      </button>
    </div>
  );
}
