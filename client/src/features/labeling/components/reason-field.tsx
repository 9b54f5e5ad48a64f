import { type RefObject, useId } from 'react';
import { REASON_MAX_CHARS } from '../limits';

type ReasonFieldProps = {
  value: string;
  onChange: (value: string) => void;
  fieldRef: RefObject<HTMLTextAreaElement | null>;
};

/** The optional reason. Shortcuts pause while it has focus; Esc leaves it. */
export function ReasonField({ value, onChange, fieldRef }: ReasonFieldProps) {
  const id = useId();
  return (
    <div className="field reason-field">
      <label className="field-label" htmlFor={id}>
        Reason <span className="muted">(optional, r)</span>
      </label>
      <textarea
        ref={fieldRef}
        id={id}
        className="input"
        rows={2}
        maxLength={REASON_MAX_CHARS}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
