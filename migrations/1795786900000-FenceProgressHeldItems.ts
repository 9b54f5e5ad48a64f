import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { QUEUE_PROGRESS } from './1795786600000-CountRaterJudgments';

/**
 * `queue_progress` counts the open items a rater holds, did or skipped; past 64 leases served it
 * counts them from the batch's started, open items. PL/pgSQL keeps a statement's plan for the
 * connection, and a plan made while the rater's leases were few walked all of them (a bitmap scan
 * of the rater's leases, then each item): 400 leases, 1,850 buffers, 2.5 ms, twice per queue
 * cycle, growing with every judgment. The started items now come first behind an `OFFSET 0`
 * fence, so the plan is the one the branch was written for: the batch's few started items, each
 * looked up in the rater's unique (rater, item) index, whatever the statistics said when the
 * connection planned it. Same answer.
 */
export class FenceProgressHeldItems1795786900000 implements MigrationInterface {
  name = 'FenceProgressHeldItems1795786900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(FENCED);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(QUEUE_PROGRESS);
  }
}

const FENCED = QUEUE_PROGRESS.replace(
  `    SELECT count(*) INTO v_held
      FROM batch_item bi
     WHERE bi.batch_id = p_batch AND bi.started AND NOT bi.complete AND NOT bi.is_gold
       AND EXISTS (SELECT 1 FROM assignment a
                    WHERE a.rater_id = p_rater AND a.batch_item_id = bi.id AND a.state <> 'expired');`,
  `    SELECT count(*) INTO v_held
      FROM (SELECT bi.id FROM batch_item bi
             WHERE bi.batch_id = p_batch AND bi.started AND NOT bi.complete AND NOT bi.is_gold
            OFFSET 0) started
     WHERE EXISTS (SELECT 1 FROM assignment a
                    WHERE a.rater_id = p_rater AND a.batch_item_id = started.id
                      AND a.state <> 'expired');`,
);
if (FENCED === QUEUE_PROGRESS)
  throw new Error('FenceProgressHeldItems: the statement to fence was not found');
