/** One CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvError {
  readonly line: number;
  readonly message: string;
}

export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly errors: readonly CsvError[] };

interface ParserState {
  readonly text: string;
  pos: number;
  line: number;
}

/**
 * Parses RFC 4180 CSV: comma-separated fields, CRLF or LF line ends, double-quoted fields that may
 * hold commas, line breaks and doubled quotes (""). A leading byte-order mark and blank lines are
 * ignored. Errors: an unterminated quoted field, a quote inside an unquoted field, text after a
 * closing quote.
 */
export function parseCsv(text: string): CsvParseResult {
  const state: ParserState = { text: text.replace(/^\uFEFF/, ''), pos: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (state.pos < state.text.length) {
    const line = state.line;
    const record = readRecord(state);
    if (typeof record === 'string')
      return { ok: false, errors: [{ line: state.line, message: record }] };
    if (record.length > 1 || record[0] !== '') records.push({ line, fields: record });
  }
  return { ok: true, records };
}

/** Reads fields up to and including the record's line break; a string is an error message. */
function readRecord(state: ParserState): string[] | string {
  const fields: string[] = [];
  for (;;) {
    const field = state.text[state.pos] === '"' ? readQuoted(state) : readUnquoted(state);
    if (field === null) return unexpected(state);
    fields.push(field);
    const c = state.text[state.pos];
    if (c === ',') {
      state.pos++;
      continue;
    }
    if (c === undefined || skipLineBreak(state)) return fields;
    return unexpected(state);
  }
}

function unexpected(state: ParserState): string {
  if (state.pos >= state.text.length) return 'unterminated quoted field';
  return state.text[state.pos] === '"'
    ? 'unexpected quote in an unquoted field'
    : 'unexpected text after a closing quote';
}

function skipLineBreak(state: ParserState): boolean {
  const { text } = state;
  if (text[state.pos] === '\r' && text[state.pos + 1] === '\n') state.pos += 2;
  else if (text[state.pos] === '\n' || text[state.pos] === '\r') state.pos += 1;
  else return false;
  state.line++;
  return true;
}

function readUnquoted(state: ParserState): string | null {
  const start = state.pos;
  const { text } = state;
  while (state.pos < text.length) {
    const c = text[state.pos];
    if (c === ',' || c === '\n' || c === '\r') break;
    if (c === '"') return null;
    state.pos++;
  }
  return text.slice(start, state.pos);
}

/** Reads a quoted field; null when it is not terminated. */
function readQuoted(state: ParserState): string | null {
  const { text } = state;
  let out = '';
  state.pos++;
  for (;;) {
    const close = text.indexOf('"', state.pos);
    if (close < 0) {
      state.pos = text.length;
      return null;
    }
    const chunk = text.slice(state.pos, close);
    state.line += countLineBreaks(chunk);
    out += chunk;
    state.pos = close + 1;
    if (text[state.pos] !== '"') return out;
    out += '"';
    state.pos++;
  }
}

function countLineBreaks(chunk: string): number {
  const matches = chunk.match(/\r\n|\r|\n/g);
  return matches ? matches.length : 0;
}
