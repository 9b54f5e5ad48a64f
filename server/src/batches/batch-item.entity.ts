import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { EditPairEntity } from '../dataset/entities/edit-pair.entity';
import { EditEntity } from '../dataset/entities/edit.entity';
import { MtSessionEntity } from '../dataset/entities/mt-session.entity';
import { BatchEntity } from './batch.entity';

/**
 * One item of a batch: an edit pair, a multi-turn session or an edit. Its counters (submitted
 * judgments, counted leases) change in the same transaction as the leases and judgments, and
 * the database refuses more submitted judgments than `target_k` (strict k).
 */
@Entity({ name: 'batch_item' })
@Check('ck_batch_item_subject', `num_nonnulls(pair_id, session_id, edit_id) = 1`)
@Check('ck_batch_item_strict_k', `is_gold OR submitted <= target_k`)
@Check('ck_batch_item_counts', `submitted >= 0 AND leased >= 0`)
@Index('uq_batch_item_subject', ['batchId', 'subjectKey'], { unique: true })
@Index('ix_batch_item_pair', ['pairId'])
@Index('ix_batch_item_session', ['sessionId'])
@Index('ix_batch_item_edit', ['editId'])
// Claim order (gold aside): started items first, then priority, then the seeded order.
@Index('ix_batch_item_claim', { synchronize: false })
@Index('ix_batch_item_gold', { synchronize: false })
// Completed items by time (partial: WHERE complete), for the console's progress timeline.
@Index('ix_batch_item_completed', { synchronize: false })
export class BatchItemEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_batch_item' })
  id!: string;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_batch_item_batch' })
  batch?: BatchEntity;

  /** `pair:<id>`, `session:<id>` or `edit:<id>`: one subject once per batch. */
  @Column({ name: 'subject_key', type: 'text' })
  subjectKey!: string;

  @Column({ name: 'pair_id', type: 'bigint', nullable: true })
  pairId!: string | null;

  @ManyToOne(() => EditPairEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pair_id', foreignKeyConstraintName: 'fk_batch_item_pair' })
  pair?: EditPairEntity;

  @Column({ name: 'session_id', type: 'bigint', nullable: true })
  sessionId!: string | null;

  @ManyToOne(() => MtSessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_batch_item_session' })
  session?: MtSessionEntity;

  @Column({ name: 'edit_id', type: 'bigint', nullable: true })
  editId!: string | null;

  @ManyToOne(() => EditEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edit_id', foreignKeyConstraintName: 'fk_batch_item_edit' })
  edit?: EditEntity;

  /** Rank in the batch's seeded random order. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'smallint', default: 0 })
  priority!: number;

  @Column({ name: 'is_gold', type: 'boolean', default: false })
  isGold!: boolean;

  /** For gold items: the expected value per question, in the pair's orientation. */
  @Column({ name: 'gold_answer', type: 'jsonb', nullable: true })
  goldAnswer!: Record<string, string> | null;

  /** Judgments this item needs now (k, raised towards k_max by adaptive overlap). */
  @Column({ name: 'target_k', type: 'smallint' })
  targetK!: number;

  @Column({ type: 'smallint', default: 0 })
  submitted!: number;

  /** Leases counted against the item's slots (expired ones stop counting when reclaimed). */
  @Column({ type: 'smallint', default: 0 })
  leased!: number;

  @Column({ type: 'boolean', default: false })
  started!: boolean;

  @Column({ type: 'boolean', default: false })
  complete!: boolean;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
