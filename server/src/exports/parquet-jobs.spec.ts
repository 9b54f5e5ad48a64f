import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readParquet } from '../../test/parquet-read';
import { ParquetJobs } from './parquet-jobs';

/** A JSONL twin's job waits for the work it was held after, and never starts once stopped. */
describe('ParquetJobs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-parquet-jobs-'));
    fs.writeFileSync(
      path.join(dir, 'dpo.jsonl'),
      `${JSON.stringify({ prompt: 'p', chosen: 'a', rejected: 'b', margin: 0.5 })}\n`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('encodes a table once the work it is held after settles, failed or not', async () => {
    const jobs = new ParquetJobs(dir, new Map());
    let release!: (error: Error) => void;
    jobs.start('dpo.jsonl', 1); // held even when started before after() is called
    jobs.after(new Promise<void>((_, reject) => (release = reject)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(path.join(dir, 'dpo.parquet'))).toBe(false);
    release(new Error('the long table failed'));
    expect((await jobs.results())['dpo.parquet']).toMatchObject({ rows: 1 });
    expect(readParquet([path.join(dir, 'dpo.parquet')])[0]).toEqual([
      expect.objectContaining({ prompt: 'p', chosen: 'a', rejected: 'b', margin: 0.5 }),
    ]);
  });

  it('starts nothing once stopped (a failed export), and says so', async () => {
    const jobs = new ParquetJobs(dir, new Map());
    let release!: () => void;
    jobs.after(new Promise<void>((resolve) => (release = resolve)));
    jobs.start('dpo.jsonl', 1);
    const settled = jobs.settle();
    release();
    await settled;
    await expect(jobs.results()).rejects.toThrow('Parquet dpo.parquet: the export stopped');
    expect(fs.existsSync(path.join(dir, 'dpo.parquet'))).toBe(false);
  });
});
