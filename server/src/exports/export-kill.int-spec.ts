import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../../test/db';
import { buildLargePairwiseBatch } from '../../test/export-fixture';
import { reapDeadExports } from './reap';

const REPO = path.resolve(__dirname, '../../..');
const ITEMS = 20_000;

let dataSource: DataSource;
let batchId: number;
let answers: number;
let root: string;

beforeAll(async () => {
  dataSource = await testDataSource();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-export-kill-'));
  ({ batchId, answers } = await buildLargePairwiseBatch(dataSource, ITEMS));
  await dataSource.query('ANALYZE');
});

afterAll(async () => {
  await dataSource.destroy();
});

/** The built CLI's export (npm test builds it first), as a child process on this database. */
async function exportProcess(out: string, ...flags: string[]) {
  const child = spawn(
    process.execPath,
    ['server/dist/src/cli/main.js', 'export', '--batch', String(batchId), ...flags, '--out', out],
    {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: await testDatabaseUrl() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

function tempFolders(out: string): string[] {
  return fs
    .readdirSync(path.dirname(out))
    .filter((name) => name.startsWith(`.${path.basename(out)}.tmp-`))
    .map((name) => path.join(path.dirname(out), name));
}

async function snapshotsOf(out: string): Promise<{ id: string; status: string }[]> {
  return dataSource.query(`SELECT id, status FROM export_snapshot WHERE out_dir = $1`, [out]);
}

describe('an export killed mid-way (SIGKILL of the CLI process)', () => {
  it('leaves no complete snapshot and no folder looking complete; a new export works', async () => {
    const out = path.join(root, 'snapshot');
    const run = await exportProcess(out);
    let done = false;
    void run.exited.then(() => (done = true));
    // mid-way: the long table has bytes in the temp folder, the process still runs
    for (;;) {
      if (done) throw new Error(`the export ended before it could be killed: ${run.stderr()}`);
      const [temp] = tempFolders(out);
      const file = temp && path.join(temp, 'judgments.jsonl');
      if (file && fs.existsSync(file) && fs.statSync(file).size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    run.child.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    const [killed, ...others] = await snapshotsOf(out);
    expect(others).toEqual([]);
    expect(killed.status).toBe('running');
    expect(fs.existsSync(out)).toBe(false);
    const temps = tempFolders(out);
    expect(temps).toHaveLength(1);
    expect(fs.existsSync(path.join(temps[0], 'manifest.json'))).toBe(false);

    // found dead (its pid is gone): interrupted, never complete, its leftovers removed
    expect(await reapDeadExports(dataSource)).toContain(killed.id);
    expect(await snapshotsOf(out)).toEqual([{ id: killed.id, status: 'interrupted' }]);
    expect(tempFolders(out)).toEqual([]);

    // (without Parquet, to keep the test short on a busy machine)
    const again = await exportProcess(out, '--no-parquet');
    expect(await again.exited).toBe(0);
    expect(again.stderr()).toBe('');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files['judgments.jsonl'].rows).toBe(answers);
    expect(manifest.files['judgments.csv'].rows).toBe(answers);
    const statuses = (await snapshotsOf(out)).map((row) => row.status).sort();
    expect(statuses).toEqual(['complete', 'interrupted']);
  }, 300_000);
});
