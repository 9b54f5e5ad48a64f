import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../test/load/server-process';
import { startEmbeddedPostgres } from './embedded-postgres';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function setOwner(dataDir: string, pid: number): void {
  const file = path.join(dataDir, 'embedded.json');
  const runtime = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...runtime, ownerPid: pid }));
}

describe('embedded PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-embedded-'));

  it('initialises once, keeps data across restarts, shares a live owner and recovers from a killed one', async () => {
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'peel' });
    expect(first.owned).toBe(true);
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');

    // Another live Peel process owns the running server: a second start (the CLI) joins it.
    const sleeper = spawn('sleep', ['30']);
    setOwner(dataDir, sleeper.pid!);
    const joined = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'peel',
    });
    expect(joined.owned).toBe(false);
    expect(joined.url).toBe(first.url);
    expect(await query(joined.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);

    // The owner was killed: its server is an orphan, stopped cleanly before a new one starts.
    sleeper.kill('SIGKILL');
    const dead = spawnSync('true').pid!;
    setOwner(dataDir, dead);
    const restarted = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'peel',
    });
    expect(restarted.owned).toBe(true);
    expect(await query(restarted.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
    await restarted.stop();
    await expect(query(restarted.url, 'SELECT 1')).rejects.toThrow();
  });
});
