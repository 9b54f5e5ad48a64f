import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The agreement report cache: one row per batch, valid for one version of its answers. */
export class CreateAgreementCache1795782067529 implements MigrationInterface {
  name = 'CreateAgreementCache1795782067529';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Only a cache: a development copy made by an earlier draft of this migration is replaced.
    await queryRunner.query('DROP TABLE IF EXISTS "agreement_cache"');
    await queryRunner.query(
      'CREATE TABLE "agreement_cache" ("batch_id" integer NOT NULL, "computed_for_answers_version" integer NOT NULL, "computed_for_judgment_count" integer NOT NULL, "format" smallint NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "compute_ms" integer NOT NULL, "report" jsonb NOT NULL, "raters" jsonb NOT NULL, CONSTRAINT "pk_agreement_cache" PRIMARY KEY ("batch_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "agreement_cache" ADD CONSTRAINT "fk_agreement_cache_batch" FOREIGN KEY ("batch_id") REFERENCES "batch"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "agreement_cache" DROP CONSTRAINT "fk_agreement_cache_batch"',
    );
    await queryRunner.query('DROP TABLE "agreement_cache"');
  }
}
