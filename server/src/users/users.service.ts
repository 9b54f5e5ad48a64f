import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type CreateUserBody, type UpdateUserBody } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { destroyUserSessions } from '../auth/http-session';
import { hashPassword } from '../auth/password';
import { DomainError } from '../common/errors/domain-error';
import { UserEntity } from './user.entity';

export interface Actor {
  id: number | null;
  ip: string | null;
}

/** Accounts: create, change role, deactivate / reactivate, reset a password. Each change is audited. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { role: 'ASC', email: 'ASC' } });
  }

  async create(body: CreateUserBody, actor: Actor, options: { mustChangePassword?: boolean } = {}) {
    const passwordHash = await hashPassword(body.password);
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: number }[] = await manager.query(
        `INSERT INTO app_user (email, password_hash, role, display_name, must_change_password)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id`,
        [
          body.email,
          passwordHash,
          body.role,
          body.displayName ?? null,
          options.mustChangePassword ?? false,
        ],
      );
      if (rows.length === 0) {
        throw new DomainError('CONFLICT', `A user with the email ${body.email} already exists`, [
          { path: 'email', message: 'This email is already in use' },
        ]);
      }
      const id = rows[0].id;
      await this.audit.record(
        {
          action: 'user.created',
          actorId: actor.id,
          targetType: 'user',
          targetId: id,
          ip: actor.ip,
          details: { role: body.role },
        },
        manager,
      );
      return manager.findOneByOrFail(UserEntity, { id });
    });
  }

  async update(id: number, body: UpdateUserBody, actor: Actor): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      if (body.role && body.role !== user.role) {
        if (user.role === 'admin') await this.ensureAnotherAdmin(manager, id);
        await this.audit.record(
          {
            action: 'user.role_changed',
            actorId: actor.id,
            targetType: 'user',
            targetId: id,
            ip: actor.ip,
            details: { from: user.role, to: body.role },
          },
          manager,
        );
      }
      await manager.update(UserEntity, id, {
        ...(body.role ? { role: body.role } : {}),
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
      });
      return manager.findOneByOrFail(UserEntity, { id });
    });
  }

  /** Deactivating ends every session of the user at once. */
  async setActive(id: number, active: boolean, actor: Actor): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      if (!active && id === actor.id) {
        throw new DomainError('CONFLICT', 'You cannot deactivate your own account');
      }
      if (!active && user.role === 'admin') await this.ensureAnotherAdmin(manager, id);
      if (user.active !== active) {
        await manager.update(UserEntity, id, { active });
        if (!active) await destroyUserSessions(manager, id);
        await this.audit.record(
          {
            action: active ? 'user.reactivated' : 'user.deactivated',
            actorId: actor.id,
            targetType: 'user',
            targetId: id,
            ip: actor.ip,
          },
          manager,
        );
      }
      return manager.findOneByOrFail(UserEntity, { id });
    });
  }

  /** An admin sets a temporary password: the user must change it at the next sign-in. */
  async resetPassword(id: number, newPassword: string, actor: Actor): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.lockUser(manager, id);
      await manager.update(UserEntity, id, { passwordHash, mustChangePassword: true });
      await destroyUserSessions(manager, id);
      await this.audit.record(
        {
          action: 'user.password_reset',
          actorId: actor.id,
          targetType: 'user',
          targetId: id,
          ip: actor.ip,
        },
        manager,
      );
    });
  }

  private async lockUser(manager: EntityManager, id: number): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw new DomainError('NOT_FOUND', `No user with id ${id}`);
    return user;
  }

  /** The last active admin cannot be demoted or deactivated: someone must be able to manage Peel. */
  private async ensureAnotherAdmin(manager: EntityManager, id: number): Promise<void> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active AND id <> $1`,
      [id],
    );
    if (row.n === 0) throw new DomainError('CONFLICT', 'This is the last active admin');
  }
}
