import { isUtf8 } from 'node:buffer';
import { type CopyRow, isNullField, textField } from '../agreement/copy-rows';

const QUOTE = 34;
const BACKSLASH = 92;
const HEX = '0123456789abcdef';

/**
 * A growing byte buffer that JSON text is written into, piece by piece: the export's JSONL lines
 * are made here without building objects and strings per row. Every method writes exactly what
 * `JSON.stringify` writes for the same value.
 */
export class JsonBytes {
  private buf: Buffer;
  private at = 0;

  constructor(private readonly capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.at;
  }

  /** The bytes written so far; the builder starts over in a new buffer (the old one is yours). */
  take(): Buffer {
    const bytes = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(this.capacity, this.at));
    this.at = 0;
    return bytes;
  }

  /** Text known to be ASCII (JSON punctuation, keys, number texts). */
  ascii(text: string): void {
    const n = text.length;
    this.reserve(n);
    // a loop beats Buffer#write's call for the short texts written here
    const { buf } = this;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Bytes as they are (e.g. a fixed JSON text). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.reserve(n);
    const { buf } = this;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = bytes[i];
    this.at = at;
  }

  utf8(text: string): void {
    this.reserve(text.length * 3);
    this.at += this.buf.write(text, this.at, 'utf8');
  }

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.at++] = value;
  }

  /** A JSON string, or null. */
  string(text: string | null): void {
    if (text === null) this.ascii('null');
    else this.utf8(JSON.stringify(text));
  }

  /** A JSON number (NaN and infinities are null, as JSON.stringify has them), or null. */
  number(value: number | null): void {
    if (value !== null && value >= 0 && value < 10 && value === (value | 0)) this.byte(48 + value);
    else this.ascii(value !== null && Number.isFinite(value) ? String(value) : 'null');
  }

  boolean(value: boolean): void {
    this.ascii(value ? 'true' : 'false');
  }

  /**
   * Field f of a COPY text row as a JSON string (null for SQL NULL), straight from its bytes:
   * COPY's escapes become JSON's, other control characters \u00XX, the rest is copied. Anything
   * unusual (an escape COPY TO never writes, bytes that are not UTF-8) goes through the decoded
   * text instead.
   */
  copyText(row: CopyRow, f: number): void {
    const { buf } = row;
    const start = row.starts[f];
    const end = row.ends[f];
    if (isNullField(row, f)) {
      this.ascii('null');
      return;
    }
    this.reserve((end - start) * 6 + 2);
    const out = this.buf;
    const begin = this.at;
    let at = begin;
    let high = 0;
    out[at++] = QUOTE;
    for (let i = start; i < end; i++) {
      let b = buf[i];
      high |= b;
      if (b === BACKSLASH) {
        b = buf[++i];
        const json = b === BACKSLASH ? BACKSLASH : jsonEscape(b);
        if (json === 0 || i >= end) return this.decoded(row, f, begin);
        out[at++] = BACKSLASH;
        if (json === -1) at = unicodeEscape(out, at, 11);
        else out[at++] = json;
      } else if (b === QUOTE) {
        out[at++] = BACKSLASH;
        out[at++] = QUOTE;
      } else if (b < 0x20) {
        out[at++] = BACKSLASH;
        at = unicodeEscape(out, at, b);
      } else out[at++] = b;
    }
    if (high >= 0x80 && !isUtf8(buf.subarray(start, end))) return this.decoded(row, f, begin);
    out[at++] = QUOTE;
    this.at = at;
  }

  /** copyText's way for the unusual: decode, then JSON.stringify. */
  private decoded(row: CopyRow, f: number, begin: number): void {
    this.at = begin;
    this.string(textField(row, f));
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}

/** The JSON escape letter for COPY's `\<b>`; -1 for \v (written as \u000b); 0 for none. */
function jsonEscape(b: number): number {
  switch (b) {
    case 110: // n
    case 114: // r
    case 116: // t
    case 98: // b
    case 102: // f
      return b;
    case 118: // v
      return -1;
    default:
      return 0;
  }
}

/** `u00XX` for a control character (after the backslash). */
function unicodeEscape(out: Buffer, at: number, code: number): number {
  out[at] = 117; // u
  out[at + 1] = 48;
  out[at + 2] = 48;
  out[at + 3] = HEX.charCodeAt(code >> 4);
  out[at + 4] = HEX.charCodeAt(code & 15);
  return at + 5;
}
