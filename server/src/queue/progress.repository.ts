import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type RaterProgress } from '@peel/shared';

/** A rater's progress in a batch, from counters and the rater's own rows (never a batch scan). */
@Injectable()
export class ProgressRepository {
  async progress(manager: EntityManager, batchId: number, raterId: number): Promise<RaterProgress> {
    const [row] = await manager.query(
      `SELECT b.item_count AS total, t.items_complete AS complete,
              (SELECT count(*) FROM judgment j WHERE j.batch_id = b.id AND j.rater_id = $2 AND NOT j.is_gold)::int AS done,
              (SELECT count(*) FROM assignment a JOIN batch_item bi ON bi.id = a.batch_item_id
                WHERE a.rater_id = $2 AND a.batch_id = b.id AND a.state <> 'expired'
                  AND NOT bi.is_gold AND NOT bi.complete)::int AS touched_open,
              coalesce(r.gold_answered, 0) AS gold_answered, coalesce(r.gold_correct, 0) AS gold_correct,
              coalesce(r.paused, false) AS paused
         FROM batch b JOIN batch_totals t ON t.batch_id = b.id
         LEFT JOIN batch_rater r ON r.batch_id = b.id AND r.user_id = $2
        WHERE b.id = $1`,
      [batchId, raterId],
    );
    const open = row.total - row.complete;
    return {
      batchId,
      done: row.done,
      remaining: Math.max(0, open - row.touched_open),
      total: row.total,
      itemsComplete: row.complete,
      gold: { answered: row.gold_answered, correct: row.gold_correct, paused: row.paused },
    };
  }
}
