import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sharded judgment counters (`batch_counter`) and the `batch_totals` view that adds them to the
 * batch's own columns: submits from many raters no longer queue on the batch row.
 */
export class CreateBatchCounters1795780666736 implements MigrationInterface {
  name = 'CreateBatchCounters1795780666736';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "batch_counter" ("batch_id" integer NOT NULL, "shard" smallint NOT NULL, "judgments" integer NOT NULL DEFAULT \'0\', "items_complete" integer NOT NULL DEFAULT \'0\', "revisions" integer NOT NULL DEFAULT \'0\', CONSTRAINT "pk_batch_counter" PRIMARY KEY ("batch_id", "shard"))',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_counter" ADD CONSTRAINT "fk_batch_counter_batch" FOREIGN KEY ("batch_id") REFERENCES "batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      `CREATE VIEW batch_totals AS
       SELECT b.id AS batch_id,
              b.judgment_count + coalesce(sum(c.judgments), 0)::int AS judgment_count,
              b.items_complete + coalesce(sum(c.items_complete), 0)::int AS items_complete,
              (b.judgment_count + coalesce(sum(c.judgments), 0) + coalesce(sum(c.revisions), 0))::int
                AS answers_version
         FROM batch b LEFT JOIN batch_counter c ON c.batch_id = b.id
        GROUP BY b.id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW batch_totals');
    await queryRunner.query('ALTER TABLE "batch_counter" DROP CONSTRAINT "fk_batch_counter_batch"');
    await queryRunner.query('DROP TABLE "batch_counter"');
  }
}
