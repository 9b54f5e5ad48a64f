import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The live-lease index keyed by rater first. Keyed `(batch_id, rater_id)` it also matched the
 * claim's reclaim of expired leases (`batch_id = $1 AND state = 'leased' AND expires_at < now()`),
 * and the planner took it there: every claim read every live lease in the batch (one per rater
 * and prefetch, 800 with 400 raters) to find none expired. Keyed `(rater_id, batch_id)` it serves
 * only a rater's own live leases, and the reclaim reads `ix_assignment_expiry`
 * (`batch_id, expires_at`), which finds the expired ones, or none, at once.
 */
export class KeyLiveLeasesByRater1795786700000 implements MigrationInterface {
  name = 'KeyLiveLeasesByRater1795786700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_assignment_rater_live"');
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_rater_live" ON "assignment" ("rater_id", "batch_id") WHERE "state" = 'leased'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_assignment_rater_live"');
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_rater_live" ON "assignment" ("batch_id", "rater_id") WHERE "state" = 'leased'`,
    );
  }
}
