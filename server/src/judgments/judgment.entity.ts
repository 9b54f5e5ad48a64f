import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AssignmentEntity } from '../queue/assignment.entity';

/** A rater's answers to one leased item; the client's submission id makes a submit idempotent. */
@Entity({ name: 'judgment' })
@Index('uq_judgment_assignment', ['assignmentId'], { unique: true })
@Index('uq_judgment_submission', ['submissionId'], { unique: true })
@Index('ix_judgment_batch_rater', ['batchId', 'raterId', 'id'])
@Index('ix_judgment_item', ['batchItemId'])
// The batch's judgments by time: the progress timeline and the recent rate (ETA) of the console.
@Index('ix_judgment_batch_created', ['batchId', 'createdAt'])
export class JudgmentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_judgment' })
  id!: string;

  @Column({ name: 'assignment_id', type: 'bigint' })
  assignmentId!: string;

  @OneToOne(() => AssignmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'fk_judgment_assignment' })
  assignment?: AssignmentEntity;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @Column({ name: 'batch_item_id', type: 'bigint' })
  batchItemId!: string;

  @Column({ name: 'rater_id', type: 'integer' })
  raterId!: number;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  /** As submitted (screen terms for pairwise); `judgment_answer` holds the stored orientation. */
  @Column({ type: 'jsonb' })
  answers!: Record<string, unknown>;

  @Column({ name: 'dwell_ms', type: 'integer' })
  dwellMs!: number;

  @Column({ name: 'is_gold', type: 'boolean', default: false })
  isGold!: boolean;

  /** For gold items: whether every expected answer matched. */
  @Column({ name: 'gold_correct', type: 'boolean', nullable: true })
  goldCorrect!: boolean | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revised_at', type: 'timestamptz', nullable: true })
  revisedAt!: Date | null;

  @Column({ type: 'smallint', default: 0 })
  revision!: number;
}

/**
 * The long table agreement reads with plain GROUP BY: one value per question per judgment,
 * pairwise values in the pair's own orientation (first / second), never screen sides.
 */
@Entity({ name: 'judgment_answer' })
@Index('ix_judgment_answer_batch_question', ['batchId', 'question', 'batchItemId'])
export class JudgmentAnswerEntity {
  @PrimaryColumn({
    name: 'judgment_id',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_judgment_answer',
  })
  judgmentId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_judgment_answer' })
  question!: string;

  @ManyToOne(() => JudgmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'judgment_id', foreignKeyConstraintName: 'fk_judgment_answer_judgment' })
  judgment?: JudgmentEntity;

  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @Column({ name: 'batch_item_id', type: 'bigint' })
  batchItemId!: string;

  @Column({ name: 'rater_id', type: 'integer' })
  raterId!: number;
}
