import { EDIT_TYPE_LABELS, type EditTypeLabel, isEditTypeLabel, LIMITS } from '@peel/shared';
import { type DatasetRecord, type LineProblem, type ValidationResult } from './records';

/**
 * Field checks shared by the three validators. Each check records every problem it finds in a
 * `Problems` list (with the field's JSON path) and returns the value only when it is valid, so a
 * validator can run all of its checks and report everything that is wrong with a line at once.
 */

export type JsonObject = Record<string, unknown>;

export class Problems {
  readonly list: LineProblem[] = [];

  constructor(readonly line: number) {}

  add(field: string, message: string): void {
    this.list.push({ line: this.line, field, message });
  }

  failure(): { ok: false; problems: LineProblem[] } {
    return { ok: false, problems: this.list };
  }

  /** The record built by `build` when no problem was found, else the problems. */
  result<T extends DatasetRecord>(build: () => T): ValidationResult<T> {
    return this.list.length === 0 ? { ok: true, record: build() } : this.failure();
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON type name for messages: `null`, `array`, `object`, `string`, `number`, `boolean`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value quoted for a message (JSON escapes), shortened when long. */
export function quote(value: string, maxChars = 120): string {
  const short = value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
  return JSON.stringify(short);
}

/** The line as an object, or a problem for the whole line (field ''). */
export function checkObject(value: unknown, problems: Problems): JsonObject | undefined {
  if (isJsonObject(value)) return value;
  problems.add('', `expected a JSON object, got ${describeType(value)}`);
  return undefined;
}

/** Keys the format does not know, verbatim (own data properties, `__proto__` included). */
export function collectExtra(
  object: JsonObject,
  known: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !known.includes(key)));
}

/**
 * Checks the value of a required key with `check`, or reports the key missing. `parent` is the
 * path of `object` itself (`files[2]`) when it is nested.
 */
export function readField<T>(
  object: JsonObject,
  key: string,
  problems: Problems,
  check: (value: unknown, field: string, problems: Problems) => T | undefined,
  parent = '',
): T | undefined {
  const field = parent === '' ? key : `${parent}.${key}`;
  if (Object.hasOwn(object, key)) return check(object[key], field, problems);
  problems.add(field, `missing key "${key}"`);
  return undefined;
}

/** A string that is not empty or only whitespace. */
export function checkString(value: unknown, field: string, problems: Problems): string | undefined {
  if (typeof value !== 'string') {
    problems.add(field, `expected a string, got ${describeType(value)}`);
    return undefined;
  }
  if (value.trim() === '') {
    problems.add(field, 'must not be empty');
    return undefined;
  }
  return value;
}

/** An instruction: a non-empty string of at most `LIMITS.instructionMaxChars` characters. */
export function checkText(value: unknown, field: string, problems: Problems): string | undefined {
  const text = checkString(value, field, problems);
  if (text === undefined) return undefined;
  const max = LIMITS.instructionMaxChars;
  if (text.length > max && [...text].length > max) {
    problems.add(field, `is ${[...text].length} characters, longer than the limit of ${max}`);
    return undefined;
  }
  return text;
}

const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Why a string is not a safe relative image path (one message per rule it breaks). */
export function imagePathProblems(path: string): string[] {
  const q = quote(path);
  const problems: string[] = [];
  if (URL_SCHEME.test(path)) problems.push(`${q} must be a relative path, not a URL`);
  else if (path.startsWith('/')) problems.push(`${q} must be a relative path (no leading "/")`);
  if (path.includes('\\')) problems.push(`${q} must not contain backslashes`);
  if (path.split('/').includes('..')) problems.push(`${q} must not contain ".." segments`);
  if (CONTROL_CHARACTER.test(path)) problems.push(`${q} must not contain control characters`);
  if (!IMAGE_EXTENSION.test(path)) problems.push(`${q} must end in .png, .jpg, .jpeg or .webp`);
  return problems;
}

export function checkImagePath(
  value: unknown,
  field: string,
  problems: Problems,
): string | undefined {
  const path = checkString(value, field, problems);
  if (path === undefined) return undefined;
  const found = imagePathProblems(path);
  for (const message of found) problems.add(field, message);
  return found.length === 0 ? path : undefined;
}

/** An absolute http(s) URL (the Open Images source on Flickr). */
export function checkSourceUrl(
  value: unknown,
  field: string,
  problems: Problems,
): string | undefined {
  const text = checkString(value, field, problems);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.add(field, `${quote(text)} is not an absolute URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.add(field, `${quote(text)} must be an http(s) URL`);
    return undefined;
  }
  return text;
}

/** Folds the differences a human would not see: case, spaces, arrow and dash variants. */
function looseLabel(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/<->|<=>|<>|↔|⟷|⇔/g, '<->')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/[‘’´`]/g, "'")
    .replace(/\s+/g, '');
}

const labelsByLooseKey = new Map<string, EditTypeLabel>(
  EDIT_TYPE_LABELS.map((label) => [looseLabel(label), label]),
);

/** The exact taxonomy label that `value` differs from only by case, spaces, arrows or dashes. */
export function suggestEditType(value: string): EditTypeLabel | undefined {
  return labelsByLooseKey.get(looseLabel(value));
}

export function checkEditType(
  value: unknown,
  field: string,
  problems: Problems,
): EditTypeLabel | undefined {
  const text = checkString(value, field, problems);
  if (text === undefined) return undefined;
  if (isEditTypeLabel(text)) return text;
  const suggestion = suggestEditType(text);
  const hint = suggestion
    ? `; did you mean ${JSON.stringify(suggestion)}?`
    : ` (not one of the ${EDIT_TYPE_LABELS.length} taxonomy labels)`;
  problems.add(field, `unknown edit type ${quote(text)}${hint}`);
  return undefined;
}
