import {
  type BatchItemDetail,
  CRITERION_LABELS,
  EDIT_TYPE_LABELS,
  PAIRWISE_CRITERIA,
} from '@peel/shared';
import { type FormEvent, useState } from 'react';
import { FormAlert, FormStatus } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import { errorMessage, type FieldErrors, fieldErrorsFromIssues } from '../../../lib/form-errors';
import { useAdjudicate } from '../api';

type Values = Record<string, string>;

/** Pair orientation to the form's sides: A is the pair's first edit, B its second. */
const SIDE: Record<string, string> = { first: 'A', second: 'B' };

function majority(item: BatchItemDetail, question: string): string | undefined {
  return item.votes.find((v) => v.question === question)?.counts[0]?.value;
}

/** The form's starting values: the current adjudication, else each question's majority. */
function initialValues(item: BatchItemDetail): Values {
  const stored = new Map(
    (item.adjudication?.values ?? []).map((v) => [v.question, v.value] as const),
  );
  const pick = (question: string) => stored.get(question) ?? majority(item, question);
  const values: Values = {};
  if (item.item.kind === 'pairwise') {
    for (const question of ['overall', ...PAIRWISE_CRITERIA]) {
      const value = pick(question);
      values[question] = value ? (SIDE[value] ?? value) : '';
    }
  } else if (item.item.kind === 'taxonomy') {
    const label = pick('edit_type');
    const current = item.item.currentLabel.label;
    values.decision =
      !label || label === current ? 'confirm' : label === 'ambiguous' ? 'ambiguous' : 'change';
    values.editType = values.decision === 'change' ? label! : '';
    values.garbled = pick('garbled_summary') === 'yes' ? 'yes' : 'no';
  } else {
    item.item.turns.forEach((_, i) => {
      for (const part of ['instruction', 'consistency', 'edit_type'])
        values[`turn_${i + 1}.${part}`] = pick(`turn_${i + 1}.${part}`) ?? '';
    });
    values.first_break = pick('first_break') ?? 'none';
    values.overall = pick('overall') ?? '';
  }
  return values;
}

/** The answers in the task type's answer shape (what a judgment would send). */
function answersOf(item: BatchItemDetail, values: Values): unknown {
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

type ChoiceProps = {
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string;
};

function Choice({ label, name, value, options, onChange, error }: ChoiceProps) {
  return (
    <fieldset className="field adjudication-choice">
      <legend className="field-label">{label}</legend>
      <div className="chips">
        {options.map((option) => (
          <label key={option.value} className="chip">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />{' '}
            {option.label}
          </label>
        ))}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

const GRADES = ['1', '2', '3', '4', '5'].map((g) => ({ value: g, label: g }));

/**
 * The admin's final answer for an item, with a note: what exports use instead of the raters'
 * consensus. Starts from the current adjudication or the majority; the server validates the
 * answers with the judgment schema and its messages show at the fields.
 */
export function AdjudicationForm({ item }: { item: BatchItemDetail }) {
  const [values, setValues] = useState<Values>(() => initialValues(item));
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

  const kind = item.item.kind;
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
      {kind === 'pairwise' ? (
        <>
          <Choice
            label="Overall (A = first edit, B = second edit)"
            name="overall"
            value={values.overall}
            onChange={set('overall')}
            options={[
              { value: 'A', label: 'A better' },
              { value: 'B', label: 'B better' },
              { value: 'tie', label: 'Tie' },
              { value: 'both_bad', label: 'Both bad' },
            ]}
            error={at('answers.overall')}
          />
          {PAIRWISE_CRITERIA.map((criterion) => (
            <Choice
              key={criterion}
              label={CRITERION_LABELS[criterion]}
              name={criterion}
              value={values[criterion]}
              onChange={set(criterion)}
              options={[
                { value: 'A', label: 'A' },
                { value: 'B', label: 'B' },
                { value: 'tie', label: 'Tie' },
              ]}
              error={at(`answers.criteria.${criterion}`)}
            />
          ))}
        </>
      ) : null}
      {kind === 'taxonomy' ? (
        <>
          <Choice
            label="Label"
            name="decision"
            value={values.decision}
            onChange={set('decision')}
            options={[
              { value: 'confirm', label: 'Confirm the current label' },
              { value: 'change', label: 'Change it' },
              { value: 'ambiguous', label: 'Ambiguous' },
            ]}
            error={at('answers.decision')}
          />
          {values.decision === 'change' ? (
            <div className="field">
              <label className="field-label" htmlFor="adjudication-edit-type">
                Right edit type
              </label>
              <select
                id="adjudication-edit-type"
                className="input"
                value={values.editType}
                onChange={(event) => set('editType')(event.target.value)}
              >
                <option value="">Choose…</option>
                {EDIT_TYPE_LABELS.map((label) => (
                  <option key={label}>{label}</option>
                ))}
              </select>
              {at('answers.editType') ? (
                <p className="field-error">{at('answers.editType')}</p>
              ) : null}
            </div>
          ) : null}
          <Choice
            label="Short instruction garbled"
            name="garbled"
            value={values.garbled}
            onChange={set('garbled')}
            options={[
              { value: 'no', label: 'No' },
              { value: 'yes', label: 'Yes' },
            ]}
          />
        </>
      ) : null}
      {kind === 'multi_turn' && item.item.kind === 'multi_turn' ? (
        <>
          {item.item.turns.map((turn, i) => (
            <fieldset key={turn.index} className="field">
              <legend className="field-label">Turn {i + 1}</legend>
              <Choice
                label="Instruction followed"
                name={`t${i}i`}
                value={values[`turn_${i + 1}.instruction`]}
                onChange={set(`turn_${i + 1}.instruction`)}
                options={GRADES}
                error={at(`answers.turns.${i}.instruction`)}
              />
              <Choice
                label="Consistency"
                name={`t${i}c`}
                value={values[`turn_${i + 1}.consistency`]}
                onChange={set(`turn_${i + 1}.consistency`)}
                options={GRADES}
                error={at(`answers.turns.${i}.consistency`)}
              />
              <select
                aria-label={`Turn ${i + 1} edit type`}
                className="input"
                value={values[`turn_${i + 1}.edit_type`]}
                onChange={(event) => set(`turn_${i + 1}.edit_type`)(event.target.value)}
              >
                <option value="">Edit type…</option>
                {EDIT_TYPE_LABELS.map((label) => (
                  <option key={label}>{label}</option>
                ))}
              </select>
              {at(`answers.turns.${i}.editType`) ? (
                <p className="field-error">{at(`answers.turns.${i}.editType`)}</p>
              ) : null}
            </fieldset>
          ))}
          <Choice
            label="First break"
            name="first_break"
            value={values.first_break}
            onChange={set('first_break')}
            options={[
              { value: 'none', label: 'None' },
              ...item.item.turns.map((_, i) => ({ value: String(i + 1), label: `Turn ${i + 1}` })),
            ]}
            error={at('answers.firstBreak')}
          />
          <Choice
            label="Overall"
            name="overall"
            value={values.overall}
            onChange={set('overall')}
            options={GRADES}
            error={at('answers.overall')}
          />
        </>
      ) : null}
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
