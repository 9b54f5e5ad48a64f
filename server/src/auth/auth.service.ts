import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type ChangePasswordBody } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { UserEntity } from '../users/user.entity';
import { destroyUserSessions } from './http-session';
import { hashPassword, verifyPassword } from './password';

/** The one answer for every failed login: an unknown email and a wrong password look alike. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The active user with these credentials, or null (after the same work either way). */
  async verifyCredentials(
    email: string,
    password: string,
    ip: string | null,
  ): Promise<UserEntity | null> {
    const found = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    const ok = await verifyPassword(found?.passwordHash, password);
    if (!found || !ok || !found.active) {
      const reason = !found ? 'unknown_email' : !ok ? 'wrong_password' : 'deactivated';
      await this.audit.record({
        action: 'auth.login_failed',
        actorId: null,
        targetType: found ? 'user' : undefined,
        targetId: found?.id,
        ip,
        details: { email, reason },
      });
      return null;
    }
    await this.audit.record({ action: 'auth.login_succeeded', actorId: found.id, ip });
    return found;
  }

  /** The user changes their own password; their other sessions end. */
  async changePassword(
    userId: number,
    body: ChangePasswordBody,
    sessionId: string,
    ip: string | null,
  ): Promise<void> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :userId', { userId })
      .getOneOrFail();
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new DomainError('VALIDATION_FAILED', 'The current password is wrong', [
        { path: 'currentPassword', message: 'The current password is wrong' },
      ]);
    }
    const passwordHash = await hashPassword(body.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, userId, { passwordHash, mustChangePassword: false });
      await destroyUserSessions(manager, userId, sessionId);
      await this.audit.record(
        {
          action: 'user.password_changed',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
          ip,
        },
        manager,
      );
    });
  }
}
