import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  CreateDateColumn,
} from 'typeorm';
import type { EditOrigin } from '@peel/shared';
import { DatasetImportEntity } from './dataset-import.entity';
import { SourceImageEntity } from './source-image.entity';
import { EditTypeEntity } from './taxonomy.entity';

/**
 * One edited image with its instruction: an SFT success, a preference record's chosen edit, or one
 * of its rejected attempts. Natural key: the image's relative path (`output_image`).
 */
@Entity({ name: 'edit' })
@Check('ck_edit_origin', `origin IN ('sft', 'preference_chosen', 'preference_rejected')`)
@Index('ix_edit_type_id', ['editTypeId', 'id'])
@Index('ix_edit_source_image', ['sourceImageId'])
@Index('ix_edit_import', ['importId', 'id'])
@Index('ix_edit_origin', ['origin', 'id'])
// Substring search on the instruction (pg_trgm GIN): the dataset browser's text filter.
@Index('ix_edit_instruction_trgm', { synchronize: false })
export class EditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_edit' })
  id!: string;

  @Index('uq_edit_image', { unique: true })
  @Column({ type: 'text' })
  image!: string;

  @Column({ name: 'source_image_id', type: 'bigint' })
  sourceImageId!: string;

  @ManyToOne(() => SourceImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_image_id', foreignKeyConstraintName: 'fk_edit_source_image' })
  sourceImage?: SourceImageEntity;

  /** The long instruction (`text`). */
  @Column({ type: 'text' })
  instruction!: string;

  /** The short instruction (`summarized_text`), noisy in the real data. */
  @Column({ name: 'summarized_instruction', type: 'text' })
  summarizedInstruction!: string;

  @Column({ name: 'edit_type_id', type: 'smallint' })
  editTypeId!: number;

  @ManyToOne(() => EditTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edit_type_id', foreignKeyConstraintName: 'fk_edit_edit_type' })
  editType?: EditTypeEntity;

  @Column({ type: 'text' })
  origin!: EditOrigin;

  /** Keys of the source record that the format does not know, kept verbatim. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  extra!: Record<string, unknown>;

  /** The import that last wrote this row. */
  @Column({ name: 'import_id', type: 'bigint' })
  importId!: string;

  @ManyToOne(() => DatasetImportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'fk_edit_import' })
  import?: DatasetImportEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
