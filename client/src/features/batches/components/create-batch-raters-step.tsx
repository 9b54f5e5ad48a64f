import { type FieldErrors } from '../../../lib/form-errors';
import { type useUsers } from '../../users/api';
import { type Draft, errorAt, type SetDraft } from './create-batch-draft';
import { NumberField } from './create-batch-fields';

type Annotator = NonNullable<ReturnType<typeof useUsers>['data']>['items'][number];

type RatersStepProps = {
  draft: Draft;
  set: SetDraft;
  errors: FieldErrors;
  annotators: Annotator[];
};

/** Step 2: overlap, lease time, gold and which annotators rate. */
export function RatersStep({ draft, set, errors, annotators }: RatersStepProps) {
  return (
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
  );
}
