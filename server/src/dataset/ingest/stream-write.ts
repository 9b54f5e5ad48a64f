import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const FLUSH_AT_CHARS = 256 * 1024;

/**
 * Writes COPY rows in chunks of about 256 KB (one write per row costs more than the parse) with
 * backpressure: waits for 'drain' whenever the stream's buffer is full. Memory stays bounded.
 */
export class RowWriter {
  private rows: string[] = [];
  private chars = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  async push(row: string | undefined): Promise<void> {
    if (row === undefined) return;
    this.rows.push(row);
    this.chars += row.length;
    if (this.chars >= FLUSH_AT_CHARS) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  private async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const chunk = this.rows.join('');
    this.rows = [];
    this.chars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
