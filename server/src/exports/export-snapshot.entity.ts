import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ExportStatus = 'running' | 'complete' | 'failed';

/**
 * One export run. `running` until every file is written, renamed into place and hashed; a killed
 * export stays `running` (or `failed`), never `complete`.
 */
@Entity({ name: 'export_snapshot' })
@Check('ck_export_snapshot_status', `status IN ('running', 'complete', 'failed')`)
@Index('ix_export_snapshot_started', ['startedAt'])
export class ExportSnapshotEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_export_snapshot' })
  id!: string;

  @Column({ type: 'text' })
  status!: ExportStatus;

  /** The request as given (batches, edit types, thresholds, ...). */
  @Column({ type: 'jsonb' })
  filters!: Record<string, unknown>;

  /** The batches the export read. */
  @Column({ name: 'batch_ids', type: 'jsonb', default: () => `'[]'` })
  batchIds!: number[];

  /** The output folder (absolute). */
  @Column({ name: 'out_dir', type: 'text' })
  outDir!: string;

  /** Rows per file. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  counts!: Record<string, number>;

  /** sha256 (hex) per file. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  sha256!: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
