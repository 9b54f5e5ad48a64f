import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { type Request } from 'express';
import passport from 'passport';
import { Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { LOADED_USER, SESSION_USER_COLUMNS } from './http-session';

/** How often a request refreshes the user's last activity, at most. */
const ACTIVITY_EVERY_MS = 60_000;

type Done = (error: unknown, user?: UserEntity | false) => void;

/**
 * The session keeps only the user id; every request reloads the user, so a deactivated user's
 * session stops working at once (and their session rows are deleted as well). The session read
 * loads the user in the same statement (`http-session.ts`); a user read of its own is the
 * fallback.
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  private readonly lastWrite = new Map<number, number>();

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {
    super();
  }

  /** Registers a deserializer that also receives the request (passport calls it with three arguments). */
  override getPassportInstance() {
    return {
      serializeUser: (
        fn: (user: UserEntity, done: (error: unknown, id?: number) => void) => void,
      ) => passport.serializeUser(fn as never),
      deserializeUser: () =>
        passport.deserializeUser((request: Request, id: number, done: Done) => {
          this.deserialize(request, id, done).catch(done);
        }),
    } as unknown as typeof passport;
  }

  serializeUser(user: UserEntity, done: (error: unknown, id?: number) => void): void {
    done(null, user.id);
  }

  /** Unused: `getPassportInstance` registers `deserialize`, which also sees the request. */
  deserializeUser(id: number, done: Done): void {
    this.deserialize(undefined, id, done).catch(done);
  }

  private async deserialize(request: Request | undefined, id: number, done: Done): Promise<void> {
    const holder = (request?.session as { passport?: Record<symbol, unknown> } | undefined)
      ?.passport;
    const loaded =
      holder && LOADED_USER in holder
        ? (holder[LOADED_USER] as UserEntity | null)
        : await this.load(Number(id));
    if (!loaded?.active || loaded.id !== Number(id)) return done(null, false);
    await this.touch(loaded);
    done(null, loaded);
  }

  private async load(id: number): Promise<UserEntity | null> {
    const [row] = await this.users.query(
      `SELECT ${SESSION_USER_COLUMNS} FROM app_user u WHERE u.id = $1`,
      [id],
    );
    return (row as UserEntity | undefined) ?? null;
  }

  private async touch(user: UserEntity): Promise<void> {
    const now = Date.now();
    if (now - (this.lastWrite.get(user.id) ?? 0) < ACTIVITY_EVERY_MS) return;
    this.lastWrite.set(user.id, now);
    await this.users.update(user.id, { lastActiveAt: new Date(now) });
  }
}
