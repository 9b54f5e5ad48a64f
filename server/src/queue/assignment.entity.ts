import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { BatchItemEntity } from '../batches/batch-item.entity';
import { UserEntity } from '../users/user.entity';

export type AssignmentState = 'leased' | 'submitted' | 'skipped' | 'expired';

/**
 * A lease: one rater on one item, once (unique). A live lease (`leased`, not past `expires_at`)
 * holds a slot; an expired one frees it when the next claim in the batch reclaims it (no sweeper).
 */
@Entity({ name: 'assignment' })
@Check('ck_assignment_state', `state IN ('leased', 'submitted', 'skipped', 'expired')`)
@Index('uq_assignment_rater_item', ['raterId', 'batchItemId'], { unique: true })
@Index('ix_assignment_item', ['batchItemId'])
@Index('ix_assignment_expiry', { synchronize: false })
@Index('ix_assignment_rater_live', { synchronize: false })
export class AssignmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_assignment' })
  id!: string;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @Column({ name: 'batch_item_id', type: 'bigint' })
  batchItemId!: string;

  @ManyToOne(() => BatchItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_item_id', foreignKeyConstraintName: 'fk_assignment_item' })
  item?: BatchItemEntity;

  @Column({ name: 'rater_id', type: 'integer' })
  raterId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rater_id', foreignKeyConstraintName: 'fk_assignment_rater' })
  rater?: UserEntity;

  @Column({ type: 'text', default: 'leased' })
  state!: AssignmentState;

  /** Pairwise: the pair's second edit was shown on the left (A). Random per item and rater. */
  @Column({ type: 'boolean', default: false })
  swapped!: boolean;

  @Column({ name: 'is_gold', type: 'boolean', default: false })
  isGold!: boolean;

  @Column({ name: 'leased_at', type: 'timestamptz', default: () => 'now()' })
  leasedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'skip_reason', type: 'text', nullable: true })
  skipReason!: string | null;

  @Column({ name: 'skip_note', type: 'text', nullable: true })
  skipNote!: string | null;
}

/** Every state change of a lease or judgment: who, when, what. */
@Entity({ name: 'assignment_event' })
@Index('ix_assignment_event_assignment', ['assignmentId', 'id'])
export class AssignmentEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_assignment_event' })
  id!: string;

  @Column({ name: 'assignment_id', type: 'bigint' })
  assignmentId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** The user who caused it; null when the system did (an expired lease reclaimed). */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  /** leased, renewed, heartbeat, skipped, submitted, revised, expired, resubmitted_late */
  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: Record<string, unknown>;
}
