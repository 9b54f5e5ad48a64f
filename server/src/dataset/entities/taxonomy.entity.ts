import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** One of the paper's 8 edit categories; seeded by a migration. */
@Entity({ name: 'edit_category' })
export class EditCategoryEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_edit_category' })
  id!: string;

  @Index('uq_edit_category_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'smallint' })
  position!: number;
}

/** One of the 35 edit types, label string exactly as in the data; seeded by a migration. */
@Entity({ name: 'edit_type' })
export class EditTypeEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_edit_type' })
  id!: number;

  @Index('uq_edit_type_label', { unique: true })
  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'category_id', type: 'text' })
  categoryId!: string;

  @ManyToOne(() => EditCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_edit_type_category' })
  category?: EditCategoryEntity;
}
