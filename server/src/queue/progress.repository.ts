import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type RaterProgress } from '@peel/shared';

/**
 * A rater's progress in a batch, from counters and the rater's own rows (never a batch scan):
 * `queue_progress` (migration CreateQueueFunctions), the same function the claim and the submit
 * answer with.
 */
@Injectable()
export class ProgressRepository {
  async progress(manager: EntityManager, batchId: number, raterId: number): Promise<RaterProgress> {
    const [row] = await manager.query(`SELECT queue_progress($1, $2) AS p`, [batchId, raterId]);
    return row.p;
  }
}
