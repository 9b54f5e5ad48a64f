import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { type Pool } from 'pg';
import { type DataSource, type EntityManager } from 'typeorm';
import { CSRF_COOKIE_NAME, CSRF_HEADER_NAME, ERROR_STATUS } from '@peel/shared';
import { type PeelConfig } from '../common/config/config';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}

export const SESSION_COOKIE = 'peel.sid';
/** A session lives this long after the last request (rolling). */
const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** The configured secret, or one generated once per installation and shared by every instance. */
export async function sessionSecret(dataSource: DataSource, config: PeelConfig): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  await dataSource.query(
    `INSERT INTO app_setting (key, value) VALUES ('session_secret', $1) ON CONFLICT (key) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const [row] = await dataSource.query(
    `SELECT value FROM app_setting WHERE key = 'session_secret'`,
  );
  return row.value;
}

/**
 * Cookie sessions stored in PostgreSQL (any instance serves any session), passport on top, and
 * CSRF protection for every state-changing API request: the synchronizer token kept in the
 * session is exposed in a readable cookie and must come back in the `X-CSRF-Token` header.
 */
export async function installSessions(
  app: NestExpressApplication,
  dataSource: DataSource,
  config: PeelConfig,
): Promise<void> {
  const PgStore = connectPgSimple(session);
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const secret = await sessionSecret(dataSource, config);
  app.use(
    session({
      name: SESSION_COOKIE,
      secret,
      store: withUser(
        throttleTouches(
          new PgStore({ pool, tableName: 'http_session', pruneSessionInterval: 15 * 60 }),
        ),
        pool,
      ),
      resave: false,
      saveUninitialized: false,
      // rolled by rollSignedIn, once a minute, not on every answer
      rolling: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: SESSION_IDLE_MS,
      },
    }),
  );
  app.use(rollSignedIn(secret));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(csrfProtection);
}

/** How often a signed-in session's cookie is sent again, and its stored expiry pushed forward. */
const REFRESH_EVERY_MS = 60_000;

/**
 * Whether a session is due (and from then on, not for REFRESH_EVERY_MS): per process, a map of
 * session ids to the last time, emptied past 100,000 sessions.
 */
function everyMinutePerSession(): (sid: string) => boolean {
  const last = new Map<string, number>();
  return (sid) => {
    const now = Date.now();
    if (now - (last.get(sid) ?? 0) < REFRESH_EVERY_MS) return false;
    if (last.size > 100_000) last.clear();
    last.set(sid, now);
    return true;
  };
}

/** The session id as express-session signs it in the cookie (cookie-signature's HMAC-SHA256). */
function signedSessionId(sid: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `s:${sid}.${mac}`;
}

/**
 * A signed-in session expires SESSION_IDLE_MS after its last request, but its cookie is not
 * signed and sent again on every answer (express-session's `rolling`): once a minute per session
 * and process, this sends the same cookie with a fresh expiry. It writes nothing: the stored
 * expiry moves with the throttled touch, and a session deleted meanwhile (logout, a password
 * change) stays deleted, where a save would write it back.
 */
function rollSignedIn(secret: string) {
  const due = everyMinutePerSession();
  return (request: Request, response: Response, next: NextFunction): void => {
    const data = request.session as
      (session.SessionData & { passport?: { user?: unknown } }) | undefined;
    const sid = request.sessionID;
    if (data?.passport?.user === undefined || !sid) return next();
    const cookie = data.cookie;
    // as express-session: a Secure cookie only over a secure connection
    if ((cookie.secure && !request.secure) || !due(sid)) return next();
    response.cookie(SESSION_COOKIE, signedSessionId(sid, secret), {
      expires: new Date(Date.now() + SESSION_IDLE_MS),
      httpOnly: cookie.httpOnly,
      secure: cookie.secure === true,
      sameSite: cookie.sameSite,
      path: cookie.path,
      domain: cookie.domain,
    });
    next();
  };
}

/**
 * A rolling session would write its row on every request; refreshing the stored expiry once a
 * minute is enough (as the cookie's, see rollSignedIn) and spares a write per request.
 */
function throttleTouches<T extends session.Store>(store: T): T {
  const touch = store.touch?.bind(store);
  if (!touch) return store;
  const due = everyMinutePerSession();
  store.touch = (sid, data, callback) => {
    if (!due(sid)) return callback?.();
    touch(sid, data, callback);
  };
  return store;
}

/** Where a session read leaves its signed-in user's row for the deserializer (not stored). */
export const LOADED_USER = Symbol('peel.loadedUser');

/** The columns of the signed-in user that every request reloads (`request.user`). */
export const SESSION_USER_COLUMNS = `u.id, u.email, u.role, u.display_name AS "displayName", u.active,
  u.must_change_password AS "mustChangePassword", u.created_at AS "createdAt",
  u.updated_at AS "updatedAt", u.last_active_at AS "lastActiveAt"`;

/**
 * Reads the session and its signed-in user in one statement (prepared once per connection), not
 * a session read and then a user read on every request. The user row rides along on the
 * `passport` part of the session under a symbol (never saved) and the serializer takes it from
 * there; the user is still read fresh on every request.
 */
function withUser<T extends session.Store>(store: T, pool: Pool): T {
  store.get = (sid, callback) => {
    pool
      .query({
        name: 'session_get',
        text: `SELECT s.sess, ${SESSION_USER_COLUMNS}
                 FROM http_session s
                 LEFT JOIN app_user u ON u.id = (s.sess #>> '{passport,user}')::int
                WHERE s.sid = $1 AND s.expire >= now()`,
        values: [sid],
      })
      .then(({ rows: [row] }) => {
        if (!row) return callback(null, null);
        const { sess, ...user } = row;
        const data = sess as session.SessionData & { passport?: object };
        if (data.passport) {
          // No row (a deleted user): null, and the serializer refuses the session.
          const loaded = user.id === null ? null : user;
          Object.defineProperty(data.passport, LOADED_USER, { value: loaded });
        }
        callback(null, data);
      }, callback);
  };
  return store;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfProtection(request: Request, response: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(request.method) || !request.path.startsWith('/api/')) return next();
  const expected = request.session?.csrfToken;
  const given = request.get(CSRF_HEADER_NAME);
  if (expected && given && sameToken(expected, given)) return next();
  response.status(ERROR_STATUS.CSRF_FAILED).json({
    code: 'CSRF_FAILED',
    message: `Missing or stale ${CSRF_HEADER_NAME} header: fetch GET /api/auth/csrf and retry`,
  });
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Gives the session a fresh CSRF token and hands it to the client in the readable cookie. */
export function issueCsrfToken(request: Request, response: Response, secure: boolean): string {
  const token = randomBytes(24).toString('base64url');
  request.session.csrfToken = token;
  response.cookie(CSRF_COOKIE_NAME, token, { sameSite: 'lax', secure, httpOnly: false, path: '/' });
  return token;
}

/** Ends every session of a user (deactivation, password reset), optionally keeping one. */
export async function destroyUserSessions(
  manager: EntityManager,
  userId: number,
  exceptSid?: string,
): Promise<void> {
  await manager.query(
    `DELETE FROM http_session WHERE sess -> 'passport' ->> 'user' = $1 AND sid IS DISTINCT FROM $2`,
    [String(userId), exceptSid ?? null],
  );
}
