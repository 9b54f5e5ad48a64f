import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { type UserRole } from '@peel/shared';

/** A person who signs in: an admin or an annotator (rater). Emails are stored lowercased. */
@Entity({ name: 'app_user' })
@Check('ck_app_user_role', `role IN ('admin', 'annotator')`)
@Check('ck_app_user_email_lower', `email = lower(email)`)
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_app_user' })
  id!: number;

  @Index('uq_app_user_email', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  /** argon2id (PHC string). Never logged, never returned. */
  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: UserRole;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_active_at', type: 'timestamptz', nullable: true })
  lastActiveAt!: Date | null;
}
