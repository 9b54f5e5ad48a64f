import { type FieldErrors } from '../../../lib/form-errors';
import { type Draft, errorAt, type SetDraft } from './create-batch-draft';
import { Field } from './create-batch-fields';

type NameStepProps = { draft: Draft; set: SetDraft; errors: FieldErrors };

/** Step 3: the batch's name and its guidelines for raters. */
export function NameStep({ draft, set, errors }: NameStepProps) {
  return (
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
  );
}
