import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { type AgreementReportResponse, type RatersReportResponse } from '@peel/shared';
import { BatchEntity } from '../batches/batch.entity';

/** The batch-level part of the agreement report, as cached. */
export type CachedAgreement = Pick<AgreementReportResponse, 'method' | 'questions'>;
/** The rater part, as cached. */
export type CachedRaters = Pick<RatersReportResponse, 'raters' | 'matrices'>;

/**
 * The agreement report of a batch, computed for one version of its answers and valid until a
 * judgment is submitted or revised. In the database so that every server instance shares it.
 */
@Entity({ name: 'agreement_cache' })
export class AgreementCacheEntity {
  @PrimaryColumn({
    name: 'batch_id',
    type: 'integer',
    primaryKeyConstraintName: 'pk_agreement_cache',
  })
  batchId!: number;

  @ManyToOne(() => BatchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_agreement_cache_batch' })
  batch?: BatchEntity;

  /**
   * The batch's answers version (`batch_totals.answers_version`: judgments plus revisions) when
   * the answers were read, in one snapshot with them: the key of the cache.
   */
  @Column({ name: 'computed_for_answers_version', type: 'integer' })
  computedForAnswersVersion!: number;

  /** The batch's judgment count in the same snapshot (shown beside the report). */
  @Column({ name: 'computed_for_judgment_count', type: 'integer' })
  computedForJudgmentCount!: number;

  /** The report's layout version: a row of another version is recomputed. */
  @Column({ type: 'smallint' })
  format!: number;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;

  @Column({ name: 'compute_ms', type: 'integer' })
  computeMs!: number;

  @Column({ type: 'jsonb' })
  report!: CachedAgreement;

  @Column({ type: 'jsonb' })
  raters!: CachedRaters;
}
