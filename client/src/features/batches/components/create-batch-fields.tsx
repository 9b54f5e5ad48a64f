import { type ReactNode, useId } from 'react';
import { errorMessage, fieldErrorsFromError } from '../../../lib/form-errors';
import { type useBatchPreview } from '../api';

type FieldProps = { label: string; error?: string; children: (id: string) => ReactNode };

export function Field({ label, error, children }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type NumberFieldProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
};

export function NumberField({ label, name, value, onChange, error }: NumberFieldProps) {
  return (
    <Field label={label} error={error}>
      {(id) => (
        <input
          id={id}
          name={name}
          className="input"
          inputMode="decimal"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
      )}
    </Field>
  );
}

type ChecksProps = {
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  onToggle: (value: string) => void;
  error?: string;
};

export function Checks({ legend, options, checked, onToggle, error }: ChecksProps) {
  if (options.length === 0) return null;
  return (
    <fieldset className="field">
      <legend className="field-label">{legend}</legend>
      <div className="chips">
        {options.map((option) => (
          <label key={option.value} className="chip">
            <input
              type="checkbox"
              checked={checked.includes(option.value)}
              onChange={() => onToggle(option.value)}
            />{' '}
            {option.label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type PreviewPanelProps = { preview: ReturnType<typeof useBatchPreview>; error?: string };

export function PreviewPanel({ preview, error }: PreviewPanelProps) {
  return (
    <div className="panel preview-panel" aria-live="polite" aria-busy={preview.isFetching}>
      <h3 className="section-title">Preview</h3>
      {preview.data ? (
        <>
          <p>
            <strong data-testid="preview-matching">{preview.data.matching}</strong> items match
            these filters; <strong data-testid="preview-selected">{preview.data.selected}</strong>{' '}
            selected.
          </p>
          {preview.data.matching === 0 ? (
            <p className="field-error">No item matches these filters.</p>
          ) : null}
          <ul className="preview-sample">
            {preview.data.sample.slice(0, 8).map((item) => (
              <li key={item.key}>
                <img src={item.imageUrl} alt={item.editType ?? item.key} loading="lazy" />
              </li>
            ))}
          </ul>
        </>
      ) : preview.isPending ? (
        <p className="muted">Counting…</p>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
      {preview.isError &&
      !error &&
      Object.keys(fieldErrorsFromError(preview.error)).length === 0 ? (
        <p className="field-error">{errorMessage(preview.error)}</p>
      ) : null}
    </div>
  );
}
