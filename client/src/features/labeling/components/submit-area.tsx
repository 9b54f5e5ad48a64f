type SubmitAreaProps = {
  /** What is still unanswered, shown after a submit attempt. */
  missing: readonly string[];
  busy: boolean;
  revising: boolean;
  onSubmit: () => void;
  onCancel: () => void;
};

/** Submit (Enter), or while undoing: save the revision / go back. */
export function SubmitArea({ missing, busy, revising, onSubmit, onCancel }: SubmitAreaProps) {
  return (
    <div className="submit-area">
      {missing.length > 0 ? (
        <p className="field-error" role="alert">
          Still to answer: {missing.join(', ')}.
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onMouseDown={(event) => event.preventDefault()}
          onClick={onSubmit}
          disabled={busy}
          aria-disabled={busy}
        >
          {busy ? 'Saving…' : revising ? 'Save revision' : 'Submit'} <kbd>Enter</kbd>
        </button>
        {revising ? (
          <button type="button" className="button" onClick={onCancel}>
            Back <kbd>Esc</kbd>
          </button>
        ) : null}
      </div>
    </div>
  );
}
