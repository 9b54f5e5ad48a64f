import { type ItemContext } from './answers';

/** At most this many leases are remembered per process (the oldest are forgotten first). */
const CAPACITY = 50_000;

/**
 * What a submit needs to compute its answer rows (task type, presented order, turn count, label),
 * remembered per lease by the process that leased it, so that the usual submit skips its read of
 * the lease and is one statement. Only a shortcut: `queue_submit` re-checks the order and label
 * under its locks (a mismatch is answered `stale` and the submit reads the lease), and a lease
 * this process did not lease (another instance, a restart) is simply read.
 */
export class LeaseContexts {
  private readonly contexts = new Map<number, ItemContext & { raterId: number }>();

  remember(assignmentId: number, raterId: number, context: ItemContext): void {
    if (this.contexts.has(assignmentId)) return;
    if (this.contexts.size >= CAPACITY) {
      const oldest = this.contexts.keys().next().value;
      if (oldest !== undefined) this.contexts.delete(oldest);
    }
    this.contexts.set(assignmentId, { ...context, raterId });
  }

  /** The lease's context, when this process leased it to this rater. */
  recall(assignmentId: number, raterId: number): ItemContext | undefined {
    const context = this.contexts.get(assignmentId);
    return context?.raterId === raterId ? context : undefined;
  }

  forget(assignmentId: number): void {
    this.contexts.delete(assignmentId);
  }
}

/** This process's leases (shared by the queue, which fills it, and the submit, which reads it). */
export const LEASE_CONTEXTS = new LeaseContexts();
