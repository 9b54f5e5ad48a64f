import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../../test/app';

let app: NestExpressApplication;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

describe('health, readiness and the API contract', () => {
  it('answers health with the database and migration state', async () => {
    const response = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { reachable: true, embedded: false },
      migrations: { pending: [], current: true },
    });
    expect(response.body.migrations.applied).toBeGreaterThanOrEqual(1);
  });

  it('answers ready with 200 when migrations are current', async () => {
    await request(app.getHttpServer()).get('/api/ready').expect(200);
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain('/api/health');
  });

  it('answers an unknown route with a JSON 404 carrying a code', async () => {
    const response = await request(app.getHttpServer()).get('/api/no-such-route').expect(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(response.body.code).toBe('BAD_REQUEST');
  });

  it('answers an oversized body with 413', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/health')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
