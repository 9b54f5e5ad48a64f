import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** How often a request refreshes the user's last activity, at most. */
const ACTIVITY_EVERY_MS = 60_000;

/**
 * The session keeps only the user id; every request reloads the user, so a deactivated user's
 * session stops working at once (and their session rows are deleted as well).
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  private readonly lastWrite = new Map<number, number>();

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {
    super();
  }

  serializeUser(user: UserEntity, done: (error: unknown, id?: number) => void): void {
    done(null, user.id);
  }

  async deserializeUser(id: number, done: (error: unknown, user?: UserEntity | false) => void) {
    try {
      // Every request reloads the user: a plain indexed SELECT, no entity machinery.
      const [row] = await this.users.query(
        `SELECT id, email, role, display_name AS "displayName", active,
                must_change_password AS "mustChangePassword", created_at AS "createdAt",
                updated_at AS "updatedAt", last_active_at AS "lastActiveAt"
           FROM app_user WHERE id = $1`,
        [Number(id)],
      );
      const user = row as UserEntity | undefined;
      if (!user?.active) return done(null, false);
      await this.touch(user);
      done(null, user);
    } catch (error) {
      done(error);
    }
  }

  private async touch(user: UserEntity): Promise<void> {
    const now = Date.now();
    if (now - (this.lastWrite.get(user.id) ?? 0) < ACTIVITY_EVERY_MS) return;
    this.lastWrite.set(user.id, now);
    await this.users.update(user.id, { lastActiveAt: new Date(now) });
  }
}
