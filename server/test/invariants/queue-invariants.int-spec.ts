import { DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../db';
import { TEST_PASSWORD } from '../factories';
import { type Ack, PeelClient, rateUntilDone } from '../load/rater-client';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { checkQueueInvariants, type Fixture, pairwiseBatch } from './queue-invariants';

/**
 * The queue's promises, checked on real server processes over HTTP: strict k, never twice per
 * rater, every acknowledged submission stored exactly once, every item complete, with one and two
 * servers, across a SIGKILL, and with one rater claiming from two tabs at once.
 */
jest.setTimeout(180_000);

let dataSource: DataSource;
let databaseUrl: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dataSource = await testDataSource();
  databaseUrl = await testDatabaseUrl();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
  await dataSource.destroy();
});

async function server(port?: number): Promise<ServerProcess> {
  const started = await startServerProcess(databaseUrl, {}, port);
  servers.push(started);
  return started;
}

async function runRaters(baseUrls: string[], fx: Fixture, acks: Ack[]): Promise<void> {
  const clients = await Promise.all(
    fx.raters.map((rater, i) =>
      PeelClient.signIn(baseUrls[i % baseUrls.length], rater.email, TEST_PASSWORD),
    ),
  );
  await Promise.all(
    clients.map((client, i) => rateUntilDone(client, fx.batchId, fx.raters[i].id, acks)),
  );
}

describe('queue invariants under concurrency', () => {
  it('50 raters, k = 3, one server: strict k, never twice, every acknowledged judgment stored once', async () => {
    const one = await server();
    const fx = await pairwiseBatch(dataSource, 40, 50, 3, one.baseUrl);
    const acks: Ack[] = [];
    await runRaters([one.baseUrl], fx, acks);
    expect(acks).toHaveLength(120);
    await checkQueueInvariants(dataSource, fx.batchId, 3, acks);
  });

  it('the same with two server processes on one database', async () => {
    const [a, b] = [await server(), await server()];
    const fx = await pairwiseBatch(dataSource, 40, 50, 3, a.baseUrl);
    const acks: Ack[] = [];
    await runRaters([a.baseUrl, b.baseUrl], fx, acks);
    expect(acks).toHaveLength(120);
    await checkQueueInvariants(dataSource, fx.batchId, 3, acks);
  });

  it('survives a SIGKILL under load: every acknowledged judgment is there after the restart', async () => {
    const first = await server();
    const fx = await pairwiseBatch(dataSource, 30, 20, 3, first.baseUrl);
    const acks: Ack[] = [];
    const clients = await Promise.all(
      fx.raters.map((r) => PeelClient.signIn(first.baseUrl, r.email, TEST_PASSWORD)),
    );
    const load = Promise.allSettled(
      clients.map((c, i) => rateUntilDone(c, fx.batchId, fx.raters[i].id, acks)),
    );
    while (acks.length < 25) await new Promise((resolve) => setImmediate(resolve));
    await first.kill();
    await load;
    const before = acks.length;
    const restarted = await server(first.port);
    await Promise.all(clients.map((c, i) => rateUntilDone(c, fx.batchId, fx.raters[i].id, acks)));
    expect(acks.length).toBeGreaterThan(before);
    expect(restarted.output()).not.toMatch(/"level":"(error|fatal)"/);
    await checkQueueInvariants(dataSource, fx.batchId, 3, acks);
  });

  it('one rater claiming from two tabs at the same moment: no deadlock, no item leased twice', async () => {
    const one = servers[0] ?? (await server());
    const fx = await pairwiseBatch(dataSource, 10, 3, 1, one.baseUrl);
    const tab = await PeelClient.signIn(one.baseUrl, fx.raters[0].email, TEST_PASSWORD);
    const other = Object.assign(Object.create(Object.getPrototypeOf(tab)), tab) as PeelClient;
    for (let round = 0; round < 5; round += 1) {
      const [x, y] = await Promise.all([
        tab.request('POST', `/api/batches/${fx.batchId}/next`),
        other.request('POST', `/api/batches/${fx.batchId}/next`),
      ]);
      expect([x.status, y.status]).toEqual([200, 200]);
      expect(y.body.current.assignmentId).toBe(x.body.current.assignmentId);
      expect(y.body.next?.assignmentId).toBe(x.body.next?.assignmentId);
      await tab.request('POST', `/api/assignments/${x.body.current.assignmentId}/judgment`, {
        submissionId: crypto.randomUUID(),
        answers: {
          overall: 'A',
          criteria: {
            instruction_compliance: 'A',
            seamlessness: 'A',
            preservation: 'A',
            technical_quality: 'A',
          },
        },
        dwellMs: 10,
      });
    }
    const [leases] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT batch_item_id)::int AS items FROM assignment WHERE batch_id = $1 AND rater_id = $2`,
      [fx.batchId, fx.raters[0].id],
    );
    expect(leases.n).toBe(leases.items);
  });
});
