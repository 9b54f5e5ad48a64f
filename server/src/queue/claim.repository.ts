import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface LiveLease {
  id: string;
  batchItemId: string;
  expiresAt: Date;
  swapped: boolean;
}

export interface BatchForClaim {
  id: number;
  status: string;
  taskType: string;
  seed: number;
  leaseSeconds: number;
  goldShare: number;
  goldCount: number;
  allRaters: boolean;
}

export interface RaterStanding {
  allowed: boolean;
  paused: boolean;
  served: number;
  goldServed: number;
}

/** How many expired leases one claim reclaims at most (the rest go to the next claims). */
const RECLAIM_LIMIT = 64;

/**
 * The queue's SQL. Every method runs inside the caller's transaction (`manager`), and the claim
 * relies on three things: a rater's claims are serialized (advisory lock), candidate items are
 * locked with FOR UPDATE SKIP LOCKED and re-checked by PostgreSQL after the lock, and the item's
 * counters change in the same transaction as the lease.
 */
@Injectable()
export class ClaimRepository {
  async lockRater(manager: EntityManager, raterId: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(7233100, $1)`, [raterId]);
  }

  async batch(manager: EntityManager, batchId: number): Promise<BatchForClaim | undefined> {
    const [row] = await manager.query(
      `SELECT id, status, task_type AS "taskType", seed, lease_seconds AS "leaseSeconds",
              gold_share AS "goldShare", gold_count AS "goldCount", all_raters AS "allRaters"
         FROM batch WHERE id = $1`,
      [batchId],
    );
    return row;
  }

  async standing(
    manager: EntityManager,
    batchId: number,
    raterId: number,
  ): Promise<RaterStanding | undefined> {
    const [row] = await manager.query(
      `SELECT allowed, paused, served, gold_served AS "goldServed"
         FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [batchId, raterId],
    );
    return row;
  }

  /** Expired leases stop counting against their items' slots: lazily, no sweeper. */
  async reclaimExpired(manager: EntityManager, batchId: number): Promise<void> {
    await manager.query(
      `WITH expired AS (
         UPDATE assignment SET state = 'expired', finished_at = now()
          WHERE id IN (SELECT id FROM assignment
                        WHERE batch_id = $1 AND state = 'leased' AND expires_at < now()
                        ORDER BY expires_at LIMIT ${RECLAIM_LIMIT} FOR UPDATE SKIP LOCKED)
         RETURNING id, batch_item_id, is_gold
       ), events AS (
         INSERT INTO assignment_event (assignment_id, event) SELECT id, 'expired' FROM expired
       )
       UPDATE batch_item bi SET leased = bi.leased - e.n
         FROM (SELECT batch_item_id, count(*)::int AS n FROM expired WHERE NOT is_gold
                GROUP BY batch_item_id) e
        WHERE bi.id = e.batch_item_id`,
      [batchId],
    );
  }

  async liveLeases(manager: EntityManager, batchId: number, raterId: number): Promise<LiveLease[]> {
    return manager.query(
      `SELECT id, batch_item_id AS "batchItemId", expires_at AS "expiresAt", swapped
         FROM assignment
        WHERE batch_id = $1 AND rater_id = $2 AND state = 'leased' AND expires_at > now()
        ORDER BY leased_at, id`,
      [batchId, raterId],
    );
  }

  /**
   * The next open item for this rater, locked: items already started first (finish items before
   * opening new ones), then priority, then the batch's seeded order. The partial index
   * `ix_batch_item_claim` matches this ORDER BY, so no sort happens under the row locks.
   */
  async pickItem(
    manager: EntityManager,
    batchId: number,
    raterId: number,
  ): Promise<string | undefined> {
    const [row] = await manager.query(
      `SELECT bi.id FROM batch_item bi
        WHERE bi.batch_id = $1 AND NOT bi.complete AND NOT bi.is_gold
          AND bi.submitted + bi.leased < bi.target_k
          AND NOT EXISTS (SELECT 1 FROM assignment a
                           WHERE a.rater_id = $2 AND a.batch_item_id = bi.id AND a.state <> 'expired')
        ORDER BY bi.started DESC, bi.priority DESC, bi.position
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [batchId, raterId],
    );
    return row?.id;
  }

  /** A gold item this rater has not had (gold items have no k: every rater may answer each once). */
  async pickGold(
    manager: EntityManager,
    batchId: number,
    raterId: number,
  ): Promise<string | undefined> {
    const [row] = await manager.query(
      `SELECT bi.id FROM batch_item bi
        WHERE bi.batch_id = $1 AND bi.is_gold
          AND NOT EXISTS (SELECT 1 FROM assignment a
                           WHERE a.rater_id = $2 AND a.batch_item_id = bi.id AND a.state <> 'expired')
        ORDER BY bi.position
        LIMIT 1`,
      [batchId, raterId],
    );
    return row?.id;
  }

  /** Inserts the lease (or revives this rater's own expired one) and counts it on the item. */
  async lease(
    manager: EntityManager,
    batch: BatchForClaim,
    itemId: string,
    raterId: number,
    isGold: boolean,
  ): Promise<LiveLease> {
    const [lease] = await manager.query(
      `INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at)
       VALUES ($1, $2::bigint, $3::int, 'leased',
               $4::boolean AND (hashtext($5::text || ':' || $2::text || ':' || $3::text) & 1) = 1,
               $6, now() + $7 * interval '1 second')
       ON CONFLICT (rater_id, batch_item_id) DO UPDATE
          SET state = 'leased', leased_at = now(), expires_at = EXCLUDED.expires_at, finished_at = NULL
        WHERE assignment.state = 'expired'
       RETURNING id, batch_item_id AS "batchItemId", expires_at AS "expiresAt", swapped`,
      [
        batch.id,
        itemId,
        raterId,
        batch.taskType === 'pairwise',
        batch.seed,
        isGold,
        batch.leaseSeconds,
      ],
    );
    if (!isGold) {
      await manager.query(
        `UPDATE batch_item SET leased = leased + 1, started = true WHERE id = $1`,
        [itemId],
      );
    }
    await manager.query(
      `INSERT INTO batch_rater (batch_id, user_id, allowed, served, gold_served)
       VALUES ($1, $2, false, 1, $3::int)
       ON CONFLICT (batch_id, user_id) DO UPDATE
          SET served = batch_rater.served + 1, gold_served = batch_rater.gold_served + $3::int`,
      [batch.id, raterId, isGold ? 1 : 0],
    );
    await manager.query(
      `INSERT INTO assignment_event (assignment_id, actor_id, event, details) VALUES ($1, $2, 'leased', $3)`,
      [lease.id, raterId, JSON.stringify({ itemId, gold: isGold })],
    );
    return lease;
  }
}
