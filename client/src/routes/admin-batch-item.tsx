import { type BatchItemDetail } from '@peel/shared';
import { Link, useParams } from 'react-router';
import { PageError, PageLoading } from '../components/ui/page-state';
import { useBatchItem, useGoldChange } from '../features/batches/api';
import { AdjudicationForm } from '../features/batches/components/adjudication-form';
import { GoldForm } from '../features/batches/components/gold-form';
import { ItemSkips } from '../features/batches/components/item-skips';
import { errorMessage } from '../lib/form-errors';
import { formatDateTime } from '../lib/format';

function Images({ item }: { item: BatchItemDetail['item'] }) {
  const images =
    item.kind === 'pairwise'
      ? [
          { label: 'Source', url: item.source.url },
          { label: 'A: first edit (the dataset’s chosen one)', url: item.a.url },
          { label: 'B: second edit', url: item.b.url },
        ]
      : item.kind === 'taxonomy'
        ? [
            { label: 'Source', url: item.source.url },
            { label: `Edit (labelled “${item.currentLabel.label}”)`, url: item.edit.url },
          ]
        : [
            { label: 'Source', url: item.source.url },
            ...item.turns.map((turn) => ({
              label: `Turn ${turn.index}: ${turn.prompt}`,
              url: turn.image.url,
            })),
          ];
  return (
    <div className="item-images">
      {images.map((image) => (
        <figure key={image.label}>
          <img src={image.url} alt={image.label} />
          <figcaption>{image.label}</figcaption>
        </figure>
      ))}
    </div>
  );
}

/**
 * `/admin/batches/:batchId/items/:itemId`: the item, every judgment on it (with the rater's
 * reason), the raters who skipped it, the votes, gold and adjudication.
 */
export function AdminBatchItemPage() {
  const params = useParams();
  const batchId = Number(params.batchId);
  const itemId = Number(params.itemId);
  const detail = useBatchItem(batchId, itemId);
  const goldChange = useGoldChange(batchId, itemId);
  if (detail.isPending) return <PageLoading label="Loading the item…" />;
  if (detail.isError)
    return (
      <PageError
        title="The item could not be loaded"
        message={errorMessage(detail.error)}
        onRetry={() => void detail.refetch()}
      />
    );
  const item = detail.data;
  const questions = item.votes.map((v) => v.question);
  return (
    <section aria-labelledby="item-title">
      <title>{`Item ${itemId} · Peel`}</title>
      <p>
        <Link to={`/admin/batches/${batchId}`}>← Batch dashboard</Link>
      </p>
      <h1 className="page-title" id="item-title">
        Item {itemId}
      </h1>
      <p className="muted">
        {item.submitted} of {item.targetK} judgments · {item.complete ? 'complete' : 'open'}
        {item.isGold ? (
          <span data-testid="gold-current">
            {' · gold: '}
            {Object.entries(item.goldAnswer ?? {})
              .map(([question, value]) => `${question} = ${value}`)
              .join(', ')}
          </span>
        ) : null}
      </p>
      <div className="row-actions">
        <button
          type="button"
          className="button button-small"
          disabled={goldChange.isPending}
          onClick={() =>
            goldChange.mutate(item.isGold ? 'unset' : 'promote', {
              onSuccess: () => void detail.refetch(),
            })
          }
        >
          {item.isGold ? 'Remove from gold' : 'Promote to gold (unanimous consensus)'}
        </button>
        {goldChange.isError ? (
          <span className="field-error" role="alert">
            {errorMessage(goldChange.error)}
          </span>
        ) : null}
      </div>
      {'instruction' in item.item ? (
        <p className="instruction">{item.item.instruction.long}</p>
      ) : null}
      <Images item={item.item} />

      <section className="section panel" aria-labelledby="votes-title">
        <h2 className="section-title" id="votes-title">
          Consensus (votes per question)
        </h2>
        <ul className="small-list" data-testid="votes">
          {item.votes.map((vote) => (
            <li key={vote.question}>
              <strong>{vote.question}</strong>:{' '}
              {vote.counts.map((c) => `${c.value} ×${c.n}`).join(', ')}
            </li>
          ))}
        </ul>
        {item.item.kind === 'pairwise' ? (
          <p className="muted">
            Pairwise values are in the pair’s orientation: first = A, second = B.
          </p>
        ) : null}
      </section>

      <section className="section" aria-labelledby="judgments-title">
        <h2 className="section-title" id="judgments-title">
          Judgments
        </h2>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Every judgment on this item</caption>
            <thead>
              <tr>
                <th scope="col">Rater</th>
                {questions.map((q) => (
                  <th key={q} scope="col">
                    {q}
                  </th>
                ))}
                <th scope="col">Reason</th>
                <th scope="col">Dwell</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {item.judgments.length === 0 ? (
                <tr>
                  <td className="data-table-empty" colSpan={questions.length + 4}>
                    No judgment yet.
                  </td>
                </tr>
              ) : (
                item.judgments.map((judgment) => {
                  const values = new Map(judgment.values.map((v) => [v.question, v.value]));
                  return (
                    <tr key={judgment.id}>
                      <td>
                        {judgment.rater.displayName ?? judgment.rater.email}
                        {item.item.kind === 'pairwise' ? (
                          <span className="muted">
                            {' '}
                            ({judgment.swapped ? 'saw B on the left' : 'saw A on the left'})
                          </span>
                        ) : null}
                      </td>
                      {questions.map((q) => (
                        <td key={q}>{values.get(q) ?? '—'}</td>
                      ))}
                      <td className="rater-text">{judgment.reason ?? '—'}</td>
                      <td>{(judgment.dwellMs / 1000).toFixed(1)} s</td>
                      <td>{formatDateTime(judgment.createdAt)}</td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
      </section>

      <ItemSkips skipped={item.skipped} />

      <section className="section panel" aria-labelledby="gold-answer-title">
        <h2 className="section-title" id="gold-answer-title">
          Gold answer
        </h2>
        <GoldForm key={item.itemId} item={item} />
      </section>

      <section className="section panel" aria-labelledby="adjudication-title">
        <h2 className="section-title" id="adjudication-title">
          Final answer (adjudication)
        </h2>
        {item.adjudication ? (
          <p className="muted" data-testid="adjudication-current">
            Set by {item.adjudication.adjudicatedBy?.email ?? 'an admin'} on{' '}
            {formatDateTime(item.adjudication.updatedAt)}:{' '}
            {item.adjudication.values.map((v) => `${v.question} = ${v.value}`).join(', ')}. Note:{' '}
            {item.adjudication.note}
          </p>
        ) : (
          <p className="muted">Not adjudicated: exports use the raters’ consensus.</p>
        )}
        <AdjudicationForm key={item.itemId} item={item} />
      </section>
    </section>
  );
}
