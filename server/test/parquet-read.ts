import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

/** Reads Parquet files back with hyparquet (an ES module: in a plain node process, not jest's vm). */
export function readParquet(files: string[]): Record<string, unknown>[][] {
  const script = `
    const fs = require('node:fs');
    import('hyparquet').then(async ({ parquetReadObjects }) => {
      const out = [];
      for (const file of process.argv.slice(1)) {
        const buf = fs.readFileSync(file);
        const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
        out.push(await parquetReadObjects({ file: ab }));
      }
      process.stdout.write(JSON.stringify(out));
    });`;
  const run = spawnSync(process.execPath, ['-e', script, ...files], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

/** The rows in each row group of a Parquet file (its footer, read with hyparquet). */
export function parquetRowGroups(file: string): number[] {
  const script = `
    const fs = require('node:fs');
    import('hyparquet').then(({ parquetMetadata }) => {
      const buf = fs.readFileSync(process.argv[1]);
      const meta = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
      process.stdout.write(JSON.stringify(meta.row_groups.map((group) => Number(group.num_rows))));
    });`;
  const run = spawnSync(process.execPath, ['-e', script, file], { cwd: REPO, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}
