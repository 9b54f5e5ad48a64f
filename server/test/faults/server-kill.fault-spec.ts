import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../db';
import { checkQueueInvariants, pairwiseBatch } from '../invariants/queue-invariants';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { batchDone, errorLines, startLoad, until, showOutputs } from './fault-helpers';

/**
 * The server killed with SIGKILL under load (no shutdown at all) and started again on the same
 * port while the raters keep retrying: they finish the batch, every acknowledged judgment is
 * stored once, and the queue's invariants hold (requests cut mid-transaction left nothing).
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

describe('SIGKILL under load', () => {
  it('killed twice and restarted: the batch completes, nothing acknowledged is lost, invariants hold', async () => {
    const first = await startServerProcess(databaseUrl);
    servers.push(first);
    const fx = await pairwiseBatch(dataSource, 24, 12, 3, first.baseUrl);
    const load = await startLoad([first.baseUrl], fx, { deadline: Date.now() + 150_000 });
    let current = first;
    for (const threshold of [15, 45]) {
      await until(() => load.acks.length >= threshold, `${threshold} acknowledged judgments`);
      await current.kill();
      await new Promise((resolve) => setTimeout(resolve, 300));
      current = await startServerProcess(databaseUrl, {}, first.port);
      servers.push(current);
    }
    await load.done;
    expect(await batchDone(dataSource, fx.batchId)).toBe(true);
    expect(load.retries).toBeGreaterThan(0);
    expect(load.acks).toHaveLength(72);
    await checkQueueInvariants(dataSource, fx.batchId, 3, load.acks);
    expect(errorLines(current.output())).toEqual([]);
  });
});
