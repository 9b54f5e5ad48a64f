import { once } from 'node:events';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { createTestApp } from '../../test/app';
import { freshDatabaseUrl } from '../../test/db';
import { GracefulShutdown } from '../common/http/graceful-shutdown';

/**
 * `GET /api/ready` answers 503 with the reason whenever this instance should leave the proxy's
 * rotation: migrations pending, the database out of reach, draining for shutdown. Each case runs
 * on a database (or an app) of its own, which the test breaks.
 */
const apps: NestExpressApplication[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
});

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function onAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: process.env.PEEL_TEST_ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('GET /api/ready', () => {
  it('answers 503 naming the migration a database lacks; health stays 200 and says so too', async () => {
    const url = await freshDatabaseUrl();
    const client = new Client({ connectionString: url });
    await client.connect();
    const [last] = (
      await client.query<{ name: string }>(
        `DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING name`,
      )
    ).rows;
    await client.end();
    const app = await createTestApp({}, { databaseUrl: url });
    apps.push(app);

    const ready = await request(app.getHttpServer()).get('/api/ready').expect(503);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      reason: `migrations pending: ${last.name}`,
      database: { reachable: true },
      migrations: { pending: [last.name], current: false },
    });
    const health = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', migrations: { current: false } });
  });

  it('answers 503 while the database refuses connections, and 200 again once it is back', async () => {
    const url = await freshDatabaseUrl();
    const name = databaseName(url);
    const app = await createTestApp({}, { databaseUrl: url });
    apps.push(app);
    const ready = () => request(app.getHttpServer()).get('/api/ready');
    const fine = await ready().expect(200);
    expect(fine.body).toMatchObject({ status: 'ok', database: { reachable: true } });
    expect(fine.body).not.toHaveProperty('reason');

    // The app's sessions are terminated and no new one may start: the database is out of reach.
    await onAdmin(async (admin) => {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
        [name],
      );
    });
    const away = await ready().expect(503);
    expect(away.body).toMatchObject({
      status: 'degraded',
      database: { reachable: false, error: expect.any(String) },
      migrations: null,
    });
    expect(away.body.reason).toMatch(
      /^database unreachable: .*not currently accepting connections/,
    );

    await onAdmin((admin) => admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    await ready().expect(200);

    // Dropped for good (its sessions ended with it): 503 again, not a crash or a hang.
    await onAdmin((admin) => admin.query(`DROP DATABASE ${name} WITH (FORCE)`));
    const dropped = await ready().expect(503);
    expect(dropped.body.reason).toMatch(/^database unreachable: .*does not exist/);
  });

  it('answers 503 with the reason while the server drains for shutdown', async () => {
    const shutdown = new GracefulShutdown();
    const app = await createTestApp({}, { shutdown });
    apps.push(app);
    const server = app.getHttpServer();
    await app.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    const accepted = new Map<number, Socket>();
    server.on('connection', (socket: Socket) => accepted.set(socket.remotePort!, socket));
    const open = async () => {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      return socket;
    };
    const answer = (socket: Socket) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      return once(socket, 'close').then(() => text);
    };
    // A request in flight (its body still coming) keeps the drain waiting; a second connection has
    // begun its readiness probe (headers started, so it is not idle) when the drain starts.
    const inFlight = await open();
    inFlight.write(
      'POST /api/health HTTP/1.1\r\nHost: peel\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{',
    );
    await until(() => shutdown.inFlight === 1, 'the first request to be in flight');
    const probe = await open();
    const probeAnswer = answer(probe);
    probe.write('GET /api/ready HTTP/1.1\r\nHost: peel\r\n');
    await until(
      () => (accepted.get(probe.localPort!)?.bytesRead ?? 0) > 0,
      "the server to read the probe's first bytes",
    );

    const drained = shutdown.drain(server, 30_000);
    expect(shutdown.isDraining).toBe(true);
    probe.write('\r\n');
    const text = await probeAnswer;
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The server is shutting down; retry',
    });

    inFlight.destroy();
    expect(await drained).toEqual({ inFlight: 1, cut: 0 });
  });
});
