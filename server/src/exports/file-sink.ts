import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { addExportBytes } from '../common/metrics/progress';
import { JsonBytes } from './json-bytes';

export interface FileSummary {
  rows: number;
  bytes: number;
  sha256: string;
}

const FLUSH_AT = 256 * 1024;
const NEWLINE = 10;

/** Appends text lines to a file with backpressure, counting rows and hashing the bytes written. */
export class FileSink {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  /** The lines not yet written; a caller may write a row here itself, then call endRow(). */
  readonly buffer = new JsonBytes(FLUSH_AT + (FLUSH_AT >> 2));
  private rows = 0;
  private bytes = 0;

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'wx' });
  }

  /** Rows taken so far (some may still be buffered). */
  get rowsWritten(): number {
    return this.rows;
  }

  /** One line (without its newline); `row` false for a header. */
  async line(text: string, row = true): Promise<void> {
    this.buffer.utf8(text);
    this.buffer.byte(NEWLINE);
    if (row) this.rows += 1;
    await this.drain();
  }

  /** Ends the row written into `buffer`. */
  endRow(): void {
    this.buffer.byte(NEWLINE);
    this.rows += 1;
  }

  /** Writes the buffered lines out once there are enough of them (backpressure for endRow). */
  async drain(): Promise<void> {
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async json(value: unknown): Promise<void> {
    await this.line(JSON.stringify(value));
  }

  /** Bytes already made of whole lines (e.g. from COPY); each newline counts as a row. */
  async chunk(bytes: Buffer): Promise<void> {
    await this.flush();
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) this.rows += 1;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    addExportBytes(bytes.length);
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<FileSummary> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    return { rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes without waiting for data (on failure). */
  destroy(): void {
    this.out.destroy();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.take();
    this.hash.update(chunk);
    this.bytes += chunk.length;
    addExportBytes(chunk.length);
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
