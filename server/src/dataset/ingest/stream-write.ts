import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Writes rows with backpressure: waits for 'drain' whenever the stream's buffer is full. */
export async function writeAll(
  stream: NodeJS.WritableStream,
  rows: (string | undefined)[],
): Promise<void> {
  for (const row of rows) {
    if (row === undefined) continue;
    if (!stream.write(row)) await once(stream, 'drain');
  }
}

export async function endAll(stream: NodeJS.WritableStream): Promise<void> {
  stream.end();
  await finished(stream);
}
