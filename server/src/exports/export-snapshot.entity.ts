import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ExportStatus = 'running' | 'complete' | 'failed' | 'interrupted';

/**
 * One export run. `running` until every file is written, renamed into place and hashed; a killed
 * export stays `running` until it is found dead (its process gone or its heartbeat stale), then it
 * is `interrupted`; never `complete`.
 */
@Entity({ name: 'export_snapshot' })
@Check('ck_export_snapshot_status', `status IN ('running', 'complete', 'failed', 'interrupted')`)
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

  /** Bytes per file (once complete). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  bytes!: Record<string, number>;

  /** While running: rows written so far per file. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  progress!: Record<string, number>;

  /** The answers the long table will hold (the progress denominator). */
  @Column({ name: 'expected_rows', type: 'bigint', nullable: true })
  expectedRows!: string | null;

  /** The running process: `host:pid` (a dead local process marks the export interrupted). */
  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  /** Refreshed while running; a stale heartbeat marks the export interrupted. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'requested_by', type: 'int', nullable: true })
  requestedBy!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
