import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { createTestApp } from '../../test/app';
import { buildUser, TEST_PASSWORD } from '../../test/factories';
import { anonymousAgent, signIn } from '../../test/http';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp({ loginLimitPerIp: 1000, loginLimitPerAccount: 5 });
  dataSource = app.get(DataSourceToken);
});

afterAll(async () => {
  await app.close();
});

async function auditActions(userId: number): Promise<string[]> {
  const rows: { action: string }[] = await dataSource.query(
    `SELECT action FROM audit_event WHERE actor_id = $1 OR (target_type = 'user' AND target_id = $2)
     ORDER BY id`,
    [userId, String(userId)],
  );
  return rows.map((row) => row.action);
}

function sessionCookie(header: string | string[] | undefined): string | undefined {
  return ([] as string[])
    .concat(header ?? [])
    .find((cookie) => cookie.startsWith('peel.sid='))
    ?.split(';')[0];
}

describe('login, session, logout', () => {
  it('signs in, answers me, and signs out', async () => {
    const { email, user } = await buildUser(dataSource);
    const session = await signIn(app, email.toUpperCase(), TEST_PASSWORD);
    const me = await session.get('/api/auth/me').expect(200);
    expect(me.body.user).toMatchObject({ id: user.id, email, role: 'annotator' });
    expect(JSON.stringify(me.body)).not.toMatch(/hash|argon/i);
    await session.post('/api/auth/logout').expect(204);
    await session.get('/api/auth/me').expect(401);
    expect(await auditActions(user.id)).toEqual(['auth.login_succeeded', 'auth.logout']);
  });

  it('stores an argon2id hash, never the password', async () => {
    const { user } = await buildUser(dataSource, { password: 'a very secret passphrase' });
    const [row] = await dataSource.query('SELECT password_hash FROM app_user WHERE id = $1', [
      user.id,
    ]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('a very secret passphrase');
  });

  it('answers an unknown user and a wrong password the same way', async () => {
    const { email, user } = await buildUser(dataSource);
    const { agent, csrf } = await anonymousAgent(app);
    const wrong = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email, password: 'not the password' });
    const unknown = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: `nobody-${user.id}@example.test`, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid email or password' });
    expect(await auditActions(user.id)).toEqual(['auth.login_failed']);
  });

  it('answers a malformed login body with 400 naming the field', async () => {
    const { agent, csrf } = await anonymousAgent(app);
    const response = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: 'not-an-email' })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'email',
      'password',
    ]);
    await agent.post('/api/auth/login').set('X-CSRF-Token', csrf).send([1, 2]).expect(400);
  });

  it('refuses a write without the CSRF token', async () => {
    const { email } = await buildUser(dataSource);
    const session = await signIn(app, email, TEST_PASSWORD);
    const response = await session.agent.post('/api/auth/logout').expect(403);
    expect(response.body.code).toBe('CSRF_FAILED');
    await session.agent.post('/api/auth/logout').set('X-CSRF-Token', 'forged').expect(403);
    await session.get('/api/auth/me').expect(200);
  });

  it('gives a new session id at login (no session fixation)', async () => {
    const { email } = await buildUser(dataSource);
    const agent = request.agent(app.getHttpServer());
    const anonymous = await agent.get('/api/auth/csrf').expect(200);
    const before = sessionCookie(anonymous.headers['set-cookie']);
    expect(before).toMatch(/^peel\.sid=/);
    const login = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', anonymous.body.token)
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    const after = sessionCookie(login.headers['set-cookie']);
    expect(after).toMatch(/^peel\.sid=/);
    expect(after).not.toBe(before);
    // The pre-login session id no longer authenticates anything.
    await request(app.getHttpServer()).get('/api/auth/me').set('Cookie', before!).expect(401);
  });

  it('throttles logins per account with 429 and a Retry-After', async () => {
    const { email } = await buildUser(dataSource);
    const { agent, csrf } = await anonymousAgent(app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await agent
        .post('/api/auth/login')
        .set('X-CSRF-Token', csrf)
        .send({ email, password: 'wrong password!' });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.body.code).toBe('TOO_MANY_REQUESTS');
        expect(
          Number(response.headers['retry-after-account'] ?? response.headers['retry-after']),
        ).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The right password is refused too while the account is blocked.
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email, password: TEST_PASSWORD })
      .expect(429);
  });
});

