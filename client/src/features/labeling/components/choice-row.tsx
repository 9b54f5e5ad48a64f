import { type ReactNode } from 'react';
import { keyLabel } from '../keymap';

export type ChoiceOption<T extends string> = { value: T; label: string; keys: readonly string[] };

type ChoiceRowProps<T extends string> = {
  name: string;
  legend: ReactNode;
  options: ReadonlyArray<ChoiceOption<T>>;
  value: T | null;
  onChange: (value: T) => void;
  /** The row the answer keys go to now. */
  active: boolean;
  /** Unanswered at a submit attempt. */
  missing?: boolean;
  onActivate?: () => void;
};

/** One question as a row of radio buttons, each showing its (first) key; `?` lists them all. */
export function ChoiceRow<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  active,
  missing,
  onActivate,
}: ChoiceRowProps<T>) {
  const classes = ['choice-row', active ? 'is-active' : '', missing ? 'is-missing' : ''];
  return (
    <fieldset className={classes.join(' ').trim()} onFocus={onActivate}>
      <legend className="choice-legend">
        {legend}
        {active ? <span className="visually-hidden"> (keys answer this row)</span> : null}
        {missing ? <span className="choice-missing"> needs an answer</span> : null}
      </legend>
      <div className="choice-options">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span className="choice-label">{option.label}</span>
            {option.keys[0] && keyLabel(option.keys[0]) !== option.label ? (
              <kbd
                className="choice-key"
                aria-hidden="true"
                title={option.keys.map(keyLabel).join(' or ')}
              >
                {keyLabel(option.keys[0])}
              </kbd>
            ) : null}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
