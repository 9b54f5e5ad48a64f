import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';

/** A byte stream to import, with what is known of its size (for a percentage). */
export interface ImportInput {
  /** The path or URL as given, recorded with the import. */
  source: string;
  size?: number;
  chunks: AsyncIterable<Uint8Array>;
}

/** A problem with the input as a whole (not one line of it): it is recorded as a failed import. */
export class ImportSourceError extends Error {}

/** Opens a local path or an http(s) URL as a stream of bytes, never reading it whole. */
export async function openSource(source: string): Promise<ImportInput> {
  if (/^https?:\/\//i.test(source)) return openUrl(source);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new ImportSourceError(`${source}: only local paths and http(s) URLs can be imported`);
  }
  let stat;
  try {
    stat = await fs.stat(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportSourceError(
      code === 'ENOENT' ? `${source}: no such file` : `${source}: cannot be read (${code})`,
    );
  }
  if (!stat.isFile()) throw new ImportSourceError(`${source}: not a file`);
  return {
    source,
    size: stat.size,
    chunks: createReadStream(source, { highWaterMark: 1 << 20 }),
  };
}

async function openUrl(url: string): Promise<ImportInput> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new ImportSourceError(`GET ${url} failed: ${cause ?? (error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ImportSourceError(
      `GET ${url} answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  const length = Number(response.headers.get('content-length'));
  const encoded = response.headers.get('content-encoding');
  return {
    source: url,
    size: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
    chunks: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
  };
}

/** Passes the bytes through while counting them and computing their sha256. */
export class Digest {
  private readonly hash = createHash('sha256');
  bytes = 0;

  async *tap(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      yield chunk;
    }
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
