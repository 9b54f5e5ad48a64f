import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/common/db/data-source';
import { checkQueueInvariants, pairwiseBatch } from '../invariants/queue-invariants';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import {
  batchDone,
  errorLines,
  showOutputs,
  ownPostgres,
  type OwnPostgres,
  startLoad,
  until,
} from './fault-helpers';

/**
 * PostgreSQL restarted under load (fast shutdown: every session terminated, refused connections
 * while it is down): the server process keeps running and recovers by itself (503s meanwhile,
 * never a 500), the raters finish the batch, no acknowledged judgment is lost, the queue's
 * invariants hold. On a PostgreSQL of the suite's own, never the machine's.
 */
let pg: OwnPostgres;
let server: ServerProcess;
let dataSource: DataSource;

beforeAll(async () => {
  pg = await ownPostgres();
  server = await startServerProcess(pg.url, { PEEL_DB_POOL_SIZE: '10' });
  dataSource = createDataSource({ url: pg.url, poolSize: 3 });
  await dataSource.initialize();
});

afterAll(async () => {
  showOutputs(server ? [server] : []);
  await server?.stop().catch(() => undefined);
  await dataSource?.destroy().catch(() => undefined);
  await pg?.stop();
});

describe('PostgreSQL restarted under load', () => {
  it('the server recovers without a restart; every acknowledged judgment is stored; invariants hold', async () => {
    const fx = await pairwiseBatch(dataSource, 24, 12, 3, server.baseUrl);
    const load = await startLoad([server.baseUrl], fx, { deadline: Date.now() + 150_000 });
    await until(() => load.acks.length >= 20, '20 acknowledged judgments');
    const before = load.acks.length;
    await pg.restart(1500);
    await until(() => load.acks.length > before + 15, 'judgments acknowledged after the restart');
    await load.done;

    // A fresh pool: the test's own connections died with the restart too.
    await dataSource.destroy();
    dataSource = createDataSource({ url: pg.url, poolSize: 3 });
    await dataSource.initialize();
    expect(await batchDone(dataSource, fx.batchId)).toBe(true);
    expect(load.retries).toBeGreaterThan(0);
    expect(load.acks).toHaveLength(72);
    await checkQueueInvariants(dataSource, fx.batchId, 3, load.acks);
    expect(server.child.exitCode).toBeNull();
    expect(errorLines(server.output())).toEqual([]);
    const ready = await fetch(`${server.baseUrl}/api/ready`);
    expect(ready.status).toBe(200);
  });
});
