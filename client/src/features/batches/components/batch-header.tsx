import { type BatchResponse } from '@peel/shared';
import { Link, NavLink } from 'react-router';
import { ProgressBar } from '../../labeling/components/progress-bar';
import { STATUS_BADGE, STATUS_LABELS, TASK_TYPE_LABELS } from '../labels';
import { BatchActions } from './batch-actions';

/** Name, status, progress and lifecycle buttons above each page of a batch. */
export function BatchHeader({ batch }: { batch: BatchResponse }) {
  return (
    <header className="batch-header">
      <p>
        <Link to="/admin/batches">← Batches</Link>
      </p>
      <div className="page-head">
        <h1 className="page-title" id="batch-title">
          {batch.name}
        </h1>
        <span className={STATUS_BADGE[batch.status]} data-testid="batch-status">
          {STATUS_LABELS[batch.status]}
        </span>
      </div>
      <p className="muted">
        {TASK_TYPE_LABELS[batch.taskType]} · k = {batch.k}
        {batch.adaptive ? ` (up to ${batch.kMax})` : ''} · {batch.goldCount} gold items · gold bar{' '}
        {batch.gold.bar} after {batch.gold.minAnswers} answers ·{' '}
        {batch.raterIds === null ? 'every annotator' : `${batch.raterIds.length} raters allowed`}
      </p>
      <div className="batch-progress">
        <ProgressBar done={batch.itemsComplete} total={batch.itemCount} label="Items complete" />
        <span data-testid="batch-progress-text">
          {batch.itemsComplete} / {batch.itemCount} items complete · {batch.judgmentCount} judgments
        </span>
      </div>
      <BatchActions batch={batch} />
      <nav className="tabs" aria-label="Batch pages">
        <NavLink to={`/admin/batches/${batch.id}`} end className="nav-link">
          Dashboard
        </NavLink>
        <NavLink to={`/admin/batches/${batch.id}/raters`} className="nav-link">
          Raters
        </NavLink>
      </nav>
    </header>
  );
}
