import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type DataSource } from 'typeorm';
import { exportBytesWritten, finishedJobs, runningJobs } from './progress';

/** The advisory lock key that serializes imports (`ingest.service.ts`). */
const IMPORT_LOCK = 7233012;

/** Route label of requests no route matched (kept to one series, whatever the path). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The Prometheus metrics of one app instance, in its own registry (so two apps in one test process
 * never collide): HTTP latency by route template and status, claims and judgments, live leases,
 * import and export progress, and the default process metrics. Database-backed gauges are read at
 * scrape time with one cheap query.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served by this instance',
    registers: [this.registry],
  });

  readonly claims = new Counter({
    name: 'peel_claims_total',
    help: 'Queue claims answered with a task (POST /api/batches/:id/next, 200)',
    registers: [this.registry],
  });

  readonly judgments = new Counter({
    name: 'peel_judgments_total',
    help: 'Judgments stored (POST /api/assignments/:id/judgment, 201; idempotent repeats excluded)',
    registers: [this.registry],
  });

  constructor(private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const state = this.databaseState.bind(this);
    new Gauge({
      name: 'peel_live_leases',
      help: 'Leases held now (state leased, not past expiry), whole installation',
      registers: [this.registry],
      async collect() {
        const row = await state();
        if (row) this.set(row.live_leases);
      },
    });
    new Gauge({
      name: 'peel_imports_running',
      help: 'Imports running now on this database, any process (holders of the import lock)',
      registers: [this.registry],
      async collect() {
        const row = await state();
        if (row) this.set(row.imports_running);
      },
    });
    new Gauge({
      name: 'peel_exports_running',
      help: 'Export snapshots marked running in the database, any process',
      registers: [this.registry],
      async collect() {
        const row = await state();
        if (row) this.set(row.exports_running);
      },
    });
    new Gauge({
      name: 'peel_import_lines_read',
      help: 'Lines read so far by the imports running in this process',
      registers: [this.registry],
      collect() {
        this.set(runningJobs('import').reduce((sum, job) => sum + job.units, 0));
      },
    });
    new Gauge({
      name: 'peel_import_progress_ratio',
      help: 'Bytes read / total bytes of the imports running in this process (0 when none or unknown)',
      registers: [this.registry],
      collect() {
        const jobs = runningJobs('import').filter((job) => job.totalBytes);
        const total = jobs.reduce((sum, job) => sum + (job.totalBytes ?? 0), 0);
        this.set(total > 0 ? jobs.reduce((sum, job) => sum + job.bytes, 0) / total : 0);
      },
    });
    new Gauge({
      name: 'peel_jobs_in_progress',
      help: 'Imports and exports running in this process',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        this.set({ kind: 'import' }, runningJobs('import').length);
        this.set({ kind: 'export' }, runningJobs('export').length);
      },
    });
    new Gauge({
      name: 'peel_jobs_finished',
      help: 'Imports and exports finished (or failed) in this process since it started',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        this.set({ kind: 'import' }, finishedJobs('import'));
        this.set({ kind: 'export' }, finishedJobs('export'));
      },
    });
    new Gauge({
      name: 'peel_export_bytes_written',
      help: 'Bytes of export files written by this process since it started',
      registers: [this.registry],
      collect() {
        this.set(exportBytesWritten());
      },
    });
  }

  private scrape?: Promise<DatabaseState | undefined>;

  /** One query per scrape, shared by the gauges that need it; undefined if the database fails. */
  private databaseState(): Promise<DatabaseState | undefined> {
    this.scrape ??= this.dataSource
      .query(
        `SELECT (SELECT count(*) FROM assignment WHERE state = 'leased' AND expires_at > now())::int
                  AS live_leases,
                (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND classid = 0 AND objid = $1 AND objsubid = 1)::int AS imports_running,
                (SELECT count(*) FROM export_snapshot WHERE status = 'running')::int
                  AS exports_running`,
        [IMPORT_LOCK],
      )
      .then((rows: DatabaseState[]) => rows[0])
      .catch(() => undefined)
      .finally(() => setImmediate(() => (this.scrape = undefined)));
    return this.scrape;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

interface DatabaseState {
  live_leases: number;
  imports_running: number;
  exports_running: number;
}
