import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../app';
import { buildUser, TEST_PASSWORD } from '../factories';
import { anonymousAgent, signIn } from '../http';

/**
 * Every route the app registers, classified. A route missing here fails the test until someone
 * decides who may call it.
 */
const ACCESS: Record<string, 'public' | 'user' | 'admin'> = {
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  // Public unless PEEL_METRICS_TOKEN is set (then a bearer token: metrics.int-spec.ts).
  'GET /metrics': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs-json': 'public',
  'GET /api/docs-yaml': 'public',
  'GET /api/auth/csrf': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/me': 'user',
  'POST /api/auth/logout': 'user',
  'POST /api/auth/password': 'user',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'POST /api/users/:id/deactivate': 'admin',
  'POST /api/users/:id/reactivate': 'admin',
  'POST /api/users/:id/reset-password': 'admin',
  'POST /api/batches/preview': 'admin',
  'POST /api/batches': 'admin',
  'GET /api/batches': 'admin',
  'GET /api/batches/:id': 'admin',
  'POST /api/batches/:id/activate': 'admin',
  'POST /api/batches/:id/pause': 'admin',
  'POST /api/batches/:id/resume': 'admin',
  'POST /api/batches/:id/complete': 'admin',
  'POST /api/batches/:id/archive': 'admin',
  'POST /api/batches/:id/items/:itemId/gold': 'admin',
  'POST /api/batches/:id/items/:itemId/gold/promote': 'admin',
  'DELETE /api/batches/:id/items/:itemId/gold': 'admin',
  'POST /api/batches/:id/items/:itemId/priority': 'admin',
  'POST /api/batches/:id/raters/:userId/pause': 'admin',
  'POST /api/batches/:id/raters/:userId/unpause': 'admin',
  'POST /api/pairs': 'admin',
  'GET /api/rater/batches': 'user',
  'POST /api/batches/:id/next': 'user',
  'GET /api/batches/:id/progress': 'user',
  'GET /api/batches/:id/judgments/mine': 'user',
  'POST /api/assignments/:id/judgment': 'user',
  'POST /api/assignments/:id/heartbeat': 'user',
  'POST /api/assignments/:id/skip': 'user',
  'PUT /api/judgments/:id': 'user',
  'POST /api/images/report': 'user',
  'GET /api/batches/:id/agreement': 'admin',
  'GET /api/batches/:id/agreement/raters': 'admin',
  'GET /api/batches/:id/consensus': 'admin',
  'GET /api/batches/:id/disagreements': 'admin',
  'GET /api/batches/:id/timeline': 'admin',
  'GET /api/batches/:id/confusion': 'admin',
  'GET /api/batches/:id/raters': 'admin',
  'GET /api/batches/:id/gold': 'admin',
  'GET /api/batches/:id/items/:itemId': 'admin',
  'PUT /api/batches/:id/items/:itemId/adjudication': 'admin',
  'DELETE /api/batches/:id/items/:itemId/adjudication': 'admin',
  'GET /api/batches/:id/adjudications': 'admin',
  'POST /api/exports': 'admin',
  'GET /api/exports': 'admin',
  'GET /api/exports/:id': 'admin',
  'GET /api/exports/:id/files/:name': 'admin',
  'GET /api/dataset/edits': 'admin',
  'GET /api/dataset/pairs': 'admin',
  'GET /api/dataset/sessions': 'admin',
  'GET /api/dataset/edits/:id': 'admin',
  'GET /api/dataset/pairs/:id': 'admin',
  'GET /api/dataset/sessions/:id': 'admin',
  'GET /api/dataset/thumbnail': 'admin',
  'POST /api/imports/upload': 'admin',
  'POST /api/imports/url': 'admin',
  'GET /api/imports': 'admin',
  'GET /api/imports/:id': 'admin',
  'GET /api/audit': 'admin',
};

type Role = 'anonymous' | 'annotator' | 'admin';

let app: NestExpressApplication;
let dataSource: DataSource;

beforeAll(async () => {
  app = await createTestApp({ loginLimitPerIp: 100_000, loginLimitPerAccount: 100_000 });
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

/** The Express router's routes, as "METHOD /path". */
function registeredRoutes(): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack = express.router.stack as unknown as {
    route?: { path: string; methods: Record<string, boolean> };
  }[];
  return stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${layer.route!.path}`),
    )
    .filter((route) => !route.startsWith('GET /api/docs/')) // swagger-ui static assets
    .sort();
}

async function call(route: string, role: Role): Promise<number> {
  const [method, pattern] = route.split(' ');
  const target = await buildUser(dataSource);
  // Ids that name nothing (so a route's own 403/404 never masks the access check), except the
  // user routes, which act on a real throwaway user.
  const missing = '2147480000';
  const path = pattern
    .replace(':id', pattern.startsWith('/api/users/') ? String(target.user.id) : missing)
    .replace(':userId', String(target.user.id))
    .replace(':itemId', missing);
  let agent: request.Agent;
  let csrf: string;
  if (role === 'anonymous') {
    ({ agent, csrf } = await anonymousAgent(app));
  } else {
    const caller = await buildUser(dataSource, { role });
    ({ agent, csrf } = await signIn(app, caller.email, TEST_PASSWORD));
  }
  const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const response = await agent[verb](path).set('X-CSRF-Token', csrf).send({});
  return response.status;
}

describe('route × role permission matrix', () => {
  it('classifies every registered route', () => {
    expect(registeredRoutes()).toEqual(Object.keys(ACCESS).sort());
  });

  it.each(Object.entries(ACCESS))('%s is %s', async (route, access) => {
    const anonymous = await call(route, 'anonymous');
    const annotator = await call(route, 'annotator');
    const admin = await call(route, 'admin');
    if (access === 'public') expect(anonymous).not.toBe(401);
    else expect(anonymous).toBe(401);
    if (access === 'admin') expect(annotator).toBe(403);
    else expect([401, 403]).not.toContain(annotator);
    expect([401, 403]).not.toContain(admin);
    expect(Math.max(anonymous, annotator, admin)).toBeLessThan(500);
  });
});
