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

/**
 * The next open item for the rater ($1 batch, $3 rater), locked: items already started first
 * (finish items before opening new ones), then priority, then the batch's seeded order. The
 * partial index `ix_batch_item_claim` matches this ORDER BY, so no sort happens under the row
 * locks; PostgreSQL re-checks `submitted + leased < target_k` after taking the lock.
 */
const PICK_ITEM = `SELECT bi.id FROM batch_item bi
  WHERE bi.batch_id = $1 AND NOT bi.complete AND NOT bi.is_gold
    AND bi.submitted + bi.leased < bi.target_k
    AND NOT EXISTS (SELECT 1 FROM assignment a
                     WHERE a.rater_id = $3 AND a.batch_item_id = bi.id AND a.state <> 'expired')
  ORDER BY bi.started DESC, bi.priority DESC, bi.position
  LIMIT 1
  FOR UPDATE SKIP LOCKED`;

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

  /** The batch and this rater's standing in it (absent until the rater's first lease). */
  async batch(
    manager: EntityManager,
    batchId: number,
    raterId: number,
  ): Promise<(BatchForClaim & { standing?: RaterStanding }) | undefined> {
    const [row] = await manager.query(
      `SELECT b.id, b.status, b.task_type AS "taskType", b.seed, b.lease_seconds AS "leaseSeconds",
              b.gold_share AS "goldShare", b.gold_count AS "goldCount", b.all_raters AS "allRaters",
              r.allowed, r.paused, r.served, r.gold_served AS "goldServed"
         FROM batch b LEFT JOIN batch_rater r ON r.batch_id = b.id AND r.user_id = $2
        WHERE b.id = $1`,
      [batchId, raterId],
    );
    if (!row) return undefined;
    const { allowed, paused, served, goldServed, ...batch } = row;
    return {
      ...batch,
      standing: allowed === null ? undefined : { allowed, paused, served, goldServed },
    };
  }

  /**
   * Expired leases stop counting against their items' slots (lazily: no sweeper), and this
   * rater's live leases come back: one statement. The reclaim skips leases another transaction
   * holds, so concurrent claims never wait on each other here.
   */
  async reclaimAndLive(
    manager: EntityManager,
    batchId: number,
    raterId: number,
  ): Promise<LiveLease[]> {
    return manager.query(
      `WITH expired AS (
         UPDATE assignment SET state = 'expired', finished_at = now()
          WHERE id IN (SELECT id FROM assignment
                        WHERE batch_id = $1 AND state = 'leased' AND expires_at < now()
                        ORDER BY expires_at LIMIT ${RECLAIM_LIMIT} FOR UPDATE SKIP LOCKED)
         RETURNING id, batch_item_id, is_gold
       ), events AS (
         INSERT INTO assignment_event (assignment_id, event) SELECT id, 'expired' FROM expired
       ), freed AS (
         UPDATE batch_item bi SET leased = bi.leased - e.n
           FROM (SELECT batch_item_id, count(*)::int AS n FROM expired WHERE NOT is_gold
                  GROUP BY batch_item_id) e
          WHERE bi.id = e.batch_item_id
       )
       SELECT id, batch_item_id AS "batchItemId", expires_at AS "expiresAt", swapped
         FROM assignment
        WHERE batch_id = $1 AND rater_id = $2 AND state = 'leased' AND expires_at > now()
        ORDER BY leased_at, id`,
      [batchId, raterId],
    );
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

  /**
   * Inserts the lease (or revives this rater's own expired one), counts it on the item and on
   * the rater's standing, and records the event: one statement, one round trip. `target` is the
   * item to lease: a known id ($2), or the next open item (`PICK_ITEM`), locked in the same statement.
   */
  async lease(
    manager: EntityManager,
    batch: BatchForClaim,
    target: { itemId: string } | 'next-open',
    raterId: number,
    isGold: boolean,
  ): Promise<LiveLease | undefined> {
    const pick = target === 'next-open' ? PICK_ITEM : `SELECT $2::bigint AS id`;
    const [lease] = await manager.query(
      `WITH pick AS (${pick}), lease AS (
         INSERT INTO assignment (batch_id, batch_item_id, rater_id, state, swapped, is_gold, expires_at)
         SELECT $1, pick.id, $3::int, 'leased',
                $4::boolean AND (hashtext($5::text || ':' || pick.id::text || ':' || $3::text) & 1) = 1,
                $6::boolean, now() + $7 * interval '1 second'
           FROM pick
         ON CONFLICT (rater_id, batch_item_id) DO UPDATE
            SET state = 'leased', leased_at = now(), expires_at = EXCLUDED.expires_at, finished_at = NULL,
                is_gold = EXCLUDED.is_gold, swapped = EXCLUDED.swapped
          WHERE assignment.state = 'expired'
         RETURNING id, batch_item_id, expires_at, swapped
       ), item AS (
         UPDATE batch_item SET leased = leased + 1, started = true
          WHERE id = (SELECT batch_item_id FROM lease) AND NOT $6::boolean
       ), standing AS (
         INSERT INTO batch_rater (batch_id, user_id, allowed, served, gold_served)
         SELECT $1, $3::int, false, 1, $6::boolean::int FROM lease
         ON CONFLICT (batch_id, user_id) DO UPDATE
            SET served = batch_rater.served + 1, gold_served = batch_rater.gold_served + $6::boolean::int
       ), event AS (
         INSERT INTO assignment_event (assignment_id, actor_id, event, details)
         SELECT id, $3::int, 'leased',
                jsonb_build_object('itemId', batch_item_id, 'gold', $6::boolean, 'asked', $2::bigint)
           FROM lease
       )
       SELECT id, batch_item_id AS "batchItemId", expires_at AS "expiresAt", swapped FROM lease`,
      [
        batch.id,
        target === 'next-open' ? null : target.itemId,
        raterId,
        batch.taskType === 'pairwise',
        batch.seed,
        isGold,
        batch.leaseSeconds,
      ],
    );
    return lease;
  }
}
