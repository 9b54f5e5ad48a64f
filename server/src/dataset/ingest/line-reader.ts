import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LIMITS } from '@peel/shared';
import { type LineProblem } from './records';

/**
 * One non-blank line of a JSONL file, or why it could not be read. `terminated` is false only for
 * a last line without a final `\n`: if it does not parse, the file was probably cut short.
 */
export type RawLine =
  { line: number; text: string; terminated: boolean } | { line: number; error: LineProblem };

export interface ReadLinesOptions {
  /** Longest line accepted, in bytes, not counting the line ending. */
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * Splits a byte stream into numbered UTF-8 lines in constant memory: a line longer than the limit
 * is counted while it streams past, never buffered, and reported as an error. Line numbers are
 * 1-based file lines; blank lines are skipped but counted.
 */
export async function* readLines(
  input: AsyncIterable<Uint8Array>,
  opts: ReadLinesOptions = {},
): AsyncGenerator<RawLine> {
  const current = new LineBuffer(opts.maxLineBytes ?? LIMITS.importMaxLineBytes);
  for await (const chunk of skipBom(input)) {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl !== -1; nl = chunk.indexOf(LF, start)) {
      current.append(chunk.subarray(start, nl));
      const raw = current.end(true);
      if (raw) yield raw;
      start = nl + 1;
    }
    current.append(chunk.subarray(start));
  }
  const last = current.end(false);
  if (last) yield last;
}

/** The bytes of the line being read, kept only while they fit the limit. */
class LineBuffer {
  private parts: Uint8Array[] = [];
  private size = 0;
  private overLong = false;
  private lastByte = -1;
  private line = 1;
  // Default ignoreBOM: false, so a BOM starting a later line (files joined with cat) goes too.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxBytes: number) {}

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    this.lastByte = bytes[bytes.length - 1];
    // One byte of slack for a '\r' that the line ending may still strip.
    if (this.size > this.maxBytes + 1) {
      this.overLong = true;
      this.parts = [];
    }
    if (!this.overLong) this.parts.push(bytes);
  }

  /** Finishes the current line; undefined for a blank one. */
  end(terminated: boolean): RawLine | undefined {
    const line = this.line;
    const size = this.lastByte === CR ? this.size - 1 : this.size;
    const parts = this.parts;
    const overLong = this.overLong || size > this.maxBytes;
    this.line += 1;
    this.parts = [];
    this.size = 0;
    this.overLong = false;
    this.lastByte = -1;
    if (overLong) return { line, error: tooLong(line, size, this.maxBytes) };
    if (size === 0) return undefined;
    return this.decode(line, Buffer.concat(parts).subarray(0, size), terminated);
  }

  private decode(line: number, bytes: Uint8Array, terminated: boolean): RawLine | undefined {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      const offset = invalidUtf8Offset(bytes);
      const where = offset === -1 ? '' : ` at byte ${offset} of the line`;
      return { line, error: { line, field: '', message: `invalid UTF-8${where}` } };
    }
    if (text.trim() === '') return undefined;
    return { line, text, terminated };
  }
}

function tooLong(line: number, size: number, maxBytes: number): LineProblem {
  return {
    line,
    field: '',
    message: `line is ${size} bytes, longer than the limit of ${maxBytes} bytes; skipped`,
  };
}

/**
 * The offset of the first byte of the first malformed sequence (WHATWG rules, as TextDecoder:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when the bytes are valid.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) low = 0xa0;
    if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) low = 0x90;
    if (b === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return 0;
  }
  return length;
}

/** Drops a UTF-8 byte-order mark at the very start, even when it is split across chunks. */
async function* skipBom(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  const head = await readHead(iterator, BOM.length);
  const hasBom = head.length >= BOM.length && BOM.equals(head.subarray(0, BOM.length));
  yield* replay(hasBom ? head.subarray(BOM.length) : head, iterator);
}

/**
 * Gunzips the stream when it starts with the gzip magic bytes (0x1f 0x8b), else passes it through
 * unchanged. Streamed either way; a corrupt or truncated gzip stream throws zlib's error.
 */
export async function* gunzipIfNeeded(input: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]();
  const head = await readHead(iterator, GZIP_MAGIC.length);
  const isGzip = head.length >= 2 && GZIP_MAGIC.equals(head.subarray(0, 2));
  if (!isGzip) {
    for await (const chunk of replay(head, iterator)) yield asBuffer(chunk);
    return;
  }
  const gunzip = createGunzip();
  // Errors surface through the iteration of `gunzip`, which pipeline destroys with them.
  pipeline(Readable.from(replay(head, iterator)), gunzip, () => undefined);
  for await (const chunk of gunzip) yield chunk as Buffer;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Reads chunks until at least `size` bytes (or the end) and returns them joined. */
async function readHead(iterator: AsyncIterator<Uint8Array>, size: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(parts);
}

/** Yields `head` (when not empty), then the rest; closes the iterator when stopped early. */
async function* replay(
  head: Uint8Array,
  iterator: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
