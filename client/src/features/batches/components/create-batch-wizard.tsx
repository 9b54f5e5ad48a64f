import { type FormEvent, useMemo, useState } from 'react';
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
import {
  bodyOf,
  type Draft,
  INITIAL,
  num,
  selectionOf,
  STEPS,
  stepOf,
  useDebounced,
} from './create-batch-draft';
import { ItemsStep } from './create-batch-items-step';
import { NameStep } from './create-batch-name-step';
import { RatersStep } from './create-batch-raters-step';

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
        <ItemsStep
          draft={draft}
          set={set}
          errors={errors}
          toggle={toggle}
          sampleTooBig={sampleTooBig}
          preview={preview}
        />
      ) : null}

      {step === 1 ? (
        <RatersStep draft={draft} set={set} errors={errors} annotators={annotators} />
      ) : null}

      {step === 2 ? <NameStep draft={draft} set={set} errors={errors} /> : null}

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
