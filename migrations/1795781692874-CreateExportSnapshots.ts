import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateExportSnapshots1795781692874 implements MigrationInterface {
  name = 'CreateExportSnapshots1795781692874';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "export_snapshot" ("id" uuid NOT NULL, "status" text NOT NULL, "filters" jsonb NOT NULL, "batch_ids" jsonb NOT NULL DEFAULT \'[]\', "out_dir" text NOT NULL, "counts" jsonb NOT NULL DEFAULT \'{}\', "sha256" jsonb NOT NULL DEFAULT \'{}\', "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_export_snapshot_status" CHECK (status IN (\'running\', \'complete\', \'failed\')), CONSTRAINT "pk_export_snapshot" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_export_snapshot_started" ON "export_snapshot"  ("started_at") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_export_snapshot_started"');
    await queryRunner.query('DROP TABLE "export_snapshot"');
  }
}
