import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { withDatabaseName } from '../../src/cli/migration.command';
import { createDataSource } from '../../src/common/db/data-source';
import { testDataSource, testDatabaseUrl } from '../db';
import { checkQueueInvariants, pairwiseBatch } from '../invariants/queue-invariants';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { batchDone, errorLines, startLoad, until, showOutputs } from './fault-helpers';

/**
 * Two instances on one database: started together on an empty database (one migrates, the other
 * waits on the advisory lock), and a rolling restart under load (one instance stopped with
 * SIGTERM while its raters fail over to the other, then started again).
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
  await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
  await dataSource.destroy();
});

describe('two instances on one database', () => {
  it('both start at once on an empty database; the migrations run once', async () => {
    const name = `peel_faults_empty_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: process.env.PEEL_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabaseName(databaseUrl, name);
    const [a, b] = await Promise.all([startServerProcess(url), startServerProcess(url)]);
    servers.push(a, b);
    for (const server of [a, b]) {
      const ready = await fetch(`${server.baseUrl}/api/ready`);
      expect(ready.status).toBe(200);
    }
    const fresh = createDataSource({ url, poolSize: 1 });
    await fresh.initialize();
    try {
      const rows: { name: string; n: number }[] = await fresh.query(
        `SELECT name, count(*)::int AS n FROM migrations GROUP BY name`,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.n).toBe(1);
    } finally {
      await fresh.destroy();
    }
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a rolling restart under load: raters fail over, nothing acknowledged is lost, invariants hold', async () => {
    const a = await startServerProcess(databaseUrl);
    const b = await startServerProcess(databaseUrl);
    servers.push(a, b);
    const fx = await pairwiseBatch(dataSource, 24, 12, 3, a.baseUrl);
    const up = new Set([a.baseUrl, b.baseUrl]);
    let failovers = 0;
    const load = await startLoad([a.baseUrl, b.baseUrl], fx, {
      deadline: Date.now() + 150_000,
      onRetry: (client) => {
        const other = [...up].find((url) => url !== client.baseUrl);
        if (other && !up.has(client.baseUrl)) {
          client.baseUrl = other;
          failovers += 1;
        }
      },
    });
    await until(() => load.acks.length >= 20, '20 acknowledged judgments');
    up.delete(a.baseUrl);
    await a.stop();
    expect(a.child.exitCode).toBe(0);
    const during = load.acks.length;
    await until(() => load.acks.length >= during + 15, 'judgments on the remaining instance');
    const restarted = await startServerProcess(databaseUrl, {}, a.port);
    servers.push(restarted);
    up.add(a.baseUrl);
    await load.done;
    expect(failovers).toBeGreaterThan(0);
    expect(await batchDone(dataSource, fx.batchId)).toBe(true);
    expect(load.acks).toHaveLength(72);
    await checkQueueInvariants(dataSource, fx.batchId, 3, load.acks);
    for (const server of [a, b, restarted]) expect(errorLines(server.output())).toEqual([]);
  });
});
