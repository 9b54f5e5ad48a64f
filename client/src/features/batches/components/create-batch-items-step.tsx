import { EDIT_CATEGORIES, EDIT_TYPE_LABELS, TASK_TYPES, type TaskType } from '@peel/shared';
import { type FieldErrors } from '../../../lib/form-errors';
import { type useBatchPreview } from '../api';
import { TASK_TYPE_LABELS } from '../labels';
import { type Draft, errorAt, ORIGINS_BY_TYPE, type SetDraft } from './create-batch-draft';
import { Checks, Field, NumberField, PreviewPanel } from './create-batch-fields';

type ItemsStepProps = {
  draft: Draft;
  set: SetDraft;
  errors: FieldErrors;
  toggle: (key: 'editTypes' | 'categories' | 'origins', value: string) => void;
  sampleTooBig: string | undefined;
  preview: ReturnType<typeof useBatchPreview>;
};

/** Step 1: the items (filters, sample, seed) with the server's live preview. */
export function ItemsStep({ draft, set, errors, toggle, sampleTooBig, preview }: ItemsStepProps) {
  return (
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
  );
}
