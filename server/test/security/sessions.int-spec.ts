import { randomInt } from 'node:crypto';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../app';
import { buildUser, TEST_PASSWORD } from '../factories';
import { anonymousAgent, csrfFromCookies, type SignedIn, wrap } from '../http';

const LIMIT_IP = 4;
const LIMIT_ACCOUNT = 3;

let app: NestExpressApplication;
let dataSource: DataSource;
let second: NestExpressApplication | undefined;

beforeAll(async () => {
  app = await createTestApp({ loginLimitPerIp: LIMIT_IP, loginLimitPerAccount: LIMIT_ACCOUNT });
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await second?.close();
  await app.close();
});

/** A client address of its own (the app trusts X-Forwarded-For from loopback, as behind a proxy). */
function freshIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

function cookieOf(header: string | string[] | undefined, name: string): string | undefined {
  return ([] as string[])
    .concat(header ?? [])
    .find((cookie) => cookie.startsWith(`${name}=`))
    ?.split(';')[0];
}

function sidOf(cookie: string): string {
  // peel.sid=s:<sid>.<signature>
  return decodeURIComponent(cookie.slice('peel.sid='.length)).slice(2).split('.')[0];
}

async function sessionRows(sid: string): Promise<number> {
  const [row] = await dataSource.query(
    'SELECT count(*)::int AS n FROM http_session WHERE sid = $1',
    [sid],
  );
  return row.n;
}

async function login(
  agent: ReturnType<typeof request.agent>,
  csrf: string,
  email: string,
  password: string,
  ip = '127.0.0.1',
) {
  return agent
    .post('/api/auth/login')
    .set('X-Forwarded-For', ip)
    .set('X-CSRF-Token', csrf)
    .send({ email, password });
}

/** Signs in from an address of its own, so the IP limit of this file's app stays out of the way. */
async function signInFresh(email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const { agent, csrf } = await anonymousAgent(app);
  const response = await login(agent, csrf, email, password, freshIp());
  expect(response.status).toBe(200);
  return wrap(agent, csrfFromCookies(response.headers['set-cookie']));
}

describe('session fixation', () => {
  it('a pre-login session id is dead after login: new id, old row deleted', async () => {
    const { email } = await buildUser(dataSource);
    const agent = request.agent(app.getHttpServer());
    const anonymous = await agent.get('/api/auth/csrf').expect(200);
    const before = cookieOf(anonymous.headers['set-cookie'], 'peel.sid')!;
    expect(await sessionRows(sidOf(before))).toBe(1);
    const response = await login(agent, anonymous.body.token, email, TEST_PASSWORD, freshIp());
    expect(response.status).toBe(200);
    const after = cookieOf(response.headers['set-cookie'], 'peel.sid')!;
    expect(sidOf(after)).not.toBe(sidOf(before));
    expect(await sessionRows(sidOf(before))).toBe(0);
    // Whoever planted or kept the old id has nothing.
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', before).expect(401);
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', after).expect(200);
  });

  it('ignores a session id the server did not issue (forged or unsigned)', async () => {
    const { email } = await buildUser(dataSource);
    for (const planted of ['peel.sid=attacker-chosen', 'peel.sid=s%3Aattacker.forgedsignature']) {
      const agent = request.agent(app.getHttpServer());
      const csrf = await agent.get('/api/auth/csrf').set('Cookie', planted).expect(200);
      const issued = cookieOf(csrf.headers['set-cookie'], 'peel.sid')!;
      expect(issued).not.toBe(planted);
      const response = await login(agent, csrf.body.token, email, TEST_PASSWORD, freshIp());
      expect(response.status).toBe(200);
      expect(await sessionRows('attacker-chosen')).toBe(0);
      expect(await sessionRows('attacker')).toBe(0);
    }
  });
});

describe('logout', () => {
  it('ends the session on the server: the old cookie is refused afterwards', async () => {
    const { email, user } = await buildUser(dataSource);
    const session = await signInFresh(email);
    const other = await signInFresh(email);
    const me = await session.get('/api/auth/me').expect(200);
    expect(me.body.user.id).toBe(user.id);
    // The first answer after the login rolls the cookie: take it as a thief would.
    const stolen = cookieOf(me.headers['set-cookie'], 'peel.sid')!;
    await session.post('/api/auth/logout').expect(204);
    expect(await sessionRows(sidOf(stolen))).toBe(0);
    // Replaying the cookie from before the logout (as a thief would) gets nothing.
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', stolen).expect(401);
    await request(app.getHttpServer())
      .post('/api/auth/logout')
      .set('Cookie', stolen)
      .set('X-CSRF-Token', session.csrf)
      .expect(403);
    // Other devices of the same user stay signed in.
    await other.get('/api/auth/me').expect(200);
  });
});

