import { DomainError } from '../errors/domain-error';

/**
 * Keyset paging over `(sort column, id)`: a page is `WHERE (col, id) > (last)` in the index's
 * order, so a deep page costs what the first one does. The cursor is opaque to clients (base64url
 * JSON of the sort it belongs to, the direction and the boundary row's key).
 */
export interface KeysetSort {
  /** The sort as the client named it (`-import`), bound into the cursor. */
  name: string;
  /** SQL of the sort column (an indexed expression with `, id` after it). */
  column: string;
  /** SQL of the tiebreak id column. */
  id: string;
  /** The column's value type in a cursor. */
  type: 'number' | 'text';
  descending: boolean;
}

export interface KeysetCursor {
  direction: 'next' | 'prev';
  value: number | string;
  id: number;
}

interface CursorJson {
  s: string;
  d: 'n' | 'p';
  k: [number | string, number];
}

function badCursor(message: string): never {
  throw new DomainError('VALIDATION_FAILED', `Invalid request: cursor (${message})`, [
    { path: 'cursor', message },
  ]);
}

export function encodeCursor(sort: KeysetSort, cursor: KeysetCursor): string {
  const json: CursorJson = {
    s: sort.name,
    d: cursor.direction === 'next' ? 'n' : 'p',
    k: [cursor.value, cursor.id],
  };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

export function decodeCursor(sort: KeysetSort, raw: string): KeysetCursor {
  let json: CursorJson;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as CursorJson;
  } catch {
    return badCursor('not a cursor of this list; start again without one');
  }
  if (!json || typeof json !== 'object' || !Array.isArray(json.k) || json.k.length !== 2) {
    return badCursor('not a cursor of this list; start again without one');
  }
  if (json.s !== sort.name) {
    return badCursor(`made for sort "${String(json.s)}", not "${sort.name}"; start again`);
  }
  const [value, id] = json.k;
  const valueOk =
    sort.type === 'number'
      ? Number.isSafeInteger(value)
      : typeof value === 'string' && value.length <= 1000;
  if (!valueOk || !Number.isSafeInteger(id) || (json.d !== 'n' && json.d !== 'p')) {
    return badCursor('not a cursor of this list; start again without one');
  }
  return { direction: json.d === 'n' ? 'next' : 'prev', value, id };
}

export interface KeysetClause {
  /** `(col, id) > ($n, $m)` or empty for the first page. */
  where: string | null;
  orderBy: string;
  /** ASC or DESC: the direction of this walk. */
  direction: 'ASC' | 'DESC';
  /** The rows come back in reverse (a previous page): put them back in display order. */
  reversed: boolean;
}

/** The WHERE and ORDER BY of one page; `add` binds a parameter and answers its placeholder. */
export function keysetClause(
  sort: KeysetSort,
  cursor: KeysetCursor | undefined,
  add: (value: unknown) => string,
): KeysetClause {
  const backwards = cursor?.direction === 'prev';
  // Walking towards larger keys: ascending order going forward, descending going back.
  const ascending = sort.descending === backwards;
  const order = ascending ? 'ASC' : 'DESC';
  const orderBy =
    sort.column === sort.id
      ? `${sort.id} ${order}`
      : `${sort.column} ${order}, ${sort.id} ${order}`;
  if (!cursor) return { where: null, orderBy, direction: order, reversed: false };
  const cast = sort.type === 'number' ? '::bigint' : '::text';
  const comparison = ascending ? '>' : '<';
  const where =
    sort.column === sort.id
      ? `${sort.id} ${comparison} ${add(cursor.id)}::bigint`
      : `(${sort.column}, ${sort.id}) ${comparison} (${add(cursor.value)}${cast}, ${add(cursor.id)}::bigint)`;
  return { where, orderBy, direction: order, reversed: backwards };
}

export interface KeysetPage<T> {
  rows: T[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * Cuts the `limit + 1` rows fetched into a page in display order with its cursors. `keyOf` reads a
 * row's (value, id).
 */
export function keysetPage<T>(
  sort: KeysetSort,
  cursor: KeysetCursor | undefined,
  fetched: T[],
  limit: number,
  keyOf: (row: T) => [number | string, number],
): KeysetPage<T> {
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  if (cursor?.direction === 'prev') rows.reverse();
  const cursorAt = (row: T | undefined, direction: 'next' | 'prev') => {
    if (!row) return null;
    const [value, id] = keyOf(row);
    return encodeCursor(sort, { direction, value, id });
  };
  // Going forward, a page after exists when one more row came back; a page before exists when we
  // came from somewhere. Going back, the reverse.
  const hasNext = cursor?.direction === 'prev' ? true : more;
  const hasPrev = cursor === undefined ? false : cursor.direction === 'prev' ? more : true;
  return {
    rows,
    nextCursor: hasNext ? cursorAt(rows[rows.length - 1], 'next') : null,
    prevCursor: hasPrev ? cursorAt(rows[0], 'prev') : null,
  };
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
