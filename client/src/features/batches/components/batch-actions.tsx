import { type BatchResponse, type BatchTransition } from '@peel/shared';
import { FormAlert } from '../../../components/ui/form-alert';
import { errorMessage } from '../../../lib/form-errors';
import { useBatchTransition } from '../api';
import { ACTION_LABELS, ACTIONS_BY_STATUS } from '../labels';

type BatchActionsProps = { batch: Pick<BatchResponse, 'id' | 'name' | 'status'>; small?: boolean };

/** The lifecycle buttons a batch offers in its status (draft → active → paused → completed → archived). */
export function BatchActions({ batch, small }: BatchActionsProps) {
  const transition = useBatchTransition();
  const pending = transition.isPending && transition.variables?.id === batch.id;
  const run = (action: BatchTransition) => transition.mutate({ id: batch.id, action });
  return (
    <div className="row-actions">
      {ACTIONS_BY_STATUS[batch.status].map((action) => (
        <button
          key={action}
          type="button"
          className={`button${small ? ' button-small' : ''}${action === 'activate' || action === 'resume' ? ' button-primary' : ''}`}
          disabled={pending}
          onClick={() => run(action)}
          aria-label={`${ACTION_LABELS[action]} ${batch.name}`}
        >
          {ACTION_LABELS[action]}
        </button>
      ))}
      {transition.isError && transition.variables?.id === batch.id ? (
        <FormAlert>{errorMessage(transition.error)}</FormAlert>
      ) : null}
    </div>
  );
}
