import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

export type Agent = TestAgent;

/** A cookie-keeping client holding a CSRF token, anonymous until `signIn`. */
export async function anonymousAgent(
  app: NestExpressApplication,
): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app.getHttpServer());
  const response = await agent.get('/api/auth/csrf').expect(200);
  return { agent, csrf: response.body.token };
}

export interface SignedIn {
  agent: Agent;
  csrf: string;
  /** POST/PATCH/... with the CSRF header set. */
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  get(path: string): request.Test;
}

export async function signIn(
  app: NestExpressApplication,
  email: string,
  password: string,
): Promise<SignedIn> {
  const { agent, csrf } = await anonymousAgent(app);
  const login = await agent
    .post('/api/auth/login')
    .set('X-CSRF-Token', csrf)
    .send({ email, password })
    .expect(200);
  const token = csrfFromCookies(login.headers['set-cookie']);
  return wrap(agent, token);
}

export function wrap(agent: Agent, csrf: string): SignedIn {
  return {
    agent,
    csrf,
    post: (path, body) =>
      agent
        .post(path)
        .set('X-CSRF-Token', csrf)
        .send(body ?? {}),
    patch: (path, body) =>
      agent
        .patch(path)
        .set('X-CSRF-Token', csrf)
        .send(body ?? {}),
    get: (path) => agent.get(path),
  };
}

export function csrfFromCookies(header: string | string[] | undefined): string {
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  const found = cookies.find((cookie) => cookie.startsWith('peel_csrf='));
  if (!found) throw new Error('no peel_csrf cookie in the response');
  return decodeURIComponent(found.split(';')[0].slice('peel_csrf='.length));
}
