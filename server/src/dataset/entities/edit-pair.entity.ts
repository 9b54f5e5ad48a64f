import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { EditEntity } from './edit.entity';
import { DatasetImportEntity } from './dataset-import.entity';

/**
 * Two edits of one source image and instruction, in a fixed orientation (first, second). From the
 * dataset: first = the preference record's chosen edit, second = one rejected attempt (position =
 * its index in `rejected_images`). From an admin: any two edits of the same source and instruction.
 */
@Entity({ name: 'edit_pair' })
@Check('ck_edit_pair_origin', `origin IN ('dataset', 'admin')`)
@Check('ck_edit_pair_distinct', `first_edit_id <> second_edit_id`)
@Index('uq_edit_pair_edits', ['firstEditId', 'secondEditId'], { unique: true })
@Index('ix_edit_pair_second', ['secondEditId'])
@Index('ix_edit_pair_origin', ['origin', 'id'])
// The dataset browser's import order: (coalesce(import_id, 0), id), admin pairs first.
@Index('ix_edit_pair_import', { synchronize: false })
export class EditPairEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_edit_pair' })
  id!: string;

  @Column({ name: 'first_edit_id', type: 'bigint' })
  firstEditId!: string;

  @ManyToOne(() => EditEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'first_edit_id', foreignKeyConstraintName: 'fk_edit_pair_first' })
  firstEdit?: EditEntity;

  @Column({ name: 'second_edit_id', type: 'bigint' })
  secondEditId!: string;

  @ManyToOne(() => EditEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'second_edit_id', foreignKeyConstraintName: 'fk_edit_pair_second' })
  secondEdit?: EditEntity;

  @Column({ type: 'text' })
  origin!: 'dataset' | 'admin';

  /** For dataset pairs: the rejected attempt's index in the record's `rejected_images`. */
  @Column({ type: 'smallint', default: 0 })
  position!: number;

  /** For dataset pairs: how the record wrote `rejected_images` (array, string, json_string_array). */
  @Column({ name: 'rejected_shape', type: 'text', nullable: true })
  rejectedShape!: string | null;

  @Column({ name: 'import_id', type: 'bigint', nullable: true })
  importId!: string | null;

  @ManyToOne(() => DatasetImportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'fk_edit_pair_import' })
  import?: DatasetImportEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
