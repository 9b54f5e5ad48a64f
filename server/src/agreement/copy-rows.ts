/**
 * A reader of PostgreSQL's `COPY ... TO STDOUT` text format that walks the bytes once and hands
 * every row to a callback as field boundaries in a reused object: no string or array per row, so
 * millions of answer rows cost little more than the bytes themselves.
 */

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;

/** One row: field f is `buf[starts[f]..ends[f])`. Valid only during the callback. */
export interface CopyRow {
  buf: Buffer;
  fields: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** Calls `onRow` for every row of the COPY text stream; returns the number of rows. */
export async function forEachCopyRow(
  chunks: AsyncIterable<Buffer>,
  onRow: (row: CopyRow) => void,
  maxFields = 16,
): Promise<number> {
  const row: CopyRow = {
    buf: Buffer.alloc(0),
    fields: 0,
    starts: new Int32Array(maxFields),
    ends: new Int32Array(maxFields),
  };
  let carry: Buffer | null = null;
  let rows = 0;
  for await (const chunk of chunks) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lineStart = scanRows(buf, row, onRow, maxFields);
    rows += lineStart.rows;
    carry = lineStart.rest < buf.length ? buf.subarray(lineStart.rest) : null;
  }
  if (carry) throw new Error('the COPY output ended inside a row');
  return rows;
}

function scanRows(
  buf: Buffer,
  row: CopyRow,
  onRow: (row: CopyRow) => void,
  maxFields: number,
): { rows: number; rest: number } {
  const { starts, ends } = row;
  row.buf = buf;
  let rows = 0;
  let rest = 0;
  let f = 0;
  starts[0] = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === TAB) {
      ends[f] = i;
      f += 1;
      if (f >= maxFields) throw new Error(`a COPY row has more than ${maxFields} fields`);
      starts[f] = i + 1;
    } else if (b === NEWLINE) {
      ends[f] = i;
      row.fields = f + 1;
      onRow(row);
      rows += 1;
      rest = i + 1;
      f = 0;
      starts[0] = i + 1;
    }
  }
  return { rows, rest };
}

/** Field f as a (safe) integer; bigint columns of ids fit. */
export function intField(row: CopyRow, f: number): number {
  const { buf } = row;
  let i = row.starts[f];
  const end = row.ends[f];
  const negative = buf[i] === MINUS;
  if (negative) i += 1;
  if (i >= end) throw new Error(`COPY field ${f} is not an integer`);
  let value = 0;
  for (; i < end; i++) {
    const digit = buf[i] - ZERO;
    if (digit < 0 || digit > 9) throw new Error(`COPY field ${f} is not an integer`);
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** True when field f is SQL NULL (`\N`). */
export function isNullField(row: CopyRow, f: number): boolean {
  const start = row.starts[f];
  return row.ends[f] - start === 2 && row.buf[start] === BACKSLASH && row.buf[start + 1] === 78;
}

/** Field f as text (COPY's backslash escapes undone); null for SQL NULL. */
export function textField(row: CopyRow, f: number): string | null {
  if (isNullField(row, f)) return null;
  const text = row.buf.toString('utf8', row.starts[f], row.ends[f]);
  return text.includes('\\') ? unescapeCopyText(text) : text;
}

const ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Undoes COPY text escapes: \b \f \n \r \t \v \\, octal \ooo and hex \xHH. */
export function unescapeCopyText(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === 'x' && code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return ESCAPES[code] ?? code;
  });
}

/** Field f as a boolean (`t` / `f`). */
export function boolField(row: CopyRow, f: number): boolean {
  return row.buf[row.starts[f]] === 116;
}

/**
 * Matches field f against a list of category strings on the raw bytes (no string per row): the
 * category's index, or -1. A value with COPY escapes is decoded and looked up instead.
 */
export function categoryMatcher(
  categories: readonly string[],
): (row: CopyRow, f: number) => number {
  const encoded = categories.map((category) => Buffer.from(category, 'utf8'));
  const byText = new Map(categories.map((category, k) => [category, k]));
  return (row, f) => {
    const start = row.starts[f];
    const length = row.ends[f] - start;
    const { buf } = row;
    for (let k = 0; k < encoded.length; k++) {
      const bytes = encoded[k];
      if (bytes.length !== length) continue;
      let i = 0;
      while (i < length && buf[start + i] === bytes[i]) i++;
      if (i === length) return k;
    }
    let escaped = false;
    for (let i = start; i < row.ends[f] && !escaped; i++) escaped = buf[i] === BACKSLASH;
    if (!escaped) return -1;
    const text = textField(row, f);
    return text === null ? -1 : (byText.get(text) ?? -1);
  };
}
