import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A source image, keyed by its URL (Open Images on Flickr in the real data). */
@Entity({ name: 'source_image' })
export class SourceImageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_source_image' })
  id!: string;

  @Index('uq_source_image_url', { unique: true })
  @Column({ type: 'text' })
  url!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
