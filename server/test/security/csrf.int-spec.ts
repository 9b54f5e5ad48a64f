import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../app';
import { anonymousAgent } from '../http';
import {
  buildWorld,
  changedTables,
  isWrite,
  pathOf,
  registeredRoutes,
  restoreWorldUsers,
  send,
  sessionOf,
  snapshotTables,
  type World,
} from './security-world';
import { WRITE_ROUTES } from './write-routes';

let app: NestExpressApplication;
let dataSource: DataSource;
let world: World;

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  world = await buildWorld(app, dataSource);
});

// An accepted request really acts (a password change, a deactivation): the accounts go back.
afterEach(async () => {
  await restoreWorldUsers(dataSource, world);
});

afterAll(async () => {
  await app.close();
});

const CSRF_FAILED = {
  code: 'CSRF_FAILED',
  message: 'Missing or stale X-CSRF-Token header: fetch GET /api/auth/csrf and retry',
};

describe('CSRF: every write route needs the session’s token in X-CSRF-Token', () => {
  it('lists every write route', () => {
    expect(Object.keys(WRITE_ROUTES).sort()).toEqual(registeredRoutes(app).filter(isWrite));
  });

  it.each(Object.entries(WRITE_ROUTES))(
    '%s refuses a missing, wrong or foreign token and accepts the right one',
    async (route, spec) => {
      const session = await sessionOf(app, world, spec.as);
      const path = pathOf(route, world);
      const body = spec.body?.(world);
      // Another session's token is as wrong as a forged one: tokens are bound to the session.
      const other = await anonymousAgent(app);
      const before = await snapshotTables(dataSource);
      for (const csrf of [null, '', 'forged-token', other.csrf, `${session.csrf}x`]) {
        const refused = await send(session, route, path, { body, csrf });
        expect({ csrf, status: refused.status, body: refused.body }).toEqual({
          csrf,
          status: 403,
          body: CSRF_FAILED,
        });
      }
      // Nothing was done, and the session still works.
      expect(changedTables(before, await snapshotTables(dataSource))).toEqual([]);
      const accepted = await send(session, route, path, { body });
      expect(accepted.body?.code).not.toBe('CSRF_FAILED');
      expect(accepted.status).toBeLessThan(500);
      expect(accepted.status).not.toBe(401);
      if (accepted.status < 300) await spec.settle?.(session, accepted);
    },
  );

  it('refuses a token sent only as the cookie (the header is what proves the origin)', async () => {
    const session = await sessionOf(app, world, 'rater');
    const response = await session.agent
      .post(`/api/assignments/${world.assignmentId}/heartbeat`)
      .set('Cookie', `peel_csrf=${encodeURIComponent(session.csrf)}`);
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CSRF_FAILED');
  });

  it('refuses a write from a browser form (no custom header possible) and a text/plain body', async () => {
    const session = await sessionOf(app, world, 'admin');
    const form = await session.agent
      .post('/api/users')
      .type('form')
      .send({ email: 'csrf-form@example.test', role: 'admin', password: 'long-enough-pw' });
    expect(form.status).toBe(403);
    const text = await session.agent
      .post('/api/users')
      .set('Content-Type', 'text/plain')
      .send('{"email":"csrf-text@example.test","role":"admin","password":"long-enough-pw"}');
    expect(text.status).toBe(403);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email LIKE 'csrf-%@example.test'`,
    );
    expect(row.n).toBe(0);
  });

  it('gives a new token at login, and the pre-login token stops working', async () => {
    const { agent, csrf } = await anonymousAgent(app);
    const login = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .send({ email: world.raterEmail, password: 'correct horse battery' })
      .expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const fresh = decodeURIComponent(
      cookies
        .find((c) => c.startsWith('peel_csrf='))!
        .split(';')[0]
        .slice('peel_csrf='.length),
    );
    expect(fresh).not.toBe(csrf);
    const stale = await agent
      .post(`/api/assignments/${world.assignmentId}/heartbeat`)
      .set('X-CSRF-Token', csrf);
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('CSRF_FAILED');
  });
});
