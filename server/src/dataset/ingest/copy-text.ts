/**
 * PostgreSQL COPY text format: one row per line, tab-separated, `\N` for null, and backslash,
 * tab, newline and carriage return escaped.
 */
export type CopyValue = string | number | boolean | null | undefined;

const SPECIAL = /[\\\t\n\r]/;

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyRow(values: CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** A JSON value as a jsonb COPY field. Strings with U+0000 cannot be stored by PostgreSQL. */
export function copyJson(value: unknown): string {
  return JSON.stringify(value);
}
