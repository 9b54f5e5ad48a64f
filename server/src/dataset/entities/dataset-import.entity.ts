import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DatasetKind, ImportStatus } from '@peel/shared';

/** One run of the importer: what was read, what it did, what it rejected. */
@Entity({ name: 'dataset_import' })
@Check('ck_dataset_import_kind', `kind IN ('sft', 'preference', 'multi_turn')`)
@Check('ck_dataset_import_status', `status IN ('running', 'completed', 'failed')`)
export class DatasetImportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_dataset_import' })
  id!: string;

  /** The path or URL as given. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', nullable: true })
  kind!: DatasetKind | null;

  @Column({ type: 'text' })
  status!: ImportStatus;

  @Column({ type: 'boolean', default: false })
  strict!: boolean;

  /** sha256 of the bytes as read (compressed if the file was gzip). */
  @Index('ix_dataset_import_sha256')
  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ type: 'bigint', default: 0 })
  bytes!: string;

  @Column({ name: 'lines_read', type: 'integer', default: 0 })
  linesRead!: number;

  @Column({ type: 'integer', default: 0 })
  inserted!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  unchanged!: number;

  @Column({ type: 'integer', default: 0 })
  rejected!: number;

  /** Counts of the `rejected_images` shapes seen (preference files). */
  @Column({ name: 'rejected_shapes', type: 'jsonb', default: () => `'{}'` })
  rejectedShapes!: Record<string, number>;

  /** The first problems found, each `{ line, field, message }`; `problem_count` has them all. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  problems!: { line: number; field: string; message: string }[];

  @Column({ name: 'problem_count', type: 'integer', default: 0 })
  problemCount!: number;

  /** Why the whole import failed, when it did. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', default: 0 })
  durationMs!: number;

  @Column({ name: 'created_by', type: 'bigint', nullable: true })
  createdBy!: string | null;

  /**
   * While an import from the API runs: `{ phase, lines, bytes, totalBytes, updatedAt }`, written
   * by the importing server every few seconds (a stale one means that server died).
   */
  @Column({ type: 'jsonb', nullable: true })
  progress!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
