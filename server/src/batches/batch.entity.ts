import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { type BatchStatus, type TaskType } from '@peel/shared';
import { UserEntity } from '../users/user.entity';

/** A task batch: which items, how many raters per item (k), lease time, gold settings. */
@Entity({ name: 'batch' })
@Check('ck_batch_task_type', `task_type IN ('pairwise', 'multi_turn', 'taxonomy')`)
@Check('ck_batch_status', `status IN ('draft', 'active', 'paused', 'completed', 'archived')`)
@Check('ck_batch_k', `k BETWEEN 1 AND 10 AND k_max BETWEEN k AND 10`)
@Check('ck_batch_gold', `gold_share BETWEEN 0 AND 0.5 AND gold_bar BETWEEN 0 AND 1`)
@Index('ix_batch_status', ['status', 'id'])
export class BatchEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_batch' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'task_type', type: 'text' })
  taskType!: TaskType;

  @Column({ type: 'text', default: 'draft' })
  status!: BatchStatus;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  filters!: Record<string, unknown>;

  @Column({ name: 'sample_size', type: 'integer', nullable: true })
  sampleSize!: number | null;

  @Column({ type: 'integer' })
  seed!: number;

  /** Raters per item: strict k, or k_min when adaptive. */
  @Column({ type: 'smallint' })
  k!: number;

  @Column({ type: 'boolean', default: false })
  adaptive!: boolean;

  /** The most raters an item may get (= k unless adaptive). */
  @Column({ name: 'k_max', type: 'smallint' })
  kMax!: number;

  @Column({ name: 'lease_seconds', type: 'integer' })
  leaseSeconds!: number;

  @Column({ name: 'gold_share', type: 'real', default: 0 })
  goldShare!: number;

  @Column({ name: 'gold_min_answers', type: 'integer', default: 5 })
  goldMinAnswers!: number;

  @Column({ name: 'gold_bar', type: 'real', default: 0.7 })
  goldBar!: number;

  @Column({ type: 'text', default: '' })
  guidelines!: string;

  /** Null: every annotator may work on the batch; otherwise the batch_rater rows name them. */
  @Column({ name: 'all_raters', type: 'boolean', default: true })
  allRaters!: boolean;

  @Column({ name: 'item_count', type: 'integer', default: 0 })
  itemCount!: number;

  @Column({ name: 'gold_count', type: 'integer', default: 0 })
  goldCount!: number;

  /** Base counters: admin changes land here, judgments on `batch_counter` shards; read `batch_totals`. */
  @Column({ name: 'items_complete', type: 'integer', default: 0 })
  itemsComplete!: number;

  @Column({ name: 'judgment_count', type: 'integer', default: 0 })
  judgmentCount!: number;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_batch_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A rater's standing in a batch: allowed, gold record, paused by the gold bar. */
@Entity({ name: 'batch_rater' })
export class BatchRaterEntity {
  @PrimaryColumn({ name: 'batch_id', type: 'integer', primaryKeyConstraintName: 'pk_batch_rater' })
  batchId!: number;

  @PrimaryColumn({ name: 'user_id', type: 'integer', primaryKeyConstraintName: 'pk_batch_rater' })
  userId!: number;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_batch_rater_batch' })
  batch?: BatchEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_batch_rater_user' })
  user?: UserEntity;

  /** Listed by the admin (false: joined an all-raters batch by working on it). */
  @Column({ type: 'boolean', default: true })
  allowed!: boolean;

  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  @Column({ name: 'paused_reason', type: 'text', nullable: true })
  pausedReason!: string | null;

  @Column({ name: 'served', type: 'integer', default: 0 })
  served!: number;

  @Column({ name: 'gold_served', type: 'integer', default: 0 })
  goldServed!: number;

  @Column({ name: 'gold_answered', type: 'integer', default: 0 })
  goldAnswered!: number;

  @Column({ name: 'gold_correct', type: 'integer', default: 0 })
  goldCorrect!: number;

  /** Non-gold judgments by this rater in the batch (kept by the `judgment_count_done` trigger). */
  @Column({ name: 'done', type: 'integer', default: 0 })
  done!: number;
}

/**
 * Judgment counters of a batch, spread over shards (by rater) so that concurrent submits do not
 * queue on one hot row. A batch's totals are its own columns plus the sum of its shards: read
 * them from the `batch_totals` view.
 */
@Entity({ name: 'batch_counter' })
export class BatchCounterEntity {
  @PrimaryColumn({
    name: 'batch_id',
    type: 'integer',
    primaryKeyConstraintName: 'pk_batch_counter',
  })
  batchId!: number;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_batch_counter' })
  shard!: number;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_batch_counter_batch' })
  batch?: BatchEntity;

  @Column({ type: 'integer', default: 0 })
  judgments!: number;

  @Column({ name: 'items_complete', type: 'integer', default: 0 })
  itemsComplete!: number;

  /** Revised judgments: with `judgments`, a version of the batch's answers (caches key on it). */
  @Column({ type: 'integer', default: 0 })
  revisions!: number;
}
