import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  Check,
} from 'typeorm';
import { DatasetImportEntity } from './dataset-import.entity';
import { SourceImageEntity } from './source-image.entity';

/** A multi-turn edit session; natural key derived from its file names (e.g. `101_attemptB`). */
@Entity({ name: 'mt_session' })
@Check('ck_mt_session_turns', `turn_count BETWEEN 1 AND 20`)
@Index('ix_mt_session_import', ['importId', 'id'])
@Index('ix_mt_session_turns', ['turnCount', 'id'])
export class MtSessionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_mt_session' })
  id!: string;

  @Index('uq_mt_session_key', { unique: true })
  @Column({ name: 'session_key', type: 'text' })
  sessionKey!: string;

  @Column({ name: 'source_image_id', type: 'bigint' })
  sourceImageId!: string;

  @ManyToOne(() => SourceImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_image_id', foreignKeyConstraintName: 'fk_mt_session_source_image' })
  sourceImage?: SourceImageEntity;

  @Column({ name: 'turn_count', type: 'smallint' })
  turnCount!: number;

  /** The record's `files` entries in their original order (ids and urls), for a faithful export. */
  @Column({ name: 'file_order', type: 'jsonb', default: () => `'[]'` })
  fileOrder!: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  extra!: Record<string, unknown>;

  @Column({ name: 'import_id', type: 'bigint' })
  importId!: string;

  @ManyToOne(() => DatasetImportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'fk_mt_session_import' })
  import?: DatasetImportEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Turn `turn_index` (1-based): `prompt` applied to the previous turn's output gives `image`. */
@Entity({ name: 'mt_turn' })
@Check('ck_mt_turn_index', `turn_index >= 1`)
// Substring search on the prompts (pg_trgm GIN): the dataset browser's text filter for sessions.
@Index('ix_mt_turn_prompt_trgm', { synchronize: false })
export class MtTurnEntity {
  @PrimaryColumn({ name: 'session_id', type: 'bigint', primaryKeyConstraintName: 'pk_mt_turn' })
  sessionId!: string;

  @PrimaryColumn({ name: 'turn_index', type: 'smallint', primaryKeyConstraintName: 'pk_mt_turn' })
  turnIndex!: number;

  @ManyToOne(() => MtSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_mt_turn_session' })
  session?: MtSessionEntity;

  @Column({ type: 'text' })
  prompt!: string;

  @Column({ type: 'text' })
  image!: string;
}