describe('rolling', () => {
  /** The Expires of the session cookie in `header`, if one was sent. */
  function expiresOf(header: string | string[] | undefined): number | undefined {
    const cookie = ([] as string[])
      .concat(header ?? [])
      .find((candidate) => candidate.startsWith('peel.sid='));
    const expires = cookie?.match(/Expires=([^;]+)/)?.[1];
    return expires ? Date.parse(expires) : undefined;
  }

  async function storedExpiry(sid: string): Promise<number> {
    const [row] = await dataSource.query(
      `SELECT extract(epoch FROM expire) * 1000 AS ms FROM http_session WHERE sid = $1`,
      [sid],
    );
    return Number(row.ms);
  }

  it('sends the cookie again with a fresh expiry at most once a minute, and stores it', async () => {
    const { email } = await buildUser(dataSource);
    const session = await signInFresh(email);
    const first = await session.get('/api/auth/me').expect(200);
    const cookie = cookieOf(first.headers['set-cookie'], 'peel.sid')!;
    const sid = sidOf(cookie);
    expect(expiresOf(first.headers['set-cookie'])).toBeGreaterThan(Date.now() + 7.9 * 3600_000);
    // within the minute: no Set-Cookie, no signature
    const again = await session.get('/api/auth/me').expect(200);
    expect(cookieOf(again.headers['set-cookie'], 'peel.sid')).toBeUndefined();
    // a minute later (this process's clock): the same cookie comes back with a later expiry, and
    // the stored expiry moves too
    const before = await storedExpiry(sid);
    const later = Date.now() + 61_000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const rolled = await session.get('/api/auth/me').expect(200);
      expect(cookieOf(rolled.headers['set-cookie'], 'peel.sid')).toBe(cookie);
      expect(expiresOf(rolled.headers['set-cookie'])).toBeGreaterThan(later + 7.9 * 3600_000);
    } finally {
      clock.mockRestore();
    }
    expect(await storedExpiry(sid)).toBeGreaterThan(before + 60_000);
  });

  it('never writes the session back when it rolls (a deleted session stays deleted)', async () => {
    const { email } = await buildUser(dataSource);
    const session = await signInFresh(email);
    const cookie = cookieOf((await session.get('/api/auth/me')).headers['set-cookie'], 'peel.sid')!;
    const sid = sidOf(cookie);
    // A save is an INSERT ... ON CONFLICT: it would bring back a row that a logout or a password
    // change deleted while the request ran. Count the INSERTs a rolling request makes.
    await dataSource.query(`CREATE TABLE IF NOT EXISTS roll_inserts (sid text)`);
    await dataSource.query(`CREATE OR REPLACE FUNCTION roll_inserts_log() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN INSERT INTO roll_inserts VALUES (NEW.sid); RETURN NEW; END $$`);
    await dataSource.query(`CREATE TRIGGER roll_inserts_log BEFORE INSERT ON http_session
      FOR EACH ROW EXECUTE FUNCTION roll_inserts_log()`);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000);
    try {
      const rolled = await session.get('/api/auth/me').expect(200);
      expect(cookieOf(rolled.headers['set-cookie'], 'peel.sid')).toBe(cookie);
      const [row] = await dataSource.query(
        'SELECT count(*)::int AS n FROM roll_inserts WHERE sid = $1',
        [sid],
      );
      expect(row.n).toBe(0);
    } finally {
      clock.mockRestore();
      await dataSource.query('DROP TRIGGER roll_inserts_log ON http_session');
    }
  });

  it('never sets a cookie for a visitor who is not signed in', async () => {
    const health = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(cookieOf(health.headers['set-cookie'], 'peel.sid')).toBeUndefined();
  });
});

describe('rate limits', () => {
  it(`login: ${LIMIT_IP} attempts per IP per minute, then 429 with Retry-After`, async () => {
    const ip = freshIp();
    const { agent, csrf } = await anonymousAgent(app);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT_IP; i += 1) {
      // A different unknown account each time: only the IP limit can stop this.
      const response = await login(agent, csrf, `nobody-${i}-${ip}@example.test`, 'guess', ip);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.body).toEqual({
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/^Too many attempts: try again in \d+ seconds?$/),
        });
        const retry = Number(response.headers['retry-after']);
        expect(retry).toBeGreaterThan(0);
        expect(retry).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([...Array(LIMIT_IP).fill(401), 429]);
    // Another address is not affected.
    const { email } = await buildUser(dataSource);
    expect((await login(agent, csrf, email, TEST_PASSWORD, freshIp())).status).toBe(200);
  });

  it(`login: ${LIMIT_ACCOUNT} attempts per account per 15 minutes, whatever the IP`, async () => {
    const { email } = await buildUser(dataSource);
    const { agent, csrf } = await anonymousAgent(app);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT_ACCOUNT; i += 1)
      statuses.push((await login(agent, csrf, email, 'wrong password', freshIp())).status);
    expect(statuses).toEqual([...Array(LIMIT_ACCOUNT).fill(401), 429]);
    const blocked = await login(agent, csrf, email.toUpperCase(), TEST_PASSWORD, freshIp());
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
  });

  it('login: the count is shared by every instance on the database', async () => {
    // Closed after every test: passport's strategies are process-wide, the last app's in use.
    second = await createTestApp({
      loginLimitPerIp: LIMIT_IP,
      loginLimitPerAccount: LIMIT_ACCOUNT,
    });
    const { email } = await buildUser(dataSource);
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT_ACCOUNT; i += 1) {
      const { agent, csrf } = await anonymousAgent(i % 2 ? second : app);
      statuses.push((await login(agent, csrf, email, 'wrong password', freshIp())).status);
    }
    expect(statuses).toEqual([...Array(LIMIT_ACCOUNT).fill(401), 429]);
  });

  it(`password change: ${LIMIT_ACCOUNT} attempts per account, then 429 even when right`, async () => {
    const { email } = await buildUser(dataSource);
    const other = await buildUser(dataSource);
    const session = await signInFresh(email);
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT_ACCOUNT; i += 1) {
      const response = await session
        .post('/api/auth/password', {
          currentPassword: `guess number ${i}`,
          newPassword: 'a brand new password',
        })
        .set('X-Forwarded-For', freshIp());
      statuses.push(response.status);
    }
    const right = await session
      .post('/api/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a brand new password',
      })
      .set('X-Forwarded-For', freshIp());
    expect([...statuses, right.status]).toEqual([...Array(LIMIT_ACCOUNT).fill(400), 429]);
    expect(right.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // The password did not change, and another account is not affected.
    await signInFresh(email);
    const otherSession = await signInFresh(other.email);
    await otherSession
      .post('/api/auth/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a brand new password',
      })
      .set('X-Forwarded-For', freshIp())
      .expect(204);
  });
});
