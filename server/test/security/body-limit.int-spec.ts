import { gzipSync } from 'node:zlib';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LIMITS } from '@peel/shared';
import { createTestApp } from '../app';
import {
  buildWorld,
  changedTables,
  isWrite,
  pathOf,
  registeredRoutes,
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

afterAll(async () => {
  await app.close();
});

/** A JSON object of exactly `bytes` bytes. */
function jsonOfSize(bytes: number): string {
  const frame = '{"pad":""}';
  return `{"pad":"${'x'.repeat(bytes - frame.length)}"}`;
}

describe(`request bodies above ${LIMITS.jsonBodyMaxBytes} bytes`, () => {
  it('lists every write route', () => {
    expect(Object.keys(WRITE_ROUTES).sort()).toEqual(registeredRoutes(app).filter(isWrite));
  });

  it.each(Object.entries(WRITE_ROUTES))(
    '%s answers 413 PAYLOAD_TOO_LARGE and stores nothing',
    async (route, spec) => {
      const session = await sessionOf(app, world, spec.as);
      const before = await snapshotTables(dataSource);
      const response = await send(session, route, pathOf(route, world), {
        body: jsonOfSize(LIMITS.jsonBodyMaxBytes + 1),
      });
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${LIMITS.jsonBodyMaxBytes} bytes`,
      });
      expect(changedTables(before, await snapshotTables(dataSource))).toEqual([]);
    },
  );

  it('reads a body of exactly the limit (refused by validation, not by size)', async () => {
    const { agent, csrf } = await sessionOf(app, world, 'anonymous');
    const response = await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .set('Content-Type', 'application/json')
      .send(jsonOfSize(LIMITS.jsonBodyMaxBytes));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('counts the bytes as they arrive: a chunked body and a lying Content-Length', async () => {
    const session = await sessionOf(app, world, 'admin');
    const chunked = await new Promise<number>((resolve, reject) => {
      const test = session.agent
        .post('/api/users')
        .set('X-CSRF-Token', session.csrf)
        .set('Content-Type', 'application/json')
        .set('Transfer-Encoding', 'chunked');
      test.write(jsonOfSize(LIMITS.jsonBodyMaxBytes + 100));
      test.end((error, response) => (error ? reject(error) : resolve(response.status)));
    });
    expect(chunked).toBe(413);
    const lying = await session.agent
      .post('/api/users')
      .set('X-CSRF-Token', session.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Length', String(LIMITS.jsonBodyMaxBytes + 1))
      .send(jsonOfSize(LIMITS.jsonBodyMaxBytes + 1));
    expect(lying.status).toBe(413);
  });

  it('limits the inflated size of a compressed body (no zip bomb)', async () => {
    const session = await sessionOf(app, world, 'admin');
    const bomb = gzipSync(jsonOfSize(20 * LIMITS.jsonBodyMaxBytes));
    expect(bomb.length).toBeLessThan(LIMITS.jsonBodyMaxBytes);
    const response = await session.agent
      .post('/api/users')
      .set('X-CSRF-Token', session.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((raw: unknown) => raw as string)
      .send(bomb);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    // A broken gzip stream is the client's fault too.
    const broken = await session.agent
      .post('/api/users')
      .set('X-CSRF-Token', session.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"not":"gzip"}');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('BAD_REQUEST');
    const unknown = await session.agent
      .post('/api/users')
      .set('X-CSRF-Token', session.csrf)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an oversized url-encoded form the same way', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/auth/login')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`pad=${'x'.repeat(LIMITS.formBodyMaxBytes + 1)}`);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
