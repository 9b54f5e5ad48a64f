/**
 * Progress of the long jobs running in this process (imports, exports), read by the metrics at
 * scrape time. Process-wide on purpose: the importer and the exporter run in the server (API) and
 * in the CLI alike, and neither needs to know whether anyone is watching.
 */
export interface JobProgress {
  readonly kind: JobKind;
  /** Lines read (import) or rows written (export) so far. */
  units: number;
  bytes: number;
  totalBytes?: number;
  end(): void;
}

export type JobKind = 'import' | 'export';

const running = new Set<JobProgress>();
const finished: Record<JobKind, number> = { import: 0, export: 0 };
let exportBytes = 0;

export function beginJob(kind: JobKind): JobProgress {
  const job: JobProgress = {
    kind,
    units: 0,
    bytes: 0,
    end: () => {
      if (running.delete(job)) finished[kind] += 1;
    },
  };
  running.add(job);
  return job;
}

export function runningJobs(kind: JobKind): JobProgress[] {
  return [...running].filter((job) => job.kind === kind);
}

export function finishedJobs(kind: JobKind): number {
  return finished[kind];
}

/** Export files count their bytes here as they write (a counter, across every export). */
export function addExportBytes(bytes: number): void {
  exportBytes += bytes;
}

export function exportBytesWritten(): number {
  return exportBytes;
}
