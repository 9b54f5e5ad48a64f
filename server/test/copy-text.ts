import { type CopyRow, forEachCopyRow } from '../src/agreement/copy-rows';

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** A value as PostgreSQL's COPY TO writes it in text format (null as \N). */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\b\f\n\r\t\v]/g, (c) => COPY_ESCAPES[c]);
}

/** COPY output for `rows` (fields already in COPY text), split into `size`-byte chunks. */
export async function* copyChunks(lines: string[][], size = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(lines.map((fields) => `${fields.join('\t')}\n`).join(''), 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Calls `each` for every row of raw COPY bytes. */
export async function eachCopyRow(
  bytes: Buffer,
  each: (row: CopyRow) => void,
  maxFields = 32,
): Promise<void> {
  async function* one() {
    yield bytes;
  }
  await forEachCopyRow(one(), each, maxFields);
}
