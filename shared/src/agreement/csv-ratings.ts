import { type CsvError, type CsvRecord } from './csv';
import { type AlphaLevel } from './krippendorff';
import { type RatingRow, type RatingValue, sortedCategories } from './reliability-data';

/** The columns an agreement CSV must have (any order; other columns are ignored). */
export const RATING_COLUMNS = ['item_id', 'rater_id', 'value'] as const;

/** Errors beyond this many are summarised in one last error. */
export const MAX_CSV_ERRORS = 100;

export type RatingsResult =
  | {
      readonly ok: true;
      readonly rows: readonly RatingRow[];
      /** The declared categories (numeric ones ascending) or, without, the observed ones. */
      readonly categories: readonly RatingValue[];
    }
  | { readonly ok: false; readonly errors: readonly CsvError[] };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number, or null. Surrounding spaces are allowed; hex, Infinity and '' are not. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : null;
}

function isNumericLevel(level: AlphaLevel): boolean {
  return level === 'interval' || level === 'ratio';
}

/** Parses --categories for the level; errors are reported on line 0 (the options). */
function declaredCategories(
  categories: readonly string[],
  level: AlphaLevel,
): { values: RatingValue[]; errors: CsvError[] } {
  const errors: CsvError[] = [];
  const values: RatingValue[] = [];
  for (const category of categories) {
    const value = isNumericLevel(level) ? parseNumber(category) : category;
    if (value === null) {
      errors.push({ line: 0, message: `category "${category}" is not numeric (${level} level)` });
    } else if (values.includes(value)) {
      errors.push({ line: 0, message: `category "${category}" is declared twice` });
    } else {
      values.push(value);
    }
  }
  if (isNumericLevel(level)) values.sort((a, b) => (a as number) - (b as number));
  return { values, errors };
}

type Converted =
  | { readonly ok: true; readonly value: RatingValue }
  | { readonly ok: false; readonly message: string };

/** Converts a raw value for the level, or explains why it is invalid. */
function convertValue(
  raw: string,
  level: AlphaLevel,
  declared: ReadonlySet<RatingValue> | null,
): Converted {
  const numeric = isNumericLevel(level) || (level === 'ordinal' && declared === null);
  const value = numeric ? parseNumber(raw) : raw;
  if (value === null) {
    const hint = level === 'ordinal' ? ' (pass --categories to order labels)' : '';
    return { ok: false, message: `value "${raw}" is not numeric (${level} level)${hint}` };
  }
  if (level === 'ratio' && (value as number) < 0) {
    return { ok: false, message: `value "${raw}" is negative (ratio level)` };
  }
  if (declared !== null && !declared.has(value)) {
    return { ok: false, message: `value "${raw}" is not in --categories` };
  }
  return { ok: true, value };
}

function columnIndices(header: CsvRecord): { indices: number[]; errors: CsvError[] } {
  const names = header.fields.map((name) => name.trim());
  const indices = RATING_COLUMNS.map((column) => names.indexOf(column));
  const errors = RATING_COLUMNS.flatMap((column, c) =>
    indices[c] < 0 ? [{ line: header.line, message: `missing column "${column}"` }] : [],
  );
  return { indices, errors };
}

/**
 * Reads `item_id,rater_id,value` records (header first) into rating rows. An empty value is a
 * missing rating. Values are strings at the nominal level and at the ordinal level with declared
 * categories, numbers otherwise.
 */
export function readRatings(
  records: readonly CsvRecord[],
  level: AlphaLevel,
  categories?: readonly string[],
): RatingsResult {
  if (records.length === 0) return { ok: false, errors: [{ line: 1, message: 'empty file' }] };
  const [header, ...body] = records;
  const { indices, errors } = columnIndices(header);
  const declared = categories ? declaredCategories(categories, level) : null;
  errors.push(...(declared?.errors ?? []));
  if (errors.length > 0) return { ok: false, errors };
  const allowed = declared ? new Set(declared.values) : null;
  const rows = readRows(body, header.fields.length, indices, level, allowed, errors);
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };
  const observed = rows.flatMap((row) => (row.value == null ? [] : [row.value]));
  return { ok: true, rows, categories: declared?.values ?? sortedCategories(observed) };
}

function readRows(
  body: readonly CsvRecord[],
  width: number,
  [itemColumn, raterColumn, valueColumn]: readonly number[],
  level: AlphaLevel,
  allowed: ReadonlySet<RatingValue> | null,
  errors: CsvError[],
): RatingRow[] {
  const firstLine = new Map<string, number>();
  const rows: RatingRow[] = [];
  for (const { line, fields } of body) {
    if (errors.length > MAX_CSV_ERRORS) break;
    if (fields.length !== width) {
      errors.push({ line, message: `expected ${width} fields, got ${fields.length}` });
      continue;
    }
    const item = fields[itemColumn];
    const rater = fields[raterColumn];
    const raw = fields[valueColumn];
    const problem = identityProblem(item, rater, line, firstLine);
    const converted = raw === '' ? null : convertValue(raw, level, allowed);
    if (problem) errors.push({ line, message: problem });
    if (converted?.ok === false) errors.push({ line, message: converted.message });
    else if (!problem) rows.push({ item, rater, value: converted?.ok ? converted.value : null });
  }
  return rows;
}

function identityProblem(
  item: string,
  rater: string,
  line: number,
  firstLine: Map<string, number>,
): string | null {
  if (item === '') return 'empty item_id';
  if (rater === '') return 'empty rater_id';
  const key = JSON.stringify([item, rater]);
  const first = firstLine.get(key);
  if (first !== undefined) {
    return `duplicate rating for item "${item}" by rater "${rater}" (first on line ${first})`;
  }
  firstLine.set(key, line);
  return null;
}

function capErrors(errors: CsvError[]): CsvError[] {
  if (errors.length <= MAX_CSV_ERRORS) return errors;
  const kept = errors.slice(0, MAX_CSV_ERRORS);
  const last = kept[kept.length - 1].line;
  return [...kept, { line: last, message: 'too many errors; stopped checking' }];
}
