import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type UserRole } from '@peel/shared';
import { hashPassword } from '../src/auth/password';
import { UserEntity } from '../src/users/user.entity';

export const TEST_PASSWORD = 'correct horse battery';

let cachedHash: Promise<string> | undefined;

export interface BuiltUser {
  user: UserEntity;
  email: string;
  password: string;
}

/** A user with unique data (and the shared test password unless given). */
export async function buildUser(
  dataSource: DataSource,
  overrides: Partial<Pick<UserEntity, 'role' | 'active' | 'mustChangePassword' | 'displayName'>> & {
    password?: string;
    email?: string;
  } = {},
): Promise<BuiltUser> {
  const password = overrides.password ?? TEST_PASSWORD;
  const passwordHash =
    overrides.password === undefined
      ? await (cachedHash ??= hashPassword(TEST_PASSWORD))
      : await hashPassword(password);
  const email = overrides.email ?? `u-${randomUUID().slice(0, 12)}@example.test`;
  const role: UserRole = overrides.role ?? 'annotator';
  const [row] = await dataSource.query(
    `INSERT INTO app_user (email, password_hash, role, display_name, active, must_change_password)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      email,
      passwordHash,
      role,
      overrides.displayName ?? null,
      overrides.active ?? true,
      overrides.mustChangePassword ?? false,
    ],
  );
  const user = await dataSource.getRepository(UserEntity).findOneByOrFail({ id: row.id });
  return { user, email, password };
}
