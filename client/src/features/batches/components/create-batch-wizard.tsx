import {
  type BatchSelection,
  type CreateBatchBody,
  EDIT_CATEGORIES,
  EDIT_TYPE_LABELS,
  type ITEM_ORIGINS,
  TASK_TYPES,
  type TaskType,
} from '@peel/shared';
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { FormAlert } from '../../../components/ui/form-alert';
import {
  errorMessage,
  type FieldErrors,
  fieldErrorsFromError,
  fieldErrorsFromIssues,
} from '../../../lib/form-errors';
import { isApiError } from '../../../lib/api';
import { useUsers } from '../../users/api';
import { useBatchPreview, useCreateBatch } from '../api';
import { TASK_TYPE_LABELS } from '../labels';

const ORIGINS_BY_TYPE: Record<TaskType, readonly (typeof ITEM_ORIGINS)[number][]> = {
  pairwise: ['dataset_pair', 'admin_pair'],
  taxonomy: ['sft', 'preference_chosen', 'preference_rejected'],
  multi_turn: [],
};

const STEPS = ['Items', 'Raters and overlap', 'Name and guidelines'] as const;

/** Which step holds the field a server issue names (`overlap.k`, `filters.origins`, ...). */
function stepOf(path: string): number {
  if (/^(overlap|leaseSeconds|gold|raterIds)/.test(path)) return 1;
  if (/^(name|guidelines)/.test(path)) return 2;
  return 0;
}

type Draft = {
  taskType: TaskType;
  editTypes: string[];
  categories: string[];
  origins: string[];
  humanJudgments: 'any' | 'with' | 'without';
  sampleSize: string;
  seed: string;
  k: string;
  adaptive: boolean;
  kMax: string;
  leaseMinutes: string;
  goldShare: string;
  goldMinAnswers: string;
  goldBar: string;
  allRaters: boolean;
  raterIds: number[];
  name: string;
  guidelines: string;
};

const INITIAL: Draft = {
  taskType: 'pairwise',
  editTypes: [],
  categories: [],
  origins: [],
  humanJudgments: 'any',
  sampleSize: '',
  seed: '1',
  k: '3',
  adaptive: false,
  kMax: '5',
  leaseMinutes: '10',
  goldShare: '0',
  goldMinAnswers: '5',
  goldBar: '0.7',
  allRaters: true,
  raterIds: [],
  name: '',
  guidelines: '',
};

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

function selectionOf(draft: Draft): BatchSelection {
  return {
    taskType: draft.taskType,
    filters: {
      ...(draft.editTypes.length ? { editTypes: draft.editTypes as never } : {}),
      ...(draft.categories.length ? { categories: draft.categories } : {}),
      ...(draft.origins.length ? { origins: draft.origins as never } : {}),
      humanJudgments: draft.humanJudgments,
    },
    sampleSize: num(draft.sampleSize),
    seed: num(draft.seed) ?? 1,
  };
}

function bodyOf(draft: Draft): CreateBatchBody {
  return {
    ...selectionOf(draft),
    name: draft.name,
    overlap: {
      k: num(draft.k) ?? 0,
      adaptive: draft.adaptive,
      ...(draft.adaptive ? { kMax: num(draft.kMax) } : {}),
    },
    leaseSeconds: Math.round((num(draft.leaseMinutes) ?? 0) * 60),
    gold: {
      share: num(draft.goldShare) ?? 0,
      minAnswers: num(draft.goldMinAnswers) ?? 5,
      bar: num(draft.goldBar) ?? 0.7,
    },
    guidelines: draft.guidelines,
    raterIds: draft.allRaters ? null : draft.raterIds,
  };
}

