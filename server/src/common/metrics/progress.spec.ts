import { type DataSource } from 'typeorm';
import { Metrics } from './metrics';
import {
  addExportBytes,
  beginJob,
  exportBytesWritten,
  finishedJobs,
  runningJobs,
} from './progress';

/** The process-wide job registry is shared by every test here: each asserts on differences. */
describe('job progress (progress.ts)', () => {
  it('lists a job as running from begin to end, by kind', () => {
    const importsBefore = runningJobs('import').length;
    const exportsBefore = runningJobs('export').length;
    const job = beginJob('import');
    expect(job).toMatchObject({ kind: 'import', units: 0, bytes: 0 });
    expect(runningJobs('import')).toContain(job);
    expect(runningJobs('import')).toHaveLength(importsBefore + 1);
    expect(runningJobs('export')).toHaveLength(exportsBefore);
    job.end();
    expect(runningJobs('import')).not.toContain(job);
    expect(runningJobs('import')).toHaveLength(importsBefore);
  });

  it('counts a finished job once, however often it is ended', () => {
    const before = finishedJobs('export');
    const importsBefore = finishedJobs('import');
    const job = beginJob('export');
    expect(finishedJobs('export')).toBe(before);
    job.end();
    job.end();
    expect(finishedJobs('export')).toBe(before + 1);
    expect(finishedJobs('import')).toBe(importsBefore);
  });

  it('adds up the bytes export files write', () => {
    const before = exportBytesWritten();
    addExportBytes(1000);
    addExportBytes(24);
    expect(exportBytesWritten()).toBe(before + 1024);
  });
});

/** The value of an unlabelled sample, or of the sample with exactly these labels. */
function sample(text: string, name: string, labels = ''): number {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no sample ${prefix}`);
  return Number(line.slice(prefix.length));
}

describe('job progress in the Prometheus rendering', () => {
  // The gauges read from the database are left out when it fails; these need none.
  const unreachable = {
    query: () => Promise.reject(new Error('no database in unit tests')),
  } as unknown as DataSource;

  it('shows running jobs, lines read, the byte ratio of sized imports and the finished counts', async () => {
    const metrics = new Metrics(unreachable);
    const idle = (await metrics.render()).body;
    expect(sample(idle, 'peel_import_lines_read')).toBe(0);
    expect(sample(idle, 'peel_import_progress_ratio')).toBe(0);

    const sized = beginJob('import');
    sized.units = 300;
    sized.bytes = 250;
    sized.totalBytes = 1000;
    // An upload without a Content-Length: its lines count, its bytes do not enter the ratio.
    const unsized = beginJob('import');
    unsized.units = 20;
    unsized.bytes = 5000;
    const exporting = beginJob('export');
    addExportBytes(4096);
    const running = (await metrics.render()).body;
    expect(sample(running, 'peel_jobs_in_progress', 'kind="import"')).toBe(2);
    expect(sample(running, 'peel_jobs_in_progress', 'kind="export"')).toBe(1);
    expect(sample(running, 'peel_import_lines_read')).toBe(320);
    expect(sample(running, 'peel_import_progress_ratio')).toBe(0.25);
    expect(sample(running, 'peel_export_bytes_written')).toBe(exportBytesWritten());
    expect(sample(running, 'peel_export_bytes_written')).toBeGreaterThanOrEqual(4096);

    const finishedImports = sample(running, 'peel_jobs_finished', 'kind="import"');
    const finishedExports = sample(running, 'peel_jobs_finished', 'kind="export"');
    for (const job of [sized, unsized, exporting]) job.end();
    const after = (await metrics.render()).body;
    expect(sample(after, 'peel_jobs_in_progress', 'kind="import"')).toBe(0);
    expect(sample(after, 'peel_jobs_in_progress', 'kind="export"')).toBe(0);
    expect(sample(after, 'peel_import_lines_read')).toBe(0);
    expect(sample(after, 'peel_import_progress_ratio')).toBe(0);
    expect(sample(after, 'peel_jobs_finished', 'kind="import"')).toBe(finishedImports + 2);
    expect(sample(after, 'peel_jobs_finished', 'kind="export"')).toBe(finishedExports + 1);
    // Read from the database: left unset (0) while it cannot be reached; the scrape still answers.
    expect(sample(after, 'peel_live_leases')).toBe(0);
  });
});
