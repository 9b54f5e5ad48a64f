import { type BatchItemDetail, PAIRWISE_CRITERIA } from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { FormAlert, FormStatus } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import { errorMessage, type FieldErrors, fieldErrorsFromIssues } from '../../../lib/form-errors';
import { useAdjudicate } from '../api';
import { AnswerFields, type AnswerValues, answerValues } from './answer-fields';

function majority(item: BatchItemDetail, question: string): string | undefined {
  return item.votes.find((v) => v.question === question)?.counts[0]?.value;
}

/** The form's starting values: the current adjudication, else each question's majority. */
function initialValues(item: BatchItemDetail): AnswerValues {
  const stored = new Map(
    (item.adjudication?.values ?? []).map((v) => [v.question, v.value] as const),
  );
  return answerValues(item, (question) => stored.get(question) ?? majority(item, question));
}

/** The answers in the task type's answer shape (what a judgment would send). */
function answersOf(item: BatchItemDetail, values: AnswerValues): unknown {
  if (item.item.kind === 'pairwise')
    return {
      overall: values.overall,
      criteria: Object.fromEntries(PAIRWISE_CRITERIA.map((c) => [c, values[c]])),
    };
  if (item.item.kind === 'taxonomy')
    return {
      decision: values.decision,
      ...(values.decision === 'change' ? { editType: values.editType } : {}),
      garbledShortInstruction: values.garbled === 'yes',
    };
  return {
    turns: item.item.turns.map((_, i) => ({
      instruction: Number(values[`turn_${i + 1}.instruction`]),
      consistency: Number(values[`turn_${i + 1}.consistency`]),
      editType: values[`turn_${i + 1}.edit_type`],
    })),
    firstBreak: values.first_break === 'none' ? null : Number(values.first_break),
    overall: Number(values.overall),
  };
}

/** A field key of the answer form to the path of the judgment answer the server names. */
function answerPath(key: string): string {
  if ((PAIRWISE_CRITERIA as readonly string[]).includes(key)) return `answers.criteria.${key}`;
  const turn = /^turn_(\d+)\.(instruction|consistency|edit_type)$/.exec(key);
  if (turn)
    return `answers.turns.${Number(turn[1]) - 1}.${turn[2] === 'edit_type' ? 'editType' : turn[2]}`;
  if (key === 'first_break') return 'answers.firstBreak';
  if (key === 'garbled') return 'answers.garbledShortInstruction';
  return `answers.${key}`;
}

/**
 * The admin's final answer for an item, with a note: what exports use instead of the raters'
 * consensus. Starts from the current adjudication or the majority; the server validates the
 * answers with the judgment schema and its messages show at the fields.
 */
export function AdjudicationForm({ item }: { item: BatchItemDetail }) {
  const [values, setValues] = useState<AnswerValues>(() => initialValues(item));
  const [note, setNote] = useState(item.adjudication?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const adjudicate = useAdjudicate(item.batchId, item.itemId);
  const set = (key: string) => (value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setSaved(null);
  };
  const at = (path: string) =>
    errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    adjudicate.mutate(
      { answers: answersOf(item, values), note },
      {
        onSuccess: () => setSaved('The final answer is saved; exports use it for this item.'),
        onError: (error) => {
          if (isApiError(error, 'VALIDATION_FAILED'))
            setErrors(fieldErrorsFromIssues(error.issues));
        },
      },
    );
  };

  return (
    <form className="form form-wide" aria-label="Adjudication" onSubmit={submit} noValidate>
      {saved ? <FormStatus>{saved}</FormStatus> : null}
      {adjudicate.isError ? (
        <FormAlert>
          {isApiError(adjudicate.error, 'VALIDATION_FAILED')
            ? adjudicate.error.message
            : errorMessage(adjudicate.error)}
        </FormAlert>
      ) : null}
      <AnswerFields
        item={item}
        values={values}
        onChange={set}
        errorAt={(key) => at(answerPath(key))}
        idPrefix="adjudication"
      />
      <div className="field">
        <label className="field-label" htmlFor="adjudication-note">
          Note (why this is the final answer)
        </label>
        <textarea
          id="adjudication-note"
          className="input"
          rows={3}
          value={note}
          onChange={(event) => {
            setNote(event.target.value);
            setSaved(null);
          }}
          aria-invalid={errors.note ? true : undefined}
        />
        {errors.note ? <p className="field-error">{errors.note}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={adjudicate.isPending}>
          {adjudicate.isPending ? 'Saving…' : 'Save final answer'}
        </button>
        {item.adjudication ? (
          <button
            type="button"
            className="button button-danger"
            disabled={adjudicate.isPending}
            onClick={() =>
              adjudicate.mutate(null, { onSuccess: () => setSaved('The adjudication is removed.') })
            }
          >
            Remove adjudication
          </button>
        ) : null}
      </div>
    </form>
  );
}
