import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class TrackExportJobs1795786231155 implements MigrationInterface {
  name = 'TrackExportJobs1795786231155';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" ADD "bytes" jsonb NOT NULL DEFAULT \'{}\'',
    );
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" ADD "progress" jsonb NOT NULL DEFAULT \'{}\'',
    );
    await queryRunner.query('ALTER TABLE "export_snapshot" ADD "expected_rows" bigint');
    await queryRunner.query('ALTER TABLE "export_snapshot" ADD "owner" text');
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query('ALTER TABLE "export_snapshot" ADD "requested_by" integer');
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" DROP CONSTRAINT "ck_export_snapshot_status"',
    );
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" ADD CONSTRAINT "ck_export_snapshot_status" ' +
        "CHECK (status IN ('running', 'complete', 'failed', 'interrupted'))",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "UPDATE \"export_snapshot\" SET status = 'failed' WHERE status = 'interrupted'",
    );
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" DROP CONSTRAINT "ck_export_snapshot_status"',
    );
    await queryRunner.query(
      'ALTER TABLE "export_snapshot" ADD CONSTRAINT "ck_export_snapshot_status" ' +
        "CHECK (status IN ('running', 'complete', 'failed'))",
    );
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "requested_by"');
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "heartbeat_at"');
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "owner"');
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "expected_rows"');
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "progress"');
    await queryRunner.query('ALTER TABLE "export_snapshot" DROP COLUMN "bytes"');
  }
}
