import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The admin console reads a batch's judgments and completed items by time (the progress
 * timeline, the recent rate behind the ETA) through these indexes, never by scanning the batch.
 */
export class AddConsoleIndexes1795785982511 implements MigrationInterface {
  name = 'AddConsoleIndexes1795785982511';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_judgment_batch_created" ON "judgment"  ("batch_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_batch_item_completed" ON "batch_item" ("batch_id", "completed_at") WHERE "complete" AND NOT "is_gold"',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_batch_item_completed"');
    await queryRunner.query('DROP INDEX "public"."ix_judgment_batch_created"');
  }
}
