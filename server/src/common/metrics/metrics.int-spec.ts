import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../app';
import { testDatabaseUrl } from '../../../test/db';
import { next, setup, submit } from '../../../test/queue-http';
import { PEEL_CONFIG, parseConfig, type PeelConfig } from '../config/config';
import { JsonLogger } from '../logging/json-logger';

/** Prometheus `/metrics`, the request id and the one JSON log line per request, on a real app. */
let app: NestExpressApplication;
let dataSource: DataSource;
const lines: string[] = [];

beforeAll(async () => {
  const url = await testDatabaseUrl();
  const config = {
    ...parseConfig({ DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'info' }),
    loginLimitPerIp: 1_000_000,
    loginLimitPerAccount: 1_000_000,
  };
  const logger = new JsonLogger('info', (line) => lines.push(line));
  app = await createApp(config, { url, embedded: false }, { logger });
  await app.init();
  dataSource = app.get(DataSource);
});

afterAll(async () => {
  await app.close();
});

/** The value of an unlabelled sample, or of the first sample whose labels contain `labels`. */
function sample(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && (!labels || l.includes(labels)),
    );
  if (!line) throw new Error(`no sample ${name} ${labels}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

function logged(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('GET /metrics', () => {
  it('serves the Prometheus text format with the default process metrics and the HTTP histogram', async () => {
    await request(app.getHttpServer()).get('/api/health').expect(200);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(
      sample(
        response.text,
        'http_request_duration_seconds_count',
        'method="GET",route="/api/health",status="200"',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts claims and judgments, reads live leases from the database, labels routes by template', async () => {
    const { raters, batchId } = await setup(app, dataSource, { pairs: 4, k: 1, raters: 1 });
    const [{ session }] = raters;
    const before = (await request(app.getHttpServer()).get('/metrics')).text;
    const claimed = await next(session, batchId).expect(200);
    await submit(session, claimed.body.current.assignmentId).expect(201);
    const after = (await request(app.getHttpServer()).get('/metrics')).text;
    expect(sample(after, 'peel_claims_total') - sample(before, 'peel_claims_total')).toBe(1);
    expect(sample(after, 'peel_judgments_total') - sample(before, 'peel_judgments_total')).toBe(1);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM assignment WHERE state = 'leased' AND expires_at > now()`,
    );
    expect(sample(after, 'peel_live_leases')).toBe(n);
    expect(after).toContain('route="/api/batches/:id/next",status="200"');
    expect(after).not.toContain(`route="/api/batches/${batchId}/next"`);
    expect(sample(after, 'peel_imports_running')).toBe(0);
    expect(after).toMatch(/^peel_jobs_in_progress\{kind="export"\} 0$/m);
  });

  it('needs the bearer token when PEEL_METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789';
    // The same app with the token configured (a second app in this process would share passport).
    const config = app.get<PeelConfig>(PEEL_CONFIG);
    config.metricsToken = token;
    try {
      const server = app.getHttpServer();
      const missing = await request(server).get('/metrics').expect(401);
      expect(missing.body.message).toMatch(/PEEL_METRICS_TOKEN/);
      await request(server).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
      await request(server).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      const ok = await request(server)
        .get('/metrics')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(ok.text).toContain('peel_live_leases');
    } finally {
      config.metricsToken = undefined;
    }
  });
});

describe('request ids and the request log', () => {
  it('echoes a plain X-Request-Id and logs one JSON line with route, status, duration and user', async () => {
    const { raters, batchId } = await setup(app, dataSource, { pairs: 2, k: 1, raters: 1 });
    const [{ session, id }] = raters;
    const response = await session
      .get(`/api/batches/${batchId}/progress`)
      .set('X-Request-Id', 'trace-42.a:b')
      .expect(200);
    expect(response.headers['x-request-id']).toBe('trace-42.a:b');
    const line = logged().find((entry) => entry.requestId === 'trace-42.a:b');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/api/batches/:id/progress',
      path: `/api/batches/${batchId}/progress`,
      status: 200,
      userId: id,
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.time).toBe('string');
  });

  it('generates an id when none or an unusable one is sent', async () => {
    const plain = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await request(app.getHttpServer())
      .get('/api/health')
      .set('X-Request-Id', 'has spaces and "quotes"')
      .expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const entry = logged().find((e) => e.requestId === odd.headers['x-request-id']);
    expect(entry).toMatchObject({ route: '/api/health', status: 200 });
    expect(entry).not.toHaveProperty('userId');
  });

  it('logs a refused request at warn level under its request id', async () => {
    const refused = await request(app.getHttpServer())
      .get('/api/batches/1/agreement')
      .set('X-Request-Id', 'no-session-1')
      .expect(401);
    expect(refused.headers['x-request-id']).toBe('no-session-1');
    const entry = logged().find((e) => e.requestId === 'no-session-1' && e.msg === 'request');
    expect(entry).toMatchObject({ level: 'warn', method: 'GET', status: 401 });
  });
});
