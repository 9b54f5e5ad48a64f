import { type DataSource } from 'typeorm';

/** Progress is written at most this often, and at least this often as a heartbeat. */
const WRITE_EVERY_MS = 1000;
const HEARTBEAT_MS = 5000;

type Phase = 'waiting' | 'reading' | 'merging';

/**
 * Writes a running import's progress to its `dataset_import` row, outside the import's own
 * transaction (which touches the row only when it completes): one write in flight at a time,
 * throttled, with a heartbeat so a poller can tell a live import from one whose server died. A
 * write only applies while the row is still running, so a late one never overwrites the result.
 */
export class ImportProgressWriter {
  private phaseNow: Phase = 'waiting';
  private lines = 0;
  private bytes = 0;
  private lastWrite = 0;
  private writing = false;
  private dirty = false;
  private stopped = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly importId: string,
    private readonly totalBytes: number | null,
  ) {
    this.heartbeat = setInterval(() => this.write(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  report(lines: number, bytes: number): void {
    if (this.phaseNow === 'waiting') this.phaseNow = 'reading';
    this.lines = lines;
    this.bytes = bytes;
    this.dirty = true;
    if (Date.now() - this.lastWrite >= WRITE_EVERY_MS) this.write();
  }

  phase(phase: Phase): void {
    this.phaseNow = phase;
    this.write();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
  }

  private write(): void {
    if (this.stopped) return;
    if (this.writing) {
      this.dirty = true;
      return;
    }
    this.writing = true;
    this.dirty = false;
    this.lastWrite = Date.now();
    const progress = {
      phase: this.phaseNow,
      lines: this.lines,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      updatedAt: new Date().toISOString(),
    };
    this.dataSource
      .query(`UPDATE dataset_import SET progress = $2 WHERE id = $1 AND status = 'running'`, [
        this.importId,
        JSON.stringify(progress),
      ])
      .catch(() => undefined)
      .finally(() => {
        this.writing = false;
        if (this.dirty && !this.stopped) this.write();
      });
  }
}
