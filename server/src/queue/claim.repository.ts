import { Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type RaterProgress, type TaskType } from '@peel/shared';
import { preparedQuery } from '../common/db/pg-pool';
import { type ItemView } from './task-view.repository';

export interface LiveLease {
  id: number;
  batchItemId: number;
  expiresAt: string;
  swapped: boolean;
}

/**
 * The rater's lock (transaction-scoped): the rater's claims, submits and skips take it first, so
 * one rater's tabs never race each other and a claim never deadlocks with the same rater's submit.
 * `queue_claim` and `queue_submit` take the same lock (7233100, rater).
 */
export async function lockRater(manager: EntityManager, raterId: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(7233100, $1)`, [raterId]);
}

/** What `queue_claim` answers: the rater's live leases (up to the maximum) and progress, or why not. */
export type ClaimOutcome =
  | {
      outcome: 'ok';
      taskType: TaskType;
      leaseSeconds: number;
      leases: (LiveLease & { view: ItemView })[];
      progress: RaterProgress;
    }
  | { outcome: 'not_found' | 'forbidden' | 'paused' }
  | { outcome: 'not_active'; status: string };

/**
 * The claim, as one statement: `queue_claim` (migration CreateQueueFunctions) takes the rater's
 * lock, checks the batch and the rater's standing, reclaims expired leases (no sweeper), leases
 * items up to `maxLeases` (gold at the batch's share, else the next open item under
 * `FOR UPDATE SKIP LOCKED`, strict k re-checked after the row lock) and answers the rater's live
 * leases with their task views and progress. One round trip; the row locks are held only while PostgreSQL works.
 *
 * The claim commits without waiting for its WAL flush (`synchronous_commit` off for this
 * transaction only): a lease is not an acknowledged judgment. Should PostgreSQL crash in the few
 * milliseconds before the flush, the lease is gone as a whole (the item's slot with it) and the
 * client's submit on it answers 404: the labeling screen tells the rater that answer was not
 * stored and goes on with the next task. A submit always waits for its flush, and WAL is
 * written in order, so a stored judgment never rests on a lost lease.
 */
@Injectable()
export class ClaimRepository {
  async claim(
    dataSource: DataSource,
    batchId: number,
    raterId: number,
    maxLeases: number,
  ): Promise<ClaimOutcome> {
    const [row] = await preparedQuery<{ r: ClaimOutcome }>(
      dataSource,
      'queue_claim',
      `SELECT queue_claim($1, $2, $3) AS r, set_config('synchronous_commit', 'off', true)`,
      [batchId, raterId, maxLeases],
    );
    return row.r;
  }
}