/** The first error whose path is this field or inside it. */
function errorAt(errors: FieldErrors, field: string): string | undefined {
  const key = Object.keys(errors).find((path) => path === field || path.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}

/** A debounced copy of `value` (the preview follows the filters without a call per keystroke). */
function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/**
 * Three steps: the items (filters, sample, seed) with a live count from the server's preview;
 * raters, overlap and gold; name and guidelines. A refused batch (a sample larger than the
 * matching items, k above the raters allowed, ...) shows the server's message at its field, on
 * the step that holds it.
 */
export function CreateBatchWizard() {
  const [draft, setDraft] = useState<Draft>(INITIAL);
  const [step, setStep] = useState(0);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setServerErrors({});
  };
  const selection = useDebounced(
    useMemo(() => selectionOf(draft), [draft]),
    250,
  );
  const preview = useBatchPreview(selection);
  const create = useCreateBatch();
  const navigate = useNavigate();
  const users = useUsers();
  const annotators = (users.data?.items ?? []).filter((u) => u.role === 'annotator' && u.active);

  const previewErrors = preview.isError ? fieldErrorsFromError(preview.error) : {};
  const sampleTooBig =
    preview.data &&
    num(draft.sampleSize) !== undefined &&
    num(draft.sampleSize)! > preview.data.matching
      ? `Only ${preview.data.matching} items match these filters; the sample asks for ${draft.sampleSize}`
      : undefined;
  const errors: FieldErrors = { ...previewErrors, ...serverErrors };
  const toggle = (key: 'editTypes' | 'categories' | 'origins', value: string) =>
    set(
      key,
      draft[key].includes(value) ? draft[key].filter((v) => v !== value) : [...draft[key], value],
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step < STEPS.length - 1) {
      setStep(step + 1);
      return;
    }
    create.mutate(bodyOf(draft), {
      onSuccess: (batch) => navigate(`/admin/batches/${batch.id}`),
      onError: (error) => {
        if (isApiError(error, 'VALIDATION_FAILED') && error.issues.length > 0) {
          setServerErrors(fieldErrorsFromIssues(error.issues));
          setStep(stepOf(error.issues[0].path));
        }
      },
    });
  };

  return (
    <form className="form form-wide wizard" aria-label="New batch" onSubmit={submit} noValidate>
      <ol className="wizard-steps">
        {STEPS.map((label, index) => (
          <li key={label} aria-current={index === step ? 'step' : undefined}>
            <button type="button" className="link-button" onClick={() => setStep(index)}>
              {index + 1}. {label}
            </button>
          </li>
        ))}
      </ol>
      {create.isError ? <FormAlert>{errorMessage(create.error)}</FormAlert> : null}

      {step === 0 ? (
        <fieldset className="wizard-step">
          <legend className="section-title">Items</legend>
          <Field label="Task type" error={errorAt(errors, 'taskType')}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={draft.taskType}
                onChange={(event) => {
                  set('taskType', event.target.value as TaskType);
                  set('origins', []);
                }}
              >
                {TASK_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {TASK_TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {draft.taskType !== 'multi_turn' ? (
            <>
              <Field label="Edit types (none: all)" error={errorAt(errors, 'filters.editTypes')}>
                {(id) => (
                  <select
                    id={id}
                    className="input"
                    multiple
                    size={6}
                    value={draft.editTypes}
                    onChange={(event) =>
                      set(
                        'editTypes',
                        Array.from(event.target.selectedOptions).map((option) => option.value),
                      )
                    }
                  >
                    {EDIT_TYPE_LABELS.map((label) => (
                      <option key={label} value={label}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Checks
                legend="Categories (none: all)"
                options={EDIT_CATEGORIES.map((c) => ({ value: c.id, label: c.name }))}
                checked={draft.categories}
                onToggle={(value) => toggle('categories', value)}
                error={errorAt(errors, 'filters.categories')}
              />
              <Checks
                legend="Origins (none: all)"
                options={ORIGINS_BY_TYPE[draft.taskType].map((o) => ({ value: o, label: o }))}
                checked={draft.origins}
                onToggle={(value) => toggle('origins', value)}
                error={errorAt(errors, 'filters.origins')}
              />
            </>
          ) : null}
          <Field label="Earlier human judgments" error={errorAt(errors, 'filters.humanJudgments')}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={draft.humanJudgments}
                onChange={(event) =>
                  set('humanJudgments', event.target.value as Draft['humanJudgments'])
                }
              >
                <option value="any">With or without</option>
                <option value="without">Only items never judged</option>
                <option value="with">Only items judged before</option>
              </select>
            )}
          </Field>
          <div className="form-grid">
            <NumberField
              label="Sample size (empty: every matching item)"
              name="sampleSize"
              value={draft.sampleSize}
              onChange={(value) => set('sampleSize', value)}
              error={errorAt(errors, 'sampleSize') ?? sampleTooBig}
            />
            <NumberField
              label="Seed"
              name="seed"
              value={draft.seed}
              onChange={(value) => set('seed', value)}
              error={errorAt(errors, 'seed')}
            />
          </div>
          <PreviewPanel preview={preview} error={errorAt(errors, 'filters')} />
        </fieldset>
      ) : null}

      {step === 1 ? (
        <fieldset className="wizard-step">
          <legend className="section-title">Raters and overlap</legend>
          <div className="form-grid">
            <NumberField
              label="Raters per item (k)"
              name="overlap.k"
              value={draft.k}
              onChange={(value) => set('k', value)}
              error={errorAt(errors, 'overlap.k')}
            />
            <label className="field-inline">
              <input
                type="checkbox"
                checked={draft.adaptive}
                onChange={(event) => set('adaptive', event.target.checked)}
              />{' '}
              Adaptive overlap (more raters while answers disagree)
            </label>
            {draft.adaptive ? (
              <NumberField
                label="At most (k max)"
                name="overlap.kMax"
                value={draft.kMax}
                onChange={(value) => set('kMax', value)}
                error={errorAt(errors, 'overlap.kMax')}
              />
            ) : null}
            <NumberField
              label="Lease time (minutes)"
              name="leaseSeconds"
              value={draft.leaseMinutes}
              onChange={(value) => set('leaseMinutes', value)}
              error={errorAt(errors, 'leaseSeconds')}
            />
          </div>
          <div className="form-grid">
            <NumberField
              label="Gold share (0 to 0.5)"
              name="gold.share"
              value={draft.goldShare}
              onChange={(value) => set('goldShare', value)}
              error={errorAt(errors, 'gold.share')}
            />
            <NumberField
              label="Gold answers before the bar applies"
              name="gold.minAnswers"
              value={draft.goldMinAnswers}
              onChange={(value) => set('goldMinAnswers', value)}
              error={errorAt(errors, 'gold.minAnswers')}
            />
            <NumberField
              label="Gold bar (minimum accuracy, 0 to 1)"
              name="gold.bar"
              value={draft.goldBar}
              onChange={(value) => set('goldBar', value)}
              error={errorAt(errors, 'gold.bar')}
            />
          </div>
          <fieldset className="field">
            <legend className="field-label">Raters</legend>
            <label>
              <input
                type="radio"
                name="raters"
                checked={draft.allRaters}
                onChange={() => set('allRaters', true)}
              />{' '}
              Every annotator ({annotators.length} active)
            </label>
            <label>
              <input
                type="radio"
                name="raters"
                checked={!draft.allRaters}
                onChange={() => set('allRaters', false)}
              />{' '}
              Only these:
            </label>
            {!draft.allRaters ? (
              <div className="chips">
                {annotators.map((user) => (
                  <label key={user.id} className="chip">
                    <input
                      type="checkbox"
                      checked={draft.raterIds.includes(user.id)}
                      onChange={() =>
                        set(
                          'raterIds',
                          draft.raterIds.includes(user.id)
                            ? draft.raterIds.filter((id) => id !== user.id)
                            : [...draft.raterIds, user.id],
                        )
                      }
                    />{' '}
                    {user.displayName ?? user.email}
                  </label>
                ))}
              </div>
            ) : null}
            {errorAt(errors, 'raterIds') ? (
              <p className="field-error">{errorAt(errors, 'raterIds')}</p>
            ) : null}
          </fieldset>
        </fieldset>
      ) : null}

      {step === 2 ? (
        <fieldset className="wizard-step">
          <legend className="section-title">Name and guidelines</legend>
          <Field label="Name" error={errorAt(errors, 'name')}>
            {(id) => (
              <input
                id={id}
                name="name"
                className="input"
                value={draft.name}
                onChange={(event) => set('name', event.target.value)}
                aria-invalid={errorAt(errors, 'name') ? true : undefined}
              />
            )}
          </Field>
          <Field label="Guidelines (markdown)" error={errorAt(errors, 'guidelines')}>
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={8}
                value={draft.guidelines}
                onChange={(event) => set('guidelines', event.target.value)}
              />
            )}
          </Field>
        </fieldset>
      ) : null}

      <div className="form-actions">
        {step > 0 ? (
          <button type="button" className="button" onClick={() => setStep(step - 1)}>
            Back
          </button>
        ) : null}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {step < STEPS.length - 1 ? 'Next' : create.isPending ? 'Creating…' : 'Create batch'}
        </button>
        {preview.data ? (
          <span className="muted" aria-live="polite">
            {preview.data.selected} items will be in the batch
          </span>
        ) : null}
      </div>
    </form>
  );
}

type FieldProps = { label: string; error?: string; children: (id: string) => ReactNode };

function Field({ label, error, children }: FieldProps) {
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

function NumberField({ label, name, value, onChange, error }: NumberFieldProps) {
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

function Checks({ legend, options, checked, onToggle, error }: ChecksProps) {
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

function PreviewPanel({ preview, error }: PreviewPanelProps) {
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
