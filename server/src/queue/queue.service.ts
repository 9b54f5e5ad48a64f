import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type NextTaskResponse, type RaterProgress, type SkipBody } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { LEASE_CONTEXTS } from '../judgments/lease-contexts';
import { ClaimRepository, lockRater } from './claim.repository';
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
    const claimed = await this.claims.claim(this.dataSource, batchId, raterId, LEASES_PER_RATER);
    switch (claimed.outcome) {
      case 'not_found':
        throw new DomainError('NOT_FOUND', `No batch with id ${batchId}`);
      case 'forbidden':
        throw new DomainError('FORBIDDEN', 'This batch is not open to you');
      case 'not_active':
        throw new DomainError(
          'BATCH_NOT_ACTIVE',
          `The batch is ${claimed.status}; it serves no tasks now`,
        );
      case 'paused':
        throw new DomainError(
          'RATER_PAUSED',
          'You are paused in this batch (gold accuracy below the bar); an admin can lift it',
        );
    }
    if (claimed.leases.length === 0) {
      throw new DomainError(
        'NO_TASK_AVAILABLE',
        'There is no task for you in this batch right now',
      );
    }
    for (const lease of claimed.leases) {
      LEASE_CONTEXTS.remember(Number(lease.id), raterId, {
        taskType: claimed.taskType,
        swapped: lease.swapped,
        turnCount: 'turnCount' in lease.view ? lease.view.turnCount : 0,
        currentLabel: 'edit' in lease.view ? lease.view.edit.label : '',
      });
    }
    const [current, next] = this.views.tasks(
      { id: batchId, taskType: claimed.taskType, leaseSeconds: claimed.leaseSeconds },
      claimed.leases,
    );
    return { current, next: next ?? null, progress: claimed.progress };
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
      await lockRater(manager, raterId);
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
