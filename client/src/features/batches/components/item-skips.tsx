import { type BatchItemDetail, type SkipReason } from '@peel/shared';
import { formatDateTime } from '../../../lib/format';

/** How the labeling screen's skip dialog words each reason. */
const REASON_LABELS: Record<SkipReason, string> = {
  broken_image: 'an image is broken or missing',
  unclear_instruction: 'the instruction is unclear',
  cannot_decide: 'cannot decide',
  other: 'something else',
};

type ItemSkipsProps = { skipped: BatchItemDetail['skipped'] };

/** The item page's "Skipped" list: who skipped the item, why, their note (as text) and when. */
export function ItemSkips({ skipped }: ItemSkipsProps) {
  return (
    <section className="section" aria-labelledby="skipped-title">
      <h2 className="section-title" id="skipped-title">
        Skipped
      </h2>
      {skipped.length === 0 ? (
        <p className="muted">No rater skipped this item.</p>
      ) : (
        <ul className="small-list" data-testid="skipped">
          {skipped.map((skip) => (
            <li key={`${skip.rater.id}-${skip.skippedAt}`}>
              <strong>{skip.rater.displayName ?? skip.rater.email}</strong>
              {`: ${REASON_LABELS[skip.reason]}, ${formatDateTime(skip.skippedAt)}`}
              {skip.note === null ? null : (
                <>
                  {'. Note: '}
                  <span className="rater-text">{skip.note}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
