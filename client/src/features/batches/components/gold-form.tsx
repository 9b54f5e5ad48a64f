import { type BatchItemDetail } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { FormAlert, FormStatus } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import { errorMessage, type FieldErrors, fieldErrorsFromIssues } from '../../../lib/form-errors';
import { useSetGold } from '../api';
import { AnswerFields, type AnswerValues, answerValues, expectedAnswers } from './answer-fields';

/** A field key of the answer form to the question its expected answer is stored under. */
function questionOf(key: string): string {
  if (key === 'decision' || key === 'editType') return 'edit_type';
  if (key === 'garbled') return 'garbled_summary';
  return key;
}

/**
 * Marks the item gold with the answer the admin expects (or changes it). Only the questions the
 * admin answers are checked: a rater's gold answer is correct when every one of them matches. The
 * server checks each value against its question; its messages show at the fields.
 */
export function GoldForm({ item }: { item: BatchItemDetail }) {
  const [values, setValues] = useState<AnswerValues>(() =>
    answerValues(item, (question) => item.goldAnswer?.[question], true),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const setGold = useSetGold(item.batchId, item.itemId);
  const set = (key: string) => (value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setSaved(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setSaved(null);
    setGold.mutate(
      { expected: expectedAnswers(item, values) },
      {
        onSuccess: () => setSaved('The item is gold with this expected answer.'),
        onError: (error) => {
          if (isApiError(error, 'VALIDATION_FAILED'))
            setErrors(fieldErrorsFromIssues(error.issues));
        },
      },
    );
  };

  return (
    <form className="form form-wide" aria-label="Gold answer" onSubmit={submit} noValidate>
      {saved ? <FormStatus>{saved}</FormStatus> : null}
      {setGold.isError ? (
        <FormAlert>
          {isApiError(setGold.error, 'VALIDATION_FAILED')
            ? (errors.expected ?? setGold.error.message)
            : errorMessage(setGold.error)}
        </FormAlert>
      ) : null}
      <p className="muted">
        Leave a question “Not checked” to leave it out: a rater’s answer to this item counts as
        correct when it matches every question you answer here.
      </p>
      <AnswerFields
        item={item}
        values={values}
        onChange={set}
        errorAt={(key) => errors[`expected.${questionOf(key)}`]}
        idPrefix="gold"
        optional
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={setGold.isPending}>
          {setGold.isPending
            ? 'Saving…'
            : item.isGold
              ? 'Save the expected answer'
              : 'Mark gold with this answer'}
        </button>
      </div>
    </form>
  );
}
