import { type KeyboardEvent, useId, useState } from 'react';
import { type SkipReason } from '../flow/flow-types';
import { isTypingTarget } from '../keymap';
import { ModalDialog } from './modal-dialog';

type SkipDialogProps = { onSkip: (reason: SkipReason, note: string) => void; onClose: () => void };

const REASONS: ReadonlyArray<{ value: SkipReason; label: string }> = [
  { value: 'broken_image', label: 'An image is broken or missing' },
  { value: 'unclear_instruction', label: 'The instruction is unclear' },
  { value: 'cannot_decide', label: 'I cannot decide' },
  { value: 'other', label: 'Something else (say what below)' },
];

/** Skip with a reason: 1–4 pick one, Enter skips, Esc goes back to the task. */
export function SkipDialog({ onSkip, onClose }: SkipDialogProps) {
  const id = useId();
  const [reason, setReason] = useState<SkipReason>('cannot_decide');
  const [note, setNote] = useState('');

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const picked = REASONS[Number(event.key) - 1];
    if (picked) {
      event.preventDefault();
      setReason(picked.value);
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      onSkip(reason, note);
    }
  };

  return (
    <ModalDialog title="Skip this task" onClose={onClose} onKeyDown={onKeyDown}>
      <p className="muted">A skipped task goes to other raters and never counts against you.</p>
      <fieldset className="skip-reasons">
        <legend className="field-label">Why skip it?</legend>
        {REASONS.map((option, index) => (
          <label key={option.value} className="skip-reason">
            <input
              type="radio"
              name={`${id}-reason`}
              value={option.value}
              checked={reason === option.value}
              onChange={() => setReason(option.value)}
              data-autofocus={reason === option.value ? true : undefined}
            />
            <kbd>{index + 1}</kbd> {option.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-note`}>
          Note <span className="muted">(optional)</span>
        </label>
        <textarea
          id={`${id}-note`}
          className="input"
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => onSkip(reason, note)}
        >
          Skip task <kbd>Enter</kbd>
        </button>
        <button type="button" className="button" onClick={onClose}>
          Back to the task
        </button>
      </div>
    </ModalDialog>
  );
}
