import { DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../db';
import { buildUser, TEST_PASSWORD } from '../factories';
import { type Ack, PeelClient, rateUntilDone } from '../load/rater-client';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { buildPreferenceData } from '../queue-factories';

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

interface Fixture {
  batchId: number;
  raters: { email: string; id: number }[];
}

async function fixture(
  items: number,
  raters: number,
  k: number,
  baseUrl: string,
): Promise<Fixture> {
  const { importId } = await buildPreferenceData(dataSource, items);
  const admin = await buildUser(dataSource, { role: 'admin' });
  const users = [];
  for (let i = 0; i < raters; i += 1) {
    const { email, user } = await buildUser(dataSource);
    users.push({ email, id: user.id });
  }
  const client = await PeelClient.signIn(baseUrl, admin.email, TEST_PASSWORD);
  const created = await client.request('POST', '/api/batches', {
    name: `invariants ${importId}`,
    taskType: 'pairwise',
    filters: { importIds: [Number(importId)] },
    overlap: { k },
    leaseSeconds: 30,
    raterIds: users.map((u) => u.id),
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  await client.request('POST', `/api/batches/${created.body.id}/activate`);
  return { batchId: created.body.id, raters: users };
}

async function checkInvariants(batchId: number, k: number, acks: Ack[]): Promise<void> {
  const [over] = await dataSource.query(
    `SELECT count(*)::int AS n FROM (SELECT batch_item_id FROM judgment WHERE batch_id = $1
       GROUP BY batch_item_id HAVING count(*) > $2) x`,
    [batchId, k],
  );
  expect(over.n).toBe(0);
  const [twice] = await dataSource.query(
    `SELECT count(*)::int AS n FROM (SELECT batch_item_id, rater_id FROM judgment WHERE batch_id = $1
       GROUP BY 1, 2 HAVING count(*) > 1) x`,
    [batchId],
  );
  expect(twice.n).toBe(0);
  const stored: { submission_id: string; id: string }[] = await dataSource.query(
    `SELECT submission_id, id FROM judgment WHERE batch_id = $1`,
    [batchId],
  );
  const bySubmission = new Map(stored.map((row) => [row.submission_id, Number(row.id)]));
  for (const ack of acks) expect(bySubmission.get(ack.submissionId)).toBe(ack.judgmentId);
  expect(new Set(acks.map((ack) => ack.submissionId)).size).toBe(acks.length);
  const [items] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE NOT complete)::int AS open, count(*) FILTER (WHERE submitted <> $2)::int AS off,
            sum(submitted)::int AS judgments
       FROM batch_item WHERE batch_id = $1`,
    [batchId, k],
  );
  expect(items).toEqual({ open: 0, off: 0, judgments: stored.length });
  const [batch] = await dataSource.query(
    `SELECT t.items_complete, b.item_count, t.judgment_count
       FROM batch b JOIN batch_totals t ON t.batch_id = b.id WHERE b.id = $1`,
    [batchId],
  );
  expect(batch.items_complete).toBe(batch.item_count);
  expect(batch.judgment_count).toBe(stored.length);
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
    const fx = await fixture(40, 50, 3, one.baseUrl);
    const acks: Ack[] = [];
    await runRaters([one.baseUrl], fx, acks);
    expect(acks).toHaveLength(120);
    await checkInvariants(fx.batchId, 3, acks);
  });

  it('the same with two server processes on one database', async () => {
    const [a, b] = [await server(), await server()];
    const fx = await fixture(40, 50, 3, a.baseUrl);
    const acks: Ack[] = [];
    await runRaters([a.baseUrl, b.baseUrl], fx, acks);
    expect(acks).toHaveLength(120);
    await checkInvariants(fx.batchId, 3, acks);
  });

  it('survives a SIGKILL under load: every acknowledged judgment is there after the restart', async () => {
    const first = await server();
    const fx = await fixture(30, 20, 3, first.baseUrl);
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
    await checkInvariants(fx.batchId, 3, acks);
  });

  it('one rater claiming from two tabs at the same moment: no deadlock, no item leased twice', async () => {
    const one = servers[0] ?? (await server());
    const fx = await fixture(10, 3, 1, one.baseUrl);
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
