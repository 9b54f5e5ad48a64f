import { type Task } from '@peel/shared';
import { isApiError } from '../../../lib/api';

/**
 * Lease heartbeats: each held lease is extended every third of its lease time. A lease the server
 * reports expired is handed to `onExpired`; other failures wait for the next beat.
 */
export class Heartbeats {
  private readonly last = new Map<number, number>();

  constructor(
    private readonly send: (assignmentId: number) => Promise<unknown>,
    private readonly onExpired: (task: Task) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Starts the clock of a lease just received (a lease already known keeps its clock). */
  track(task: Task): void {
    if (!this.last.has(task.assignmentId)) this.last.set(task.assignmentId, this.now());
  }

  forget(assignmentId: number): void {
    this.last.delete(assignmentId);
  }

  /** Beats every lease in `tasks` that is due. */
  tick(tasks: ReadonlyArray<Task | null>): void {
    const now = this.now();
    for (const task of tasks) {
      if (!task) continue;
      const last = this.last.get(task.assignmentId) ?? now;
      if (now - last < (task.leaseSeconds * 1000) / 3) continue;
      this.last.set(task.assignmentId, now);
      void this.beat(task);
    }
  }

  private async beat(task: Task): Promise<void> {
    try {
      await this.send(task.assignmentId);
    } catch (error) {
      if (isApiError(error, 'LEASE_EXPIRED')) this.onExpired(task);
    }
  }
}
