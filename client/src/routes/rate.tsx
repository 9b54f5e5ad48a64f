import { type RaterBatchSummary } from '@peel/shared';
import { Link } from 'react-router';
import { Markdown } from '../components/ui/markdown';
import { PageError, PageLoading } from '../components/ui/page-state';
import { useCurrentUser } from '../features/auth/use-session';
import { useRaterBatches } from '../features/labeling/api';
import { ProgressBar } from '../features/labeling/components/progress-bar';
import { answeredCount, TASK_TYPE_LABELS } from '../features/labeling/labels';
import { errorMessage } from '../lib/form-errors';

/** The rater's start page: the batches open to me, my progress in each, their guidelines. */
export function RatePage() {
  const user = useCurrentUser();
  const batches = useRaterBatches();
  return (
    <section aria-labelledby="rate-title">
      <title>Rate · Peel</title>
      <h1 className="page-title" id="rate-title">
        Rate
      </h1>
      <p className="muted">Signed in as {user.displayName ?? user.email}.</p>
      {batches.isPending ? <PageLoading label="Loading your batches…" /> : null}
      {batches.isError ? (
        <PageError
          title="Your batches could not be loaded"
          message={errorMessage(batches.error)}
          onRetry={() => void batches.refetch()}
        />
      ) : null}
      {batches.data?.items.length === 0 ? (
        <div className="panel">
          <h2 className="section-title">No batches for you right now</h2>
          <p>When an admin opens a batch to you, it appears here.</p>
        </div>
      ) : null}
      <div className="batch-list">
        {batches.data?.items.map((batch) => (
          <BatchCard key={batch.id} batch={batch} />
        ))}
      </div>
    </section>
  );
}

type BatchCardProps = { batch: RaterBatchSummary };

function BatchCard({ batch }: BatchCardProps) {
  const { progress } = batch;
  const { answered, total } = answeredCount(progress);
  const titleId = `batch-${batch.id}-title`;
  return (
    <article className="panel batch-card" aria-labelledby={titleId}>
      <div className="batch-card-head">
        <h2 className="section-title" id={titleId}>
          {batch.name}
        </h2>
        <span className="badge">{TASK_TYPE_LABELS[batch.taskType]}</span>
      </div>
      <ProgressBar done={answered} total={total} label={`Your progress in ${batch.name}`} />
      <p className="batch-card-count">
        {answered} done · {progress.remaining} left for you · {progress.itemsComplete} of{' '}
        {progress.total} items complete overall
      </p>
      {progress.gold.paused ? (
        <p className="alert alert-info">
          Your work on this batch is paused while an admin looks at your answers on check items.
          This is routine; your saved answers are kept.
        </p>
      ) : progress.remaining > 0 ? (
        <Link className="button button-primary" to={`/rate/${batch.id}`}>
          {answered > 0 ? 'Resume' : 'Start'}
        </Link>
      ) : (
        <p className="muted">Nothing left for you in this batch right now.</p>
      )}
      {batch.guidelines.trim() ? (
        <details className="guidelines">
          <summary>Guidelines</summary>
          <Markdown text={batch.guidelines} />
        </details>
      ) : null}
    </article>
  );
}
