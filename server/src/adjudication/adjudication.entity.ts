import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { BatchItemEntity } from '../batches/batch-item.entity';
import { BatchEntity } from '../batches/batch.entity';
import { UserEntity } from '../users/user.entity';

/** An admin's final answer for a batch item, with a note; exports may prefer it to the consensus. */
@Entity({ name: 'adjudication' })
@Index('ix_adjudication_batch', ['batchId', 'batchItemId'])
export class AdjudicationEntity {
  @PrimaryColumn({
    name: 'batch_item_id',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_adjudication',
  })
  batchItemId!: string;

  @OneToOne(() => BatchItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_item_id', foreignKeyConstraintName: 'fk_adjudication_item' })
  batchItem?: BatchItemEntity;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_adjudication_batch' })
  batch?: BatchEntity;

  /** As the admin gave them (the task type's answer shape; pairwise `A` = the pair's first edit). */
  @Column({ type: 'jsonb' })
  answers!: unknown;

  @Column({ type: 'text' })
  note!: string;

  @Column({ name: 'adjudicated_by', type: 'integer', nullable: true })
  adjudicatedBy!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'adjudicated_by', foreignKeyConstraintName: 'fk_adjudication_user' })
  adjudicator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The adjudication's values in the same question/value encoding as `judgment_answer`. */
@Entity({ name: 'adjudication_answer' })
@Index('ix_adjudication_answer_batch_question', ['batchId', 'question', 'batchItemId'])
export class AdjudicationAnswerEntity {
  @PrimaryColumn({
    name: 'batch_item_id',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_adjudication_answer',
  })
  batchItemId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_adjudication_answer' })
  question!: string;

  @ManyToOne(() => AdjudicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'batch_item_id',
    foreignKeyConstraintName: 'fk_adjudication_answer_adjudication',
  })
  adjudication?: AdjudicationEntity;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;
}
