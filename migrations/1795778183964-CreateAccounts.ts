import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Users and the audit log (entities), plus three tables TypeORM does not manage: HTTP sessions
 * (connect-pg-simple's layout), login rate-limit counters shared by every instance, and settings
 * generated once per installation (the session secret when none is configured).
 */
export class CreateAccounts1795778183964 implements MigrationInterface {
  name = 'CreateAccounts1795778183964';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" integer, "action" text NOT NULL, "target_type" text, "target_id" text, "ip" text, "details" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "pk_audit_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_audit_event_actor" ON "audit_event"  ("actor_id", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_audit_event_action" ON "audit_event"  ("action", "at") ',
    );
    await queryRunner.query('CREATE INDEX "ix_audit_event_at" ON "audit_event"  ("at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" SERIAL NOT NULL, "email" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "display_name" text, "active" boolean NOT NULL DEFAULT true, "must_change_password" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_active_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_app_user_email_lower" CHECK (email = lower(email)), CONSTRAINT "ck_app_user_role" CHECK (role IN (\'admin\', \'annotator\')), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE http_session (sid varchar NOT NULL PRIMARY KEY, sess json NOT NULL, expire timestamp(6) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX ix_http_session_expire ON http_session (expire)');
    await queryRunner.query(
      `CREATE INDEX ix_http_session_user ON http_session (((sess -> 'passport' ->> 'user')))`,
    );
    await queryRunner.query(
      `CREATE TABLE rate_limit (key text PRIMARY KEY, hits integer NOT NULL,
         expires_at timestamptz NOT NULL, blocked_until timestamptz)`,
    );
    await queryRunner.query(
      'CREATE TABLE app_setting (key text PRIMARY KEY, value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE app_setting');
    await queryRunner.query('DROP TABLE rate_limit');
    await queryRunner.query('DROP TABLE http_session');
    await queryRunner.query('DROP INDEX "public"."uq_app_user_email"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_event_at"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_event_action"');
    await queryRunner.query('DROP INDEX "public"."ix_audit_event_actor"');
    await queryRunner.query('DROP TABLE "audit_event"');
  }
}
