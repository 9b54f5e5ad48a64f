import { Link } from 'react-router';
import { PageError, PageLoading } from '../../../components/ui/page-state';
import { errorMessage } from '../../../lib/form-errors';
import { type FlowState } from '../flow/flow-types';
import { answeredCount } from '../labels';

type QueueStateProps = { state: FlowState; batchName: string; onRetry: () => void };

/** What the screen shows when there is no task to show. */
export function QueueState({ state, batchName, onRetry }: QueueStateProps) {
  const saving =
    state.unsaved > 0 ? (
      <p role="status">
        {state.unsaved} {state.unsaved === 1 ? 'answer is' : 'answers are'} still being saved.
      </p>
    ) : null;
  switch (state.status) {
    case 'loading':
    case 'ready':
      return <PageLoading label="Getting your next task…" />;
    case 'error':
      return (
        <PageError
          title="Your next task could not be fetched"
          message={errorMessage(state.error)}
          onRetry={onRetry}
        />
      );
    default:
      return (
        <section className="page-state" aria-labelledby="queue-state-title">
          <h1 className="page-title" id="queue-state-title">
            {TITLES[state.status]}
          </h1>
          <p>{messageFor(state, batchName)}</p>
          {saving}
          <div className="form-actions queue-actions">
            <button type="button" className="button" onClick={onRetry}>
              Check again
            </button>
            <Link className="button button-primary" to="/rate">
              Back to my batches
            </Link>
          </div>
        </section>
      );
  }
}

const TITLES = {
  empty: 'Nothing more for you here right now',
  paused: 'Your work on this batch is paused',
  inactive: 'This batch is not open',
} as const;

function messageFor(state: FlowState, batchName: string): string {
  switch (state.status) {
    case 'paused':
      return `Some of your recent answers on check items in “${batchName}” differed from the expected ones, so new tasks are on hold for you. This is routine: an admin will look at it and can lift the pause. Your saved answers are kept.`;
    case 'inactive':
      return `“${batchName}” has been paused or closed by an admin. Your saved answers are kept.`;
    default: {
      const done = state.progress ? answeredCount(state.progress).answered : undefined;
      return `${done !== undefined ? `You have answered ${done} tasks in “${batchName}”. ` : ''}Every remaining task is done or with other raters. Tasks can come back when another rater's time on one runs out.`;
    }
  }
}
