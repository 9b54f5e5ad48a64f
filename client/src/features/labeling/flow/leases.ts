import { type NextTaskResponse, type Task } from '@peel/shared';
import { type ApiError } from '../../../lib/api';
import { type FlowStatus } from './flow-types';

/**
 * The two leases to hold after a `/next` answer. The task on screen stays on screen; tasks
 * answered or skipped here (their answer may still be on its way) are never shown again.
 */
export function takeLeases(
  response: NextTaskResponse,
  shown: Task | null,
  finished: ReadonlySet<number>,
): { current: Task | null; next: Task | null } {
  const fresh = [response.current, response.next].filter(
    (task): task is Task => task !== null && !finished.has(task.assignmentId),
  );
  const current = shown ?? fresh[0] ?? null;
  const next = fresh.find((task) => task.assignmentId !== current?.assignmentId) ?? null;
  return { current, next };
}

/** What the screen shows when `/next` failed and there is no task on screen. */
export function statusAfterError(error: ApiError, unsaved: number): FlowStatus {
  switch (error.code) {
    case 'NO_TASK_AVAILABLE':
      // An answer still on its way may free the rater's lease slot: ask again once it is stored.
      return unsaved > 0 ? 'loading' : 'empty';
    case 'RATER_PAUSED':
      return 'paused';
    case 'BATCH_NOT_ACTIVE':
      return 'inactive';
    default:
      return 'error';
  }
}
