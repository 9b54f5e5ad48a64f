import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { withDatabaseName } from '../../src/cli/migration.command';
import { testDataSource, testDatabaseUrl } from '../db';
import { pairwiseBatch } from '../invariants/queue-invariants';
import { startServerProcess, type ServerProcess } from '../load/server-process';
import { batchDone, startLoad, showOutputs } from './fault-helpers';

const run = promisify(execFile);

/**
 * Backup and restore as the README describes it: `pg_dump` of a running instance's database
 * (custom format), `pg_restore` into a fresh, empty database, and the same export from both is
 * byte-identical; a server started on the restored database is ready at once.
 */
let dataSource: DataSource;
let databaseUrl: string;
const servers: ServerProcess[] = [];
const REPO = path.resolve(__dirname, '../../..');

beforeAll(async () => {
  dataSource = await testDataSource();
  databaseUrl = await testDatabaseUrl();
});

afterAll(async () => {
  showOutputs(servers);
  await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
  await dataSource.destroy();
});

/**
 * The client tool matching the server's major version: the distribution's per-version folder
 * first (Debian's /usr/lib/postgresql/<major>/bin), else the one on PATH, checked.
 */
async function pgTool(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  const [{ server_version_num: version }] = await dataSource.query('SHOW server_version_num');
  const major = Math.floor(Number(version) / 10000);
  const candidates = [`/usr/lib/postgresql/${major}/bin/${name}`, name];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version']);
      const found = /(\d+)\.\d+/.exec(stdout);
      if (found && Number(found[1]) === major) return candidate;
    } catch {
      // not there
    }
  }
  throw new Error(`no ${name} of PostgreSQL ${major} (the server's version) on this machine`);
}

/** `npm run peel -- export` (the built CLI) on a database. */
async function exportTo(url: string, batchId: number, out: string): Promise<void> {
  await run(
    process.execPath,
    ['server/dist/src/cli/main.js', 'export', '--batch', String(batchId), '--out', out],
    {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: url, PEEL_DATA_DIR: path.join(out, '..', 'data') },
    },
  );
}

describe('backup and restore', () => {
  it('pg_dump of a running instance, pg_restore into a fresh database: a byte-identical export', async () => {
    const server = await startServerProcess(databaseUrl);
    servers.push(server);
    const fx = await pairwiseBatch(dataSource, 12, 4, 2, server.baseUrl);
    const load = await startLoad([server.baseUrl], fx, { deadline: Date.now() + 120_000 });
    await load.done;
    expect(await batchDone(dataSource, fx.batchId)).toBe(true);

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-backup-'));
    const dump = path.join(root, 'peel.dump');
    // The server keeps running (and answering) while the dump is taken.
    const dumping = run(await pgTool('pg_dump'), [
      '--format=custom',
      `--file=${dump}`,
      `--dbname=${databaseUrl}`,
    ]);
    const during = await fetch(`${server.baseUrl}/api/ready`);
    expect(during.status).toBe(200);
    await dumping;

    const restoredName = `peel_restored_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: process.env.PEEL_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${restoredName}`);
    } finally {
      await admin.end();
    }
    const restoredUrl = withDatabaseName(databaseUrl, restoredName);
    await run(await pgTool('pg_restore'), [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      `--dbname=${restoredUrl}`,
      dump,
    ]);

    await exportTo(databaseUrl, fx.batchId, path.join(root, 'original'));
    await exportTo(restoredUrl, fx.batchId, path.join(root, 'restored'));
    const files = fs
      .readdirSync(path.join(root, 'original'))
      .filter((name) => name !== 'manifest.json')
      .sort();
    expect(files).toEqual(
      expect.arrayContaining(['preference.jsonl', 'judgments.jsonl', 'judgments.csv']),
    );
    expect(
      fs
        .readdirSync(path.join(root, 'restored'))
        .filter((name) => name !== 'manifest.json')
        .sort(),
    ).toEqual(files);
    for (const name of files) {
      const original = fs.readFileSync(path.join(root, 'original', name));
      const restored = fs.readFileSync(path.join(root, 'restored', name));
      expect({ name, same: original.equals(restored) }).toEqual({ name, same: true });
    }
    const judgments = fs.readFileSync(path.join(root, 'original', 'judgments.jsonl'), 'utf8');
    // The long table: one line per answer; every acknowledged judgment is in it.
    const exported = new Set(
      judgments
        .trim()
        .split('\n')
        .map((line) => Number(JSON.parse(line).judgment_id)),
    );
    expect([...exported].sort((a, b) => a - b)).toEqual(
      load.acks.map((ack) => Number(ack.judgmentId)).sort((a, b) => a - b),
    );

    // The restored database serves: migrations current, sessions and accounts carried over.
    const restoredServer = await startServerProcess(restoredUrl);
    servers.push(restoredServer);
    const ready = await fetch(`${restoredServer.baseUrl}/api/ready`);
    expect(ready.status).toBe(200);
  });
});
