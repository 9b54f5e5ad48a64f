import {
  type BatchItemDetail,
  CRITERION_LABELS,
  EDIT_TYPE_LABELS,
  PAIRWISE_CRITERIA,
} from '@peel/shared';

/**
 * The answer fields of one item, per task type, shared by the adjudication form and the gold
 * form. Values are keyed by field: pairwise `overall` and each criterion (`A` / `B` / `tie` /
 * `both_bad`); taxonomy `decision`, `editType`, `garbled`; multi-turn the question ids
 * (`turn_1.instruction`, …, `first_break`, `overall`). An empty string is "not answered".
 */
export type AnswerValues = Record<string, string>;

/** Pair orientation to the form's sides: A is the pair's first edit, B its second. */
const SIDE: Record<string, string> = { first: 'A', second: 'B' };
const ORIENTATION: Record<string, string> = { A: 'first', B: 'second' };

/**
 * The form's values from stored question values (`pick(question)`). With `optional` the fields a
 * stored answer does not cover stay empty ("not checked"); otherwise they take the default a
 * judgment would (confirm the label, not garbled, no break).
 */
export function answerValues(
  item: BatchItemDetail,
  pick: (question: string) => string | undefined,
  optional = false,
): AnswerValues {
  const values: AnswerValues = {};
  if (item.item.kind === 'pairwise') {
    for (const question of ['overall', ...PAIRWISE_CRITERIA]) {
      const value = pick(question);
      values[question] = value ? (SIDE[value] ?? value) : '';
    }
  } else if (item.item.kind === 'taxonomy') {
    const label = pick('edit_type');
    const current = item.item.currentLabel.label;
    values.decision =
      !label && optional
        ? ''
        : !label || label === current
          ? 'confirm'
          : label === 'ambiguous'
            ? 'ambiguous'
            : 'change';
    values.editType = values.decision === 'change' ? label! : '';
    const garbled = pick('garbled_summary');
    values.garbled = garbled === 'yes' ? 'yes' : garbled || !optional ? 'no' : '';
  } else {
    item.item.turns.forEach((_, i) => {
      for (const part of ['instruction', 'consistency', 'edit_type'])
        values[`turn_${i + 1}.${part}`] = pick(`turn_${i + 1}.${part}`) ?? '';
    });
    values.first_break = pick('first_break') ?? (optional ? '' : 'none');
    values.overall = pick('overall') ?? '';
  }
  return values;
}

/**
 * The answered fields as question ids and stored values (`{ overall: 'first' }`), in the pair's
 * orientation: what a gold item expects. Empty fields are left out.
 */
export function expectedAnswers(
  item: BatchItemDetail,
  values: AnswerValues,
): Record<string, string> {
  const expected: Record<string, string> = {};
  const put = (question: string, value: string | undefined) => {
    if (value !== undefined && value !== '') expected[question] = value;
  };
  if (item.item.kind === 'pairwise') {
    for (const question of ['overall', ...PAIRWISE_CRITERIA]) {
      const value = values[question];
      put(question, ORIENTATION[value] ?? value);
    }
  } else if (item.item.kind === 'taxonomy') {
    if (values.decision === 'confirm') put('edit_type', item.item.currentLabel.label);
    else if (values.decision === 'ambiguous') put('edit_type', 'ambiguous');
    // A change without a type is sent empty, so the server names the field.
    else if (values.decision === 'change') expected.edit_type = values.editType;
    put('garbled_summary', values.garbled);
  } else {
    for (const [key, value] of Object.entries(values)) put(key, value);
  }
  return expected;
}

type ChoiceProps = {
  label: string;
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string;
};

