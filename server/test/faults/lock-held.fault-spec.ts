import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../db';
import { TEST_PASSWORD } from '../factories';
import { pairwiseBatch } from '../invariants/queue-invariants';
import { type ApiAnswer, PAIRWISE_ANSWER, PeelClient } from '../load/rater-client';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { session, showOutputs } from './fault-helpers';

/**
 * Another session holds for long a lock the queue needs. Requests that need it end with a clean
 * 503 + Retry-After once the connection's lock_timeout (PEEL_DB_LOCK_TIMEOUT_MS) passes, they do
 * not hang; requests that do not need it are served; once the lock is gone everything works and
 * the refused requests left nothing behind.
 */
let dataSource: DataSource;
let databaseUrl: string;
let server: ServerProcess;

beforeAll(async () => {
  dataSource = await testDataSource();
  databaseUrl = await testDatabaseUrl();
  server = await startServerProcess(databaseUrl, { PEEL_DB_LOCK_TIMEOUT_MS: '1000' });
});

afterAll(async () => {
  showOutputs(server ? [server] : []);
  await server?.stop().catch(() => undefined);
  await dataSource.destroy();
});

const RATER_LOCK = 7233100;

async function signedIn(raters: number) {
  const fx = await pairwiseBatch(dataSource, 6, raters, 1, server.baseUrl);
  const clients = await Promise.all(
    fx.raters.map(async (rater) => {
      const client = await PeelClient.signIn(server.baseUrl, rater.email, TEST_PASSWORD);
      // Far above the lock timeout: a request that hangs fails here instead of passing.
      client.timeoutMs = 30_000;
      return client;
    }),
  );
  return { fx, clients };
}

function expectRetryable503(answer: ApiAnswer) {
  expect(answer.status).toBe(503);
  expect(answer.headers?.get('retry-after')).toBe('1');
  expect(answer.body.code).toBe('SERVICE_UNAVAILABLE');
  expect(answer.body.message).toMatch(/55P03|busy/);
}

describe('a lock held for long by another session', () => {
  it("a rater's queue lock: that rater's claim and submit answer 503 + Retry-After; other raters are served", async () => {
    const { fx, clients } = await signedIn(2);
    const [mine, other] = clients;
    const first = await mine.request('POST', `/api/batches/${fx.batchId}/next`);
    expect(first.status).toBe(200);
    const holder = await session(databaseUrl);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [RATER_LOCK, fx.raters[0].id]);

      const claim = await mine.request('POST', `/api/batches/${fx.batchId}/next`);
      expectRetryable503(claim);

      const submitted = await mine.request(
        'POST',
        `/api/assignments/${first.body.current.assignmentId}/judgment`,
        { submissionId: crypto.randomUUID(), answers: PAIRWISE_ANSWER, dwellMs: 10 },
      );
      expectRetryable503(submitted);

      const served = await other.request('POST', `/api/batches/${fx.batchId}/next`);
      expect(served.status).toBe(200);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM judgment WHERE batch_id = $1`,
      [fx.batchId],
    );
    expect(n).toBe(0);
    const again = await mine.request('POST', `/api/batches/${fx.batchId}/next`);
    expect(again.status).toBe(200);
    expect(again.body.current.assignmentId).toBe(first.body.current.assignmentId);
    const ok = await mine.request(
      'POST',
      `/api/assignments/${again.body.current.assignmentId}/judgment`,
      { submissionId: crypto.randomUUID(), answers: PAIRWISE_ANSWER, dwellMs: 10 },
    );
    expect(ok.status).toBe(201);
  });

  it('a table lock on the leases (maintenance): every claim answers 503, health still answers, then all recovers', async () => {
    const { fx, clients } = await signedIn(3);
    const holder = await session(databaseUrl);
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE assignment IN ACCESS EXCLUSIVE MODE');
      const answers = await Promise.all(
        clients.map((client) => client.request('POST', `/api/batches/${fx.batchId}/next`)),
      );
      for (const answer of answers) expectRetryable503(answer);
      const health = await fetch(`${server.baseUrl}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM assignment WHERE batch_id = $1`,
      [fx.batchId],
    );
    expect(n).toBe(0);
    for (const client of clients) {
      const answer = await client.request('POST', `/api/batches/${fx.batchId}/next`);
      expect(answer.status).toBe(200);
    }
    expect(server.output()).not.toMatch(/"level":"(error|fatal)"/);
  });
});
