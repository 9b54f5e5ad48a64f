import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../db';
import { TEST_PASSWORD } from '../factories';
import { pairwiseBatch } from '../invariants/queue-invariants';
import { type ApiAnswer, PAIRWISE_ANSWER, PeelClient } from '../load/rater-client';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { session, until, showOutputs } from './fault-helpers';

/**
 * SIGTERM on a real server process with requests in flight: it stops accepting connections at
 * once, lets the in-flight requests finish (they answer, and what they acknowledged is stored),
 * then exits 0; past PEEL_SHUTDOWN_TIMEOUT_MS it cuts what is left, and nothing cut is stored.
 * Requests are held in flight deterministically: the test holds the raters' queue locks.
 */
let dataSource: DataSource;
let databaseUrl: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dataSource = await testDataSource();
  databaseUrl = await testDatabaseUrl();
});

afterAll(async () => {
  showOutputs(servers);
  await Promise.all(servers.map((server) => server.kill().catch(() => undefined)));
  await dataSource.destroy();
});

/** The raters' advisory lock that every claim and submit takes (claim.repository.ts). */
const RATER_LOCK = 7233100;

async function waitingOnLocks(n: number): Promise<void> {
  await until(async () => {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'peel-server'
          AND wait_event_type = 'Lock'`,
    );
    return row.n >= n;
  }, `${n} server connections waiting on a lock`);
}

async function refusesConnections(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

async function claimed(server: ServerProcess, raters: number) {
  const fx = await pairwiseBatch(dataSource, raters * 2, raters, 1, server.baseUrl);
  const clients = await Promise.all(
    fx.raters.map((rater) => PeelClient.signIn(server.baseUrl, rater.email, TEST_PASSWORD)),
  );
  const tasks = [];
  for (const client of clients) {
    const next = await client.request('POST', `/api/batches/${fx.batchId}/next`);
    expect(next.status).toBe(200);
    tasks.push(next.body.current.assignmentId as number);
  }
  return { fx, clients, tasks };
}

function submit(client: PeelClient, assignmentId: number, submissionId: string) {
  return client.request('POST', `/api/assignments/${assignmentId}/judgment`, {
    submissionId,
    answers: PAIRWISE_ANSWER,
    dwellMs: 500,
  });
}

async function stored(submissionIds: string[]): Promise<number> {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS n FROM judgment WHERE submission_id = ANY($1::uuid[])`,
    [submissionIds],
  );
  return row.n;
}

describe('graceful shutdown', () => {
  it('finishes the requests in flight at SIGTERM and stores what they acknowledged', async () => {
    const server = await startServerProcess(databaseUrl, { PEEL_DB_LOCK_TIMEOUT_MS: '0' });
    servers.push(server);
    const { fx, clients, tasks } = await claimed(server, 3);
    const holder = await session(databaseUrl);
    try {
      await holder.query('BEGIN');
      for (const rater of fx.raters)
        await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [RATER_LOCK, rater.id]);
      const ids = clients.map(() => randomUUID());
      const inFlight = clients.map((client, i) => submit(client, tasks[i], ids[i]));
      await waitingOnLocks(3);

      const exited = server.stop();
      await until(() => refusesConnections(server.baseUrl), 'the listening socket to close');
      await holder.query('COMMIT');

      const answers: ApiAnswer[] = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      await exited;
      expect(server.child.exitCode).toBe(0);
      expect(await stored(ids)).toBe(3);
      const stopped = server
        .output()
        .split('\n')
        .find((line) => line.includes('"msg":"stopped"'));
      // The three submits (and possibly the test's own probe of the closing socket).
      const summary = JSON.parse(stopped ?? '{}');
      expect(summary.inFlight).toBeGreaterThanOrEqual(3);
      expect(summary.cut).toBe(0);
    } finally {
      await holder.end();
    }
  });

  it('cuts what is still running at PEEL_SHUTDOWN_TIMEOUT_MS, exits, and stores a cut submit at most once', async () => {
    const server = await startServerProcess(databaseUrl, {
      PEEL_DB_LOCK_TIMEOUT_MS: '0',
      PEEL_SHUTDOWN_TIMEOUT_MS: '500',
    });
    servers.push(server);
    const { fx, clients, tasks } = await claimed(server, 1);
    const holder = await session(databaseUrl);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [RATER_LOCK, fx.raters[0].id]);
      const id = randomUUID();
      const inFlight = submit(clients[0], tasks[0], id).then(
        (answer) => answer.status,
        () => 'no answer',
      );
      await waitingOnLocks(1);
      await server.stop();
      expect(server.child.exitCode).toBe(0);
      expect(await inFlight).toBe('no answer');
      await holder.query('COMMIT');
      // A submit is one statement (`queue_submit`): cut once PostgreSQL had it, it commits whole
      // or not at all, never twice (the submission id is unique), and the client's retry with the
      // same id gets that judgment back. Not acknowledged, so nothing acknowledged is lost.
      await until(async () => {
        const [row] = await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'peel-server'`,
        );
        return row.n === 0;
      }, 'the cut server connections to end');
      expect(await stored([id])).toBeLessThanOrEqual(1);
      const stopped = server
        .output()
        .split('\n')
        .find((line) => line.includes('"msg":"stopped"'));
      expect(JSON.parse(stopped ?? '{}')).toMatchObject({ inFlight: 1, cut: 1 });
    } finally {
      await holder.end();
    }
  });
});