export function Choice({ label, name, value, options, onChange, error }: ChoiceProps) {
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

type AnswerFieldsProps = {
  item: BatchItemDetail;
  values: AnswerValues;
  onChange: (key: string) => (value: string) => void;
  /** The server's message for a field key, if any. */
  errorAt: (key: string) => string | undefined;
  /** Prefixes the radio names and ids, so two forms on one page stay apart. */
  idPrefix: string;
  /** Offers "Not checked" on every field (a gold answer may cover only some questions). */
  optional?: boolean;
};

/** The answer fields of one item's task type. */
export function AnswerFields({
  item,
  values,
  onChange,
  errorAt,
  idPrefix,
  optional = false,
}: AnswerFieldsProps) {
  const withBlank = (options: { value: string; label: string }[]) =>
    optional ? [...options, { value: '', label: 'Not checked' }] : options;
  const name = (key: string) => `${idPrefix}-${key}`;
  const typeSelect = (key: string, label: string, blank: string, error?: string) => (
    <>
      <select
        id={name(key)}
        aria-label={label}
        className="input"
        value={values[key]}
        onChange={(event) => onChange(key)(event.target.value)}
        aria-invalid={error ? true : undefined}
      >
        <option value="">{blank}</option>
        {EDIT_TYPE_LABELS.map((type) => (
          <option key={type}>{type}</option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </>
  );

  if (item.item.kind === 'pairwise')
    return (
      <>
        <Choice
          label="Overall (A = first edit, B = second edit)"
          name={name('overall')}
          value={values.overall}
          onChange={onChange('overall')}
          options={withBlank([
            { value: 'A', label: 'A better' },
            { value: 'B', label: 'B better' },
            { value: 'tie', label: 'Tie' },
            { value: 'both_bad', label: 'Both bad' },
          ])}
          error={errorAt('overall')}
        />
        {PAIRWISE_CRITERIA.map((criterion) => (
          <Choice
            key={criterion}
            label={CRITERION_LABELS[criterion]}
            name={name(criterion)}
            value={values[criterion]}
            onChange={onChange(criterion)}
            options={withBlank([
              { value: 'A', label: 'A' },
              { value: 'B', label: 'B' },
              { value: 'tie', label: 'Tie' },
            ])}
            error={errorAt(criterion)}
          />
        ))}
      </>
    );

  if (item.item.kind === 'taxonomy')
    return (
      <>
        <Choice
          label="Label"
          name={name('decision')}
          value={values.decision}
          onChange={onChange('decision')}
          options={withBlank([
            { value: 'confirm', label: 'Confirm the current label' },
            { value: 'change', label: 'Change it' },
            { value: 'ambiguous', label: 'Ambiguous' },
          ])}
          error={values.decision === 'change' ? undefined : errorAt('decision')}
        />
        {values.decision === 'change' ? (
          <div className="field">
            <label className="field-label" htmlFor={name('editType')}>
              Right edit type
            </label>
            {typeSelect('editType', 'Right edit type', 'Choose…', errorAt('editType'))}
          </div>
        ) : null}
        <Choice
          label="Short instruction garbled"
          name={name('garbled')}
          value={values.garbled}
          onChange={onChange('garbled')}
          options={withBlank([
            { value: 'no', label: 'No' },
            { value: 'yes', label: 'Yes' },
          ])}
          error={errorAt('garbled')}
        />
      </>
    );

  const turns = item.item.turns;
  return (
    <>
      {turns.map((turn, i) => (
        <fieldset key={turn.index} className="field">
          <legend className="field-label">Turn {i + 1}</legend>
          <Choice
            label="Instruction followed"
            name={name(`t${i}i`)}
            value={values[`turn_${i + 1}.instruction`]}
            onChange={onChange(`turn_${i + 1}.instruction`)}
            options={withBlank(GRADES)}
            error={errorAt(`turn_${i + 1}.instruction`)}
          />
          <Choice
            label="Consistency"
            name={name(`t${i}c`)}
            value={values[`turn_${i + 1}.consistency`]}
            onChange={onChange(`turn_${i + 1}.consistency`)}
            options={withBlank(GRADES)}
            error={errorAt(`turn_${i + 1}.consistency`)}
          />
          {typeSelect(
            `turn_${i + 1}.edit_type`,
            `Turn ${i + 1} edit type`,
            optional ? 'Edit type: not checked' : 'Edit type…',
            errorAt(`turn_${i + 1}.edit_type`),
          )}
        </fieldset>
      ))}
      <Choice
        label="First break"
        name={name('first_break')}
        value={values.first_break}
        onChange={onChange('first_break')}
        options={withBlank([
          { value: 'none', label: 'None' },
          ...turns.map((_, i) => ({ value: String(i + 1), label: `Turn ${i + 1}` })),
        ])}
        error={errorAt('first_break')}
      />
      <Choice
        label="Overall"
        name={name('overall')}
        value={values.overall}
        onChange={onChange('overall')}
        options={withBlank(GRADES)}
        error={errorAt('overall')}
      />
    </>
  );
}