describe('deactivation and forced password change', () => {
  it('refuses a deactivated user and ends their live sessions', async () => {
    const admin = await buildUser(dataSource, { role: 'admin' });
    const rater = await buildUser(dataSource);
    const adminSession = await signIn(app, admin.email, TEST_PASSWORD);
    const raterSession = await signIn(app, rater.email, TEST_PASSWORD);
    await raterSession.get('/api/auth/me').expect(200);
    const response = await adminSession.post(`/api/users/${rater.user.id}/deactivate`).expect(200);
    expect(response.body.active).toBe(false);
    await raterSession.get('/api/auth/me').expect(401);
    const { agent, csrf } = await anonymousAgent(app);
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: rater.email, password: TEST_PASSWORD })
      .expect(401);
    await adminSession.post(`/api/users/${rater.user.id}/reactivate`).expect(200);
    await signIn(app, rater.email, TEST_PASSWORD);
    expect(await auditActions(rater.user.id)).toEqual(
      expect.arrayContaining(['user.deactivated', 'user.reactivated', 'auth.login_failed']),
    );
  });

  it('forces a password change after an admin reset, then lets the user in', async () => {
    const admin = await buildUser(dataSource, { role: 'admin' });
    const rater = await buildUser(dataSource);
    const adminSession = await signIn(app, admin.email, TEST_PASSWORD);
    await adminSession
      .post(`/api/users/${rater.user.id}/reset-password`, { newPassword: 'temporary-pass-123' })
      .expect(204);
    const session = await signIn(app, rater.email, 'temporary-pass-123');
    expect((await session.get('/api/auth/me').expect(200)).body.user.mustChangePassword).toBe(true);
    const blocked = await session.get('/api/users').expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrong = await session
      .post('/api/auth/password', { currentPassword: 'nope', newPassword: 'my-own-password-1' })
      .expect(400);
    expect(wrong.body.issues[0].path).toBe('currentPassword');
    await session
      .post('/api/auth/password', { currentPassword: 'temporary-pass-123', newPassword: 'short' })
      .expect(400);
    await session
      .post('/api/auth/password', {
        currentPassword: 'temporary-pass-123',
        newPassword: 'my-own-password-1',
      })
      .expect(204);
    expect((await session.get('/api/auth/me').expect(200)).body.user.mustChangePassword).toBe(
      false,
    );
    await signIn(app, rater.email, 'my-own-password-1');
    expect(await auditActions(rater.user.id)).toEqual(
      expect.arrayContaining(['user.password_reset', 'user.password_changed']),
    );
  });
});

describe('user management (admin)', () => {
  it('creates users, rejecting bad fields, duplicates and unknown roles without writing', async () => {
    const admin = await buildUser(dataSource, { role: 'admin' });
    const session = await signIn(app, admin.email, TEST_PASSWORD);
    const email = `new-${admin.user.id}@example.test`;
    const created = await session
      .post('/api/users', { email, role: 'annotator', password: 'long-enough-pw' })
      .expect(201);
    expect(created.body).toMatchObject({
      email,
      role: 'annotator',
      active: true,
      mustChangePassword: true,
    });
    const duplicate = await session
      .post('/api/users', { email: email.toUpperCase(), role: 'admin', password: 'long-enough-pw' })
      .expect(409);
    expect(duplicate.body.code).toBe('CONFLICT');
    const short = await session
      .post('/api/users', { email: `x-${email}`, role: 'annotator', password: 'short' })
      .expect(400);
    expect(short.body.issues.map((i: { path: string }) => i.path)).toEqual(['password']);
    const bad = await session
      .post('/api/users', { email: 'nope', role: 'owner', password: 'long-enough-pw' })
      .expect(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'role']);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email LIKE $1`,
      [`%${email}`],
    );
    expect(row.n).toBe(1);
  });

  it('lists users with last activity and changes a role (audited)', async () => {
    const admin = await buildUser(dataSource, { role: 'admin' });
    const rater = await buildUser(dataSource);
    const session = await signIn(app, admin.email, TEST_PASSWORD);
    const list = await session.get('/api/users').expect(200);
    const me = list.body.items.find((u: { id: number }) => u.id === admin.user.id);
    expect(me.lastActiveAt).not.toBeNull();
    await session.patch(`/api/users/${rater.user.id}`, { role: 'admin' }).expect(200);
    await session.patch(`/api/users/${rater.user.id}`, { role: 'owner' }).expect(400);
    expect(await auditActions(rater.user.id)).toContain('user.role_changed');
  });

  it('will not let an admin deactivate themselves', async () => {
    const admin = await buildUser(dataSource, { role: 'admin' });
    const session = await signIn(app, admin.email, TEST_PASSWORD);
    const response = await session.post(`/api/users/${admin.user.id}/deactivate`).expect(409);
    expect(response.body.code).toBe('CONFLICT');
    await session.post('/api/users/999999999/deactivate').expect(404);
    await session.post('/api/users/abc/deactivate').expect(400);
  });
});
