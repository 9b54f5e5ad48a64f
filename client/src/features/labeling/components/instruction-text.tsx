type InstructionTextProps = {
  short: string;
  long: string;
  expanded: boolean;
  onToggle: () => void;
};

/**
 * The edit instruction: the short form, and the long one on request (i). Always rendered as
 * text: the data is not trusted markup.
 */
export function InstructionText({ short, long, expanded, onToggle }: InstructionTextProps) {
  const same = short.trim() === long.trim();
  return (
    <div className="instruction">
      <p className="instruction-line">
        <span className="instruction-label">Instruction</span>
        <span className="instruction-short" data-testid="instruction-short">
          {short}
        </span>
      </p>
      {expanded && !same ? (
        <p className="instruction-line instruction-long-line">
          <span className="instruction-label">Full</span>
          <span className="instruction-long" data-testid="instruction-long">
            {long}
          </span>
        </p>
      ) : null}
      {same ? null : (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onMouseDown={(event) => event.preventDefault()}
          onClick={onToggle}
        >
          {expanded ? 'Hide the full instruction' : 'Show the full instruction'} <kbd>I</kbd>
        </button>
      )}
    </div>
  );
}
