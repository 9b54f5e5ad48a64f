import { DATASET_FILTERS, type DatasetList } from '@peel/shared';
import { type FormEvent, useId, useState } from 'react';
import { CATEGORY_OPTIONS, EDIT_TYPE_OPTIONS, ORIGIN_LABELS } from '../labels';

type Props = {
  list: DatasetList;
  search: URLSearchParams;
  onChange: (changes: Record<string, string | null>) => void;
};

const ORIGINS: Record<DatasetList, string[]> = {
  edits: ['sft', 'preference_chosen', 'preference_rejected'],
  pairs: ['dataset', 'admin'],
  sessions: [],
};

/** The list's filters; selects apply at once, the text and import fields on submit. */
export function DatasetFilters({ list, search, onChange }: Props) {
  const allowed = new Set<string>(DATASET_FILTERS[list]);
  const [q, setQ] = useState(search.get('q') ?? '');
  const [importId, setImportId] = useState(search.get('import') ?? '');
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ q: q.trim() || null, import: importId.trim() || null });
  }

  function select(name: string, label: string, options: { value: string; label: string }[]) {
    if (!allowed.has(name)) return null;
    return (
      <div className="field">
        <label className="field-label" htmlFor={`${id}-${name}`}>
          {label}
        </label>
        <select
          id={`${id}-${name}`}
          className="input"
          name={name}
          value={search.get(name) ?? ''}
          onChange={(event) => onChange({ [name]: event.target.value || null })}
        >
          <option value="">Any</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }

  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      {select('editType', 'Edit type', EDIT_TYPE_OPTIONS)}
      {select('category', 'Category', CATEGORY_OPTIONS)}
      {select(
        'origin',
        'Origin',
        ORIGINS[list].map((origin) => ({ value: origin, label: ORIGIN_LABELS[origin] ?? origin })),
      )}
      {select('outcome', 'Outcome', [
        { value: 'success', label: 'Success' },
        { value: 'failed', label: 'Failed' },
      ])}
      {select('judged', 'Human judgments', [
        { value: 'with', label: 'With judgments' },
        { value: 'without', label: 'Without judgments' },
      ])}
      <div className="field">
        <label className="field-label" htmlFor={`${id}-import`}>
          Import #
        </label>
        <input
          id={`${id}-import`}
          className="input input-narrow"
          name="import"
          inputMode="numeric"
          value={importId}
          onChange={(event) => setImportId(event.target.value)}
        />
      </div>
      <div className="field field-grow">
        <label className="field-label" htmlFor={`${id}-q`}>
          {list === 'sessions' ? 'Prompt contains' : 'Instruction contains'}
        </label>
        <input
          id={`${id}-q`}
          className="input"
          name="q"
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Apply
        </button>
      </div>
    </form>
  );
}
