import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddDatasetBrowserIndexes1795786280409 implements MigrationInterface {
  name = 'AddDatasetBrowserIndexes1795786280409';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_edit_import"');
    await queryRunner.query('DROP INDEX "public"."ix_mt_session_import"');
    await queryRunner.query('ALTER TABLE "dataset_import" ADD "progress" jsonb');
    await queryRunner.query(
      'CREATE INDEX "ix_audit_event_target" ON "audit_event"  ("target_type", "target_id", "at") ',
    );
    await queryRunner.query('CREATE INDEX "ix_edit_origin" ON "edit"  ("origin", "id") ');
    await queryRunner.query('CREATE INDEX "ix_edit_import" ON "edit"  ("import_id", "id") ');
    await queryRunner.query('CREATE INDEX "ix_edit_pair_origin" ON "edit_pair"  ("origin", "id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_mt_session_turns" ON "mt_session"  ("turn_count", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_mt_session_import" ON "mt_session"  ("import_id", "id") ',
    );
    // Indexes TypeORM cannot describe (declared with synchronize: false on the entities).
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      'CREATE INDEX "ix_edit_instruction_trgm" ON "edit" USING gin ("instruction" gin_trgm_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_mt_turn_prompt_trgm" ON "mt_turn" USING gin ("prompt" gin_trgm_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_edit_pair_import" ON "edit_pair" ((coalesce("import_id", 0)), "id")',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_edit_pair_import"');
    await queryRunner.query('DROP INDEX "ix_mt_turn_prompt_trgm"');
    await queryRunner.query('DROP INDEX "ix_edit_instruction_trgm"');
    await queryRunner.query('DROP INDEX "public"."ix_mt_session_import"');
    await queryRunner.query('DROP INDEX "public"."ix_mt_session_turns"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_pair_origin"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_import"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_origin"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_event_target"');
    await queryRunner.query('ALTER TABLE "dataset_import" DROP COLUMN "progress"');
    await queryRunner.query(
      'CREATE INDEX "ix_mt_session_import" ON "mt_session" USING btree ("import_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_edit_import" ON "edit" USING btree ("import_id") ');
  }
}
