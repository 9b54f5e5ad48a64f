import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Batches, batch items, raters, leases (assignments) and their events, judgments and answers. */
export class CreateQueue1795778761297 implements MigrationInterface {
  name = 'CreateQueue1795778761297';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "batch" ("id" SERIAL NOT NULL, "name" text NOT NULL, "task_type" text NOT NULL, "status" text NOT NULL DEFAULT \'draft\', "filters" jsonb NOT NULL DEFAULT \'{}\', "sample_size" integer, "seed" integer NOT NULL, "k" smallint NOT NULL, "adaptive" boolean NOT NULL DEFAULT false, "k_max" smallint NOT NULL, "lease_seconds" integer NOT NULL, "gold_share" real NOT NULL DEFAULT \'0\', "gold_min_answers" integer NOT NULL DEFAULT \'5\', "gold_bar" real NOT NULL DEFAULT \'0.7\', "guidelines" text NOT NULL DEFAULT \'\', "all_raters" boolean NOT NULL DEFAULT true, "item_count" integer NOT NULL DEFAULT \'0\', "gold_count" integer NOT NULL DEFAULT \'0\', "items_complete" integer NOT NULL DEFAULT \'0\', "judgment_count" integer NOT NULL DEFAULT \'0\', "created_by" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_batch_gold" CHECK (gold_share BETWEEN 0 AND 0.5 AND gold_bar BETWEEN 0 AND 1), CONSTRAINT "ck_batch_k" CHECK (k BETWEEN 1 AND 10 AND k_max BETWEEN k AND 10), CONSTRAINT "ck_batch_status" CHECK (status IN (\'draft\', \'active\', \'paused\', \'completed\', \'archived\')), CONSTRAINT "ck_batch_task_type" CHECK (task_type IN (\'pairwise\', \'multi_turn\', \'taxonomy\')), CONSTRAINT "pk_batch" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_batch_status" ON "batch"  ("status", "id") ');
    await queryRunner.query(
      'CREATE TABLE "batch_rater" ("batch_id" integer NOT NULL, "user_id" integer NOT NULL, "allowed" boolean NOT NULL DEFAULT true, "paused" boolean NOT NULL DEFAULT false, "paused_reason" text, "served" integer NOT NULL DEFAULT \'0\', "gold_served" integer NOT NULL DEFAULT \'0\', "gold_answered" integer NOT NULL DEFAULT \'0\', "gold_correct" integer NOT NULL DEFAULT \'0\', CONSTRAINT "pk_batch_rater" PRIMARY KEY ("batch_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "batch_item" ("id" BIGSERIAL NOT NULL, "batch_id" integer NOT NULL, "subject_key" text NOT NULL, "pair_id" bigint, "session_id" bigint, "edit_id" bigint, "position" integer NOT NULL, "priority" smallint NOT NULL DEFAULT \'0\', "is_gold" boolean NOT NULL DEFAULT false, "gold_answer" jsonb, "target_k" smallint NOT NULL, "submitted" smallint NOT NULL DEFAULT \'0\', "leased" smallint NOT NULL DEFAULT \'0\', "started" boolean NOT NULL DEFAULT false, "complete" boolean NOT NULL DEFAULT false, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_batch_item_counts" CHECK (submitted >= 0 AND leased >= 0), CONSTRAINT "ck_batch_item_strict_k" CHECK (is_gold OR submitted <= target_k), CONSTRAINT "ck_batch_item_subject" CHECK (num_nonnulls(pair_id, session_id, edit_id) = 1), CONSTRAINT "pk_batch_item" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_batch_item_edit" ON "batch_item"  ("edit_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_batch_item_session" ON "batch_item"  ("session_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_batch_item_pair" ON "batch_item"  ("pair_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_batch_item_subject" ON "batch_item"  ("batch_id", "subject_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment" ("id" BIGSERIAL NOT NULL, "batch_id" integer NOT NULL, "batch_item_id" bigint NOT NULL, "rater_id" integer NOT NULL, "state" text NOT NULL DEFAULT \'leased\', "swapped" boolean NOT NULL DEFAULT false, "is_gold" boolean NOT NULL DEFAULT false, "leased_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "skip_reason" text, "skip_note" text, CONSTRAINT "ck_assignment_state" CHECK (state IN (\'leased\', \'submitted\', \'skipped\', \'expired\')), CONSTRAINT "pk_assignment" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_assignment_item" ON "assignment"  ("batch_item_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_assignment_rater_item" ON "assignment"  ("rater_id", "batch_item_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment_event" ("id" BIGSERIAL NOT NULL, "assignment_id" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" integer, "event" text NOT NULL, "details" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "pk_assignment_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_assignment_event_assignment" ON "assignment_event"  ("assignment_id", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "judgment" ("id" BIGSERIAL NOT NULL, "assignment_id" bigint NOT NULL, "batch_id" integer NOT NULL, "batch_item_id" bigint NOT NULL, "rater_id" integer NOT NULL, "submission_id" uuid NOT NULL, "answers" jsonb NOT NULL, "dwell_ms" integer NOT NULL, "is_gold" boolean NOT NULL DEFAULT false, "gold_correct" boolean, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revised_at" TIMESTAMP WITH TIME ZONE, "revision" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "REL_afe67183899358a61f97f2699b" UNIQUE ("assignment_id"), CONSTRAINT "pk_judgment" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_judgment_item" ON "judgment"  ("batch_item_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_judgment_batch_rater" ON "judgment"  ("batch_id", "rater_id", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_judgment_submission" ON "judgment"  ("submission_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_judgment_assignment" ON "judgment"  ("assignment_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "judgment_answer" ("judgment_id" bigint NOT NULL, "question" text NOT NULL, "value" text NOT NULL, "batch_id" integer NOT NULL, "batch_item_id" bigint NOT NULL, "rater_id" integer NOT NULL, CONSTRAINT "pk_judgment_answer" PRIMARY KEY ("judgment_id", "question"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_judgment_answer_batch_question" ON "judgment_answer"  ("batch_id", "question", "batch_item_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "batch" ADD CONSTRAINT "fk_batch_created_by" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_rater" ADD CONSTRAINT "fk_batch_rater_batch" FOREIGN KEY ("batch_id") REFERENCES "batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_rater" ADD CONSTRAINT "fk_batch_rater_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_item" ADD CONSTRAINT "fk_batch_item_batch" FOREIGN KEY ("batch_id") REFERENCES "batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_item" ADD CONSTRAINT "fk_batch_item_pair" FOREIGN KEY ("pair_id") REFERENCES "edit_pair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_item" ADD CONSTRAINT "fk_batch_item_session" FOREIGN KEY ("session_id") REFERENCES "mt_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "batch_item" ADD CONSTRAINT "fk_batch_item_edit" FOREIGN KEY ("edit_id") REFERENCES "edit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assignment" ADD CONSTRAINT "fk_assignment_item" FOREIGN KEY ("batch_item_id") REFERENCES "batch_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assignment" ADD CONSTRAINT "fk_assignment_rater" FOREIGN KEY ("rater_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "judgment" ADD CONSTRAINT "fk_judgment_assignment" FOREIGN KEY ("assignment_id") REFERENCES "assignment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "judgment_answer" ADD CONSTRAINT "fk_judgment_answer_judgment" FOREIGN KEY ("judgment_id") REFERENCES "judgment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Indexes TypeORM cannot describe (descending keys, partial): declared on the entities with
    // synchronize: false so that the drift check leaves them alone.
    await queryRunner.query(
      `CREATE INDEX "ix_batch_item_claim" ON "batch_item" ("batch_id", "started" DESC, "priority" DESC, "position")
       WHERE NOT "complete" AND NOT "is_gold"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_batch_item_gold" ON "batch_item" ("batch_id", "position") WHERE "is_gold"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_expiry" ON "assignment" ("batch_id", "expires_at") WHERE "state" = 'leased'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_rater_live" ON "assignment" ("batch_id", "rater_id") WHERE "state" = 'leased'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_assignment_rater_live"');
    await queryRunner.query('DROP INDEX "ix_assignment_expiry"');
    await queryRunner.query('DROP INDEX "ix_batch_item_gold"');
    await queryRunner.query('DROP INDEX "ix_batch_item_claim"');
    await queryRunner.query(
      'ALTER TABLE "judgment_answer" DROP CONSTRAINT "fk_judgment_answer_judgment"',
    );
    await queryRunner.query('ALTER TABLE "judgment" DROP CONSTRAINT "fk_judgment_assignment"');
    await queryRunner.query('ALTER TABLE "assignment" DROP CONSTRAINT "fk_assignment_rater"');
    await queryRunner.query('ALTER TABLE "assignment" DROP CONSTRAINT "fk_assignment_item"');
    await queryRunner.query('ALTER TABLE "batch_item" DROP CONSTRAINT "fk_batch_item_edit"');
    await queryRunner.query('ALTER TABLE "batch_item" DROP CONSTRAINT "fk_batch_item_session"');
    await queryRunner.query('ALTER TABLE "batch_item" DROP CONSTRAINT "fk_batch_item_pair"');
    await queryRunner.query('ALTER TABLE "batch_item" DROP CONSTRAINT "fk_batch_item_batch"');
    await queryRunner.query('ALTER TABLE "batch_rater" DROP CONSTRAINT "fk_batch_rater_user"');
    await queryRunner.query('ALTER TABLE "batch_rater" DROP CONSTRAINT "fk_batch_rater_batch"');
    await queryRunner.query('ALTER TABLE "batch" DROP CONSTRAINT "fk_batch_created_by"');
    await queryRunner.query('DROP INDEX "public"."ix_judgment_answer_batch_question"');
    await queryRunner.query('DROP TABLE "judgment_answer"');
    await queryRunner.query('DROP INDEX "public"."uq_judgment_assignment"');
    await queryRunner.query('DROP INDEX "public"."uq_judgment_submission"');
    await queryRunner.query('DROP INDEX "public"."ix_judgment_batch_rater"');
    await queryRunner.query('DROP INDEX "public"."ix_judgment_item"');
    await queryRunner.query('DROP TABLE "judgment"');
    await queryRunner.query('DROP INDEX "public"."ix_assignment_event_assignment"');
    await queryRunner.query('DROP TABLE "assignment_event"');
    await queryRunner.query('DROP INDEX "public"."uq_assignment_rater_item"');
    await queryRunner.query('DROP INDEX "public"."ix_assignment_item"');
    await queryRunner.query('DROP TABLE "assignment"');
    await queryRunner.query('DROP INDEX "public"."uq_batch_item_subject"');
    await queryRunner.query('DROP INDEX "public"."ix_batch_item_pair"');
    await queryRunner.query('DROP INDEX "public"."ix_batch_item_session"');
    await queryRunner.query('DROP INDEX "public"."ix_batch_item_edit"');
    await queryRunner.query('DROP TABLE "batch_item"');
    await queryRunner.query('DROP TABLE "batch_rater"');
    await queryRunner.query('DROP INDEX "public"."ix_batch_status"');
    await queryRunner.query('DROP TABLE "batch"');
  }
}
