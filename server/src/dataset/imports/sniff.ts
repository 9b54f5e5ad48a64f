import { type DatasetKind } from '@peel/shared';
import { detectKind } from '../ingest/detect-kind';
import { ImportSourceError } from '../ingest/import-source';

/** Bytes read before judging a file without a line break in them. */
const SNIFF_MAX_BYTES = 1 << 20;

const MAGIC: [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd archive'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file'],
];

function startsWith(head: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, i) => head[i] === byte);
}

/**
 * Why the start of a file shows it is not Pico-Banana JSON Lines, or undefined when it may be:
 * a binary file, HTML, a JSON array, a first record of another kind than the one named.
 */
export function whyNotJsonl(head: Buffer, kind: DatasetKind | undefined): string | undefined {
  if (startsWith(head, [0x1f, 0x8b])) return undefined; // gzip: judged line by line once unpacked
  for (const [bytes, what] of MAGIC) {
    if (startsWith(head, bytes)) return `this is ${what}, not a JSON Lines file`;
  }
  const sample = head.subarray(0, 8192);
  if (sample.includes(0) || !isUtf8Prefix(sample)) {
    return 'this is a binary file, not a JSON Lines text file';
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start === '') return undefined; // empty: the importer says so
  if (start.startsWith('<')) {
    return 'this looks like an HTML or XML page, not a JSON Lines file (one JSON object per line)';
  }
  if (start.startsWith('[')) {
    return 'this is a JSON array; import JSON Lines instead: one JSON object per line, no enclosing [ ]';
  }
  if (!start.startsWith('{')) {
    return 'the file does not start with a JSON object: a JSON Lines file holds one JSON object per line';
  }
  const newline = start.indexOf('\n');
  if (newline === -1 && head.length >= SNIFF_MAX_BYTES) return undefined;
  const firstLine = newline === -1 ? start : start.slice(0, newline);
  let value: unknown;
  try {
    value = JSON.parse(firstLine);
  } catch {
    if (newline === -1 || firstLine.trim().length === 1) {
      return 'line 1 is not a complete JSON object: is this pretty-printed JSON? JSON Lines needs one object per line';
    }
    return undefined; // a bad line: the importer reports it with its line number
  }
  const detected = detectKind(value);
  if (kind && detected && detected !== kind) {
    return `this file holds ${detected} records, not ${kind} (line 1); choose ${detected} or let Peel detect the kind`;
  }
  return undefined;
}

/** Valid UTF-8, allowing a sequence cut at the end of the sample. */
function isUtf8Prefix(bytes: Buffer): boolean {
  for (let cut = 0; cut < 4 && cut <= bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last bytes
    }
  }
  return false;
}

export interface GuardedInput {
  chunks: AsyncGenerator<Uint8Array>;
  /** Resolves when the input has been read to its end (or failed). */
  readonly ended: Promise<void>;
}

/**
 * Passes a byte stream through after judging its first line (`whyNotJsonl`) and after the whole of
 * it has arrived (`finished` may throw, e.g. when an upload was cut at the size limit).
 */
export function guardInput(
  source: AsyncIterable<Uint8Array>,
  kind: DatasetKind | undefined,
  finished: () => void = () => undefined,
): GuardedInput {
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      const head: Buffer[] = [];
      let headBytes = 0;
      let judged = false;
      const judge = () => {
        judged = true;
        const why = whyNotJsonl(Buffer.concat(head), kind);
        if (why) throw new ImportSourceError(why);
      };
      for await (const chunk of source) {
        if (judged) {
          yield chunk;
          continue;
        }
        head.push(Buffer.from(chunk));
        headBytes += chunk.length;
        if (headBytes >= SNIFF_MAX_BYTES || chunk.includes(0x0a)) {
          judge();
          yield* head.splice(0);
        }
      }
      if (!judged) {
        judge();
        yield* head.splice(0);
      }
      finished();
    } finally {
      markEnded();
    }
  }
  return { chunks: chunks(), ended };
}
