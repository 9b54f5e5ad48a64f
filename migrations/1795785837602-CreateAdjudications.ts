import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAdjudications1795785837602 implements MigrationInterface {
  name = 'CreateAdjudications1795785837602';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "adjudication" ("batch_item_id" bigint NOT NULL, "batch_id" integer NOT NULL, "answers" jsonb NOT NULL, "note" text NOT NULL, "adjudicated_by" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_adjudication" PRIMARY KEY ("batch_item_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_adjudication_batch" ON "adjudication"  ("batch_id", "batch_item_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "adjudication_answer" ("batch_item_id" bigint NOT NULL, "question" text NOT NULL, "value" text NOT NULL, "batch_id" integer NOT NULL, CONSTRAINT "pk_adjudication_answer" PRIMARY KEY ("batch_item_id", "question"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_adjudication_answer_batch_question" ON "adjudication_answer"  ("batch_id", "question", "batch_item_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "adjudication" ADD CONSTRAINT "fk_adjudication_item" FOREIGN KEY ("batch_item_id") REFERENCES "batch_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "adjudication" ADD CONSTRAINT "fk_adjudication_batch" FOREIGN KEY ("batch_id") REFERENCES "batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "adjudication" ADD CONSTRAINT "fk_adjudication_user" FOREIGN KEY ("adjudicated_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "adjudication_answer" ADD CONSTRAINT "fk_adjudication_answer_adjudication" FOREIGN KEY ("batch_item_id") REFERENCES "adjudication"("batch_item_id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "adjudication_answer" DROP CONSTRAINT "fk_adjudication_answer_adjudication"',
    );
    await queryRunner.query('ALTER TABLE "adjudication" DROP CONSTRAINT "fk_adjudication_user"');
    await queryRunner.query('ALTER TABLE "adjudication" DROP CONSTRAINT "fk_adjudication_batch"');
    await queryRunner.query('ALTER TABLE "adjudication" DROP CONSTRAINT "fk_adjudication_item"');
    await queryRunner.query('DROP INDEX "public"."ix_adjudication_answer_batch_question"');
    await queryRunner.query('DROP TABLE "adjudication_answer"');
    await queryRunner.query('DROP INDEX "public"."ix_adjudication_batch"');
    await queryRunner.query('DROP TABLE "adjudication"');
  }
}
