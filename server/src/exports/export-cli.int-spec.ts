import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../../test/db';
import { buildExportScenario, readJsonl } from '../../test/export-fixture';
import { readParquet } from '../../test/parquet-read';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from './export-options';
import { PARQUET_TABLES, parquetRow } from './parquet';
import { runExport } from './run-export';

let dataSource: DataSource;
let batchIds: number[];
let root: string;

beforeAll(async () => {
  dataSource = await testDataSource();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-export-'));
  ({ batchIds } = await buildExportScenario(dataSource, await testDatabaseUrl()));
});

afterAll(async () => {
  await dataSource.destroy();
});

function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
  return { ...DEFAULT_EXPORT_OPTIONS, batchIds, ...overrides };
}

describe('a failed export', () => {
  it('leaves no folder, no temp folder and a snapshot marked failed, never complete', async () => {
    const out = path.join(root, 'killed');
    let snapshotId: string | undefined;
    await expect(
      runExport(dataSource, options(), out, {
        onFile: async () => {
          const [row] = await dataSource.query(
            `SELECT id, status FROM export_snapshot WHERE out_dir = $1`,
            [out],
          );
          snapshotId = row.id;
          expect(row.status).toBe('running');
          throw new Error('killed while writing');
        },
      }),
    ).rejects.toThrow('killed while writing');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const [row] = await dataSource.query(
      `SELECT status, error FROM export_snapshot WHERE id = $1`,
      [snapshotId],
    );
    expect(row).toEqual({ status: 'failed', error: 'killed while writing' });
  });
});

const REPO = path.resolve(__dirname, '../../..');

/** The built CLI (npm test builds it first), on this worker's database. */
async function cli(args: string[]) {
  return spawnSync(process.execPath, ['server/dist/src/cli/main.js', ...args], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: await testDatabaseUrl() },
    encoding: 'utf8',
  });
}

describe('the export command (built CLI)', () => {
  it('writes Parquet twins that read back equal to the JSONL, listed in the manifest', async () => {
    const out = path.join(root, 'cli');
    const run = await cli([
      'export',
      ...batchIds.flatMap((id) => ['--batch', String(id)]),
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const tables = readParquet(PARQUET_TABLES.map((table) => path.join(out, table.parquet)));
    PARQUET_TABLES.forEach((table, index) => {
      const expected = readJsonl(out, table.jsonl).map((record) => parquetRow(record, table));
      expect(tables[index]).toEqual(expected);
      expect(manifest.files[table.parquet].rows).toBe(expected.length);
    });
    expect(tables[0].length).toBe(2);
    expect(tables[4].length).toBe(126);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const full = path.join(root, 'cli');
    const again = await cli(['export', '--batch', String(batchIds[0]), '--out', full]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
    const unknown = await cli(['export', '--batch', '2000000000', '--out', path.join(root, 'x')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown batch 2000000000/);
    const range = await cli(['export', '--min-raters', '0', '--out', path.join(root, 'x')]);
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/--min-raters/);
    expect(fs.existsSync(path.join(root, 'x'))).toBe(false);
  });
});
