import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type NextTaskResponse,
  type RaterProgress,
  type SkipBody,
  type TaskType,
} from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import {
  type BatchForClaim,
  ClaimRepository,
  type LiveLease,
  type RaterStanding,
} from './claim.repository';
import { ProgressRepository } from './progress.repository';
import { TaskViewRepository } from './task-view.repository';

/** A rater holds at most this many live leases per batch: the task on screen and the next one. */
export const LEASES_PER_RATER = 2;

/**
 * The rater's side of the queue: lease the next items (strict k), extend a lease, skip one.
 * Claims of one rater are serialized; any number of server processes share one queue.
 */
@Injectable()
export class QueueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: ClaimRepository,
    private readonly views: TaskViewRepository,
    private readonly progress: ProgressRepository,
  ) {}

  async next(batchId: number, raterId: number): Promise<NextTaskResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.claims.lockRater(manager, raterId);
      const batch = await this.servingBatch(manager, batchId, raterId);
      const leases = await this.claims.reclaimAndLive(manager, batchId, raterId);
      const standing = batch.standing ?? {
        allowed: false,
        paused: false,
        served: 0,
        goldServed: 0,
      };
      while (leases.length < LEASES_PER_RATER) {
        const lease = await this.claimOne(manager, batch, raterId, standing);
        if (!lease) break;
        leases.push(lease);
      }
      if (leases.length === 0) {
        throw new DomainError(
          'NO_TASK_AVAILABLE',
          'There is no task for you in this batch right now',
        );
      }
      const [current, next] = await this.views.tasks(
        manager,
        batch as BatchForClaim & { taskType: TaskType },
        leases.slice(0, LEASES_PER_RATER),
      );
      return {
        current,
        next: next ?? null,
        progress: await this.progress.progress(manager, batchId, raterId),
      };
    });
  }

  /** The batch, when it serves this rater: active, allowed, not paused by the gold bar. */
  private async servingBatch(manager: EntityManager, batchId: number, raterId: number) {
    const batch = await this.claims.batch(manager, batchId, raterId);
    if (!batch) throw new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
    const standing = batch.standing;
    if (!batch.allRaters && !standing?.allowed) {
      throw new DomainError('FORBIDDEN', 'This batch is not open to you');
    }
    if (batch.status !== 'active') {
      throw new DomainError(
        'BATCH_NOT_ACTIVE',
        `The batch is ${batch.status}; it serves no tasks now`,
      );
    }
    if (standing?.paused) {
      throw new DomainError(
        'RATER_PAUSED',
        'You are paused in this batch (gold accuracy below the bar); an admin can lift it',
      );
    }
    return batch;
  }

  /** Gold at the batch's share, else the next open item; `standing` counts what was served. */
  private async claimOne(
    manager: EntityManager,
    batch: BatchForClaim,
    raterId: number,
    standing: RaterStanding,
  ): Promise<LiveLease | undefined> {
    const goldDue =
      batch.goldCount > 0 && standing.goldServed < batch.goldShare * (standing.served + 1);
    const gold = goldDue ? await this.claims.pickGold(manager, batch.id, raterId) : undefined;
    const lease = await this.claims.lease(
      manager,
      batch,
      gold ? { itemId: gold } : 'next-open',
      raterId,
      gold !== undefined,
    );
    if (!lease) return undefined;
    standing.served += 1;
    if (gold) standing.goldServed += 1;
    return lease;
  }

  /** Extends the rater's own live lease by the batch's lease time. */
  async heartbeat(assignmentId: number, raterId: number): Promise<{ expiresAt: string }> {
    const rows: { expires_at: Date; rater_id: number; state: string; live: boolean }[] =
      await this.dataSource.query(
        `WITH target AS (
         SELECT a.id, a.rater_id, a.state, a.expires_at > now() AS live, b.lease_seconds
           FROM assignment a JOIN batch b ON b.id = a.batch_id WHERE a.id = $1
       ), extended AS (
         UPDATE assignment a SET expires_at = now() + t.lease_seconds * interval '1 second'
           FROM target t
          WHERE a.id = t.id AND t.rater_id = $2 AND a.state = 'leased' AND a.expires_at > now()
         RETURNING a.id, a.expires_at
       ), ev AS (
         INSERT INTO assignment_event (assignment_id, actor_id, event) SELECT id, $2, 'heartbeat' FROM extended
       )
       SELECT t.rater_id, t.state, t.live, coalesce(e.expires_at, null) AS expires_at
         FROM target t LEFT JOIN extended e ON e.id = t.id`,
        [assignmentId, raterId],
      );
    const row = rows[0];
    if (!row) throw new DomainError('NOT_FOUND', `No assignment with id ${assignmentId}`);
    if (row.rater_id !== raterId) throw new DomainError('FORBIDDEN', 'This lease is not yours');
    if (!row.expires_at) {
      throw new DomainError(
        'LEASE_EXPIRED',
        row.state === 'leased' ? 'The lease has expired' : `The lease is ${row.state}`,
      );
    }
    return { expiresAt: new Date(row.expires_at).toISOString() };
  }

  /** Frees the slot at once; a skip never counts toward k and the item is not offered again. */
  async skip(assignmentId: number, raterId: number, body: SkipBody): Promise<RaterProgress> {
    return this.dataSource.transaction(async (manager) => {
      await this.claims.lockRater(manager, raterId);
      const [lease] = await manager.query(
        `SELECT id, rater_id, state, batch_id, batch_item_id, is_gold FROM assignment WHERE id = $1 FOR UPDATE`,
        [assignmentId],
      );
      if (!lease) throw new DomainError('NOT_FOUND', `No assignment with id ${assignmentId}`);
      if (lease.rater_id !== raterId) throw new DomainError('FORBIDDEN', 'This lease is not yours');
      if (lease.state !== 'leased')
        throw new DomainError('CONFLICT', `The lease is already ${lease.state}`);
      await manager.query(
        `UPDATE assignment SET state = 'skipped', finished_at = now(), skip_reason = $2, skip_note = $3 WHERE id = $1`,
        [assignmentId, body.reason, body.note ?? null],
      );
      if (!lease.is_gold) {
        await manager.query(`UPDATE batch_item SET leased = leased - 1 WHERE id = $1`, [
          lease.batch_item_id,
        ]);
      }
      await manager.query(
        `INSERT INTO assignment_event (assignment_id, actor_id, event, details) VALUES ($1, $2, 'skipped', $3)`,
        [assignmentId, raterId, JSON.stringify({ reason: body.reason })],
      );
      return this.progress.progress(manager, lease.batch_id, raterId);
    });
  }
}
