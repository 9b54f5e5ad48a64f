import { type EditDetail } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormStatus } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import { type FieldErrors, fieldErrorsFromIssues } from '../../../lib/form-errors';
import { useCreatePair } from '../api';
import { ORIGIN_LABELS } from '../labels';
import { ApiErrorAlert } from './api-error';

type MakePairFormProps = { editId: number; sameSource: EditDetail['sameSource'] };

/**
 * Makes an admin pair of this edit (first, A) and another edit of the same source image and
 * instruction (second, B): picked from the list, or any edit id typed in. An impossible pair
 * (the same edit, another source or instruction, a pair that exists) gets the server's message
 * at the field.
 */
export function MakePairForm({ editId, sameSource }: MakePairFormProps) {
  const [other, setOther] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [made, setMade] = useState<number | null>(null);
  const create = useCreatePair();

  const choose = (value: string) => {
    setOther(value);
    setErrors({});
    setMade(null);
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setMade(null);
    const secondEditId = Number(other);
    if (!other.trim() || !Number.isSafeInteger(secondEditId) || secondEditId <= 0) {
      setErrors({ secondEditId: 'Pick an edit or type its id (a whole number)' });
      return;
    }
    create.mutate(
      { firstEditId: editId, secondEditId },
      {
        onSuccess: (pair) => setMade(pair.id),
        onError: (error) => {
          if (isApiError(error) && error.code !== 'NETWORK_ERROR')
            setErrors(fieldErrorsFromIssues(error.issues));
        },
      },
    );
  };

  const fieldError = errors.secondEditId;
  return (
    <form className="form form-wide" aria-label="Make a pair" onSubmit={submit} noValidate>
      {made !== null ? (
        <FormStatus>
          Pair <Link to={`/admin/dataset/pairs/${made}`}>#{made}</Link> is made: edit #{editId}{' '}
          first (A), edit #{other} second (B).
        </FormStatus>
      ) : null}
      {create.isError ? <ApiErrorAlert error={create.error} /> : null}
      {sameSource.length === 0 ? (
        <p className="muted">No other edit shares this edit’s source image and instruction.</p>
      ) : (
        <fieldset className="field">
          <legend className="field-label">Other edits of this source image and instruction</legend>
          <div className="figures">
            {sameSource.map((edit) => (
              <label key={edit.id} className="item-figure">
                <img className="thumb" src={edit.image.thumbnailUrl} alt="" loading="lazy" />
                <input
                  type="radio"
                  name="pair-with"
                  value={String(edit.id)}
                  checked={other === String(edit.id)}
                  onChange={() => choose(String(edit.id))}
                />{' '}
                Edit #{edit.id} ({ORIGIN_LABELS[edit.origin] ?? edit.origin})
                {edit.pairId !== null ? (
                  <span className="muted"> · already pair #{edit.pairId}</span>
                ) : null}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className="field">
        <label className="field-label" htmlFor="pair-second-edit">
          Second edit (B), by id
        </label>
        <input
          id="pair-second-edit"
          name="secondEditId"
          className="input"
          inputMode="numeric"
          value={other}
          onChange={(event) => choose(event.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'pair-second-edit-error' : undefined}
        />
        {fieldError ? (
          <p className="field-error" id="pair-second-edit-error">
            {fieldError}
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Making…' : 'Make pair'}
        </button>
      </div>
    </form>
  );
}
