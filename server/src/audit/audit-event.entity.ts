import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what, when, to what: one row per security- or data-relevant state change. */
@Entity({ name: 'audit_event' })
@Index('ix_audit_event_at', ['at', 'id'])
@Index('ix_audit_event_action', ['action', 'at'])
@Index('ix_audit_event_actor', ['actorId', 'at'])
@Index('ix_audit_event_target', ['targetType', 'targetId', 'at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_event' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  /** The user who acted; null for anonymous actions (a failed login). */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  /** Dotted, past tense: `auth.login_succeeded`, `user.deactivated`, ... */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /** Ids and small facts, never secrets or payloads. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: Record<string, unknown>;
}
