import { EDIT_CATEGORIES, ExportRequest } from '@peel/shared';
import { type FormEvent, useId, useState } from 'react';
import { TextField } from '../../../components/ui/field';
import { FormAlert, FormStatus } from '../../../components/ui/form-alert';
import {
  errorMessage,
  type FieldErrors,
  fieldErrorsFromError,
  focusFirstError,
  hasFieldErrors,
  validate,
} from '../../../lib/form-errors';
import { useExportableBatches, useStartExport } from '../api';

type Draft = {
  batchIds: number[];
  categories: string[];
  editTypes: string[];
  minRaters: string;
  minMargin: string;
  relabelShare: string;
  includeTies: boolean;
  excludeGold: boolean;
  preferAdjudicated: boolean;
  parquet: boolean;
};

const START: Draft = {
  batchIds: [],
  categories: [],
  editTypes: [],
  minRaters: '1',
  minMargin: '0',
  relabelShare: '0.5',
  includeTies: false,
  excludeGold: false,
  preferAdjudicated: false,
  parquet: true,
};

const EDIT_TYPE_GROUPS = EDIT_CATEGORIES.map((category) => ({
  id: category.id,
  name: category.name,
  labels: category.editTypes.map((type) => type.label as string),
}));

/** A number field's text as the contract's number ('' stays invalid, with the contract's message). */
function asNumber(text: string): number | string {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? text : value;
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((item) => item !== value);
}

function Check({
  label,
  checked,
  onChange,
  name,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />{' '}
      {label}
    </label>
  );
}

/** Starts an export job with the CLI's filters, checked against the shared contract first. */
export function ExportForm() {
  const start = useStartExport();
  const batches = useExportableBatches();
  const [draft, setDraft] = useState<Draft>(START);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [started, setStarted] = useState<string | null>(null);
  const editTypesId = useId();

  const set =
    <K extends keyof Draft>(field: K) =>
    (value: Draft[K]) =>
      setDraft((previous) => ({ ...previous, [field]: value }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (start.isPending) return;
    const form = event.currentTarget;
    setStarted(null);
    const checked = validate(ExportRequest, {
      ...draft,
      minRaters: asNumber(draft.minRaters),
      minMargin: asNumber(draft.minMargin),
      relabelShare: asNumber(draft.relabelShare),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError(form, checked.errors);
      return;
    }
    setErrors({});
    start.mutate(checked.data, {
      onSuccess: (view) => setStarted(view.id),
      onError: (error) => {
        const fromServer = fieldErrorsFromError(error);
        setErrors(fromServer);
        focusFirstError(form, fromServer);
      },
    });
  }

  const batchError = Object.entries(errors).find(([key]) => key.startsWith('batchIds'))?.[1];
  const alert = hasFieldErrors(errors)
    ? `Check the highlighted fields.${batchError ? ` ${batchError}` : ''}`
    : start.error
      ? errorMessage(start.error)
      : null;

  return (
    <form
      className="form form-wide"
      onSubmit={handleSubmit}
      noValidate
      aria-label="Start an export"
    >
      {alert ? <FormAlert>{alert}</FormAlert> : null}
      {started ? <FormStatus>Export {started.slice(0, 8)} started.</FormStatus> : null}
      <fieldset className="fieldset">
        <legend className="field-label">Batches (none checked: every batch)</legend>
        {batches.isError ? <FormAlert>{errorMessage(batches.error)}</FormAlert> : null}
        <div className="check-grid">
          {(batches.data?.items ?? []).map((batch) => (
            <Check
              key={batch.id}
              name="batchIds"
              label={`#${batch.id} ${batch.name} (${batch.taskType})`}
              checked={draft.batchIds.includes(batch.id)}
              onChange={(on) => set('batchIds')(toggle(draft.batchIds, batch.id, on))}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field-label">Categories (none checked: all)</legend>
        <div className="check-grid">
          {EDIT_TYPE_GROUPS.map((category) => (
            <Check
              key={category.id}
              name="categories"
              label={category.name}
              checked={draft.categories.includes(category.id)}
              onChange={(on) => set('categories')(toggle(draft.categories, category.id, on))}
            />
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={editTypesId}>
          Edit types (none selected: all)
        </label>
        <select
          id={editTypesId}
          name="editTypes"
          className="input"
          multiple
          size={6}
          value={draft.editTypes}
          onChange={(event) =>
            set('editTypes')([...event.target.selectedOptions].map((option) => option.value))
          }
        >
          {EDIT_TYPE_GROUPS.map((category) => (
            <optgroup key={category.id} label={category.name}>
              {category.labels.map((label) => (
                <option key={label} value={label}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="form-grid">
        <TextField
          label="Minimum raters"
          name="minRaters"
          value={draft.minRaters}
          onChange={set('minRaters')}
          error={errors.minRaters}
        />
        <TextField
          label="Minimum margin (0 to 1)"
          name="minMargin"
          value={draft.minMargin}
          onChange={set('minMargin')}
          error={errors.minMargin}
        />
        <TextField
          label="Relabel share (SFT)"
          name="relabelShare"
          value={draft.relabelShare}
          onChange={set('relabelShare')}
          hint="A taxonomy consensus relabels an edit at this vote share or above."
          error={errors.relabelShare}
        />
      </div>
      <div className="check-grid">
        <Check
          name="includeTies"
          label="Include ties and both-bad"
          checked={draft.includeTies}
          onChange={set('includeTies')}
        />
        <Check
          name="excludeGold"
          label="Exclude gold items"
          checked={draft.excludeGold}
          onChange={set('excludeGold')}
        />
        <Check
          name="preferAdjudicated"
          label="Prefer adjudicated answers"
          checked={draft.preferAdjudicated}
          onChange={set('preferAdjudicated')}
        />
        <Check
          name="parquet"
          label="Parquet files too"
          checked={draft.parquet}
          onChange={set('parquet')}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : 'Start export'}
      </button>
    </form>
  );
}
