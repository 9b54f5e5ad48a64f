import { type DatasetList, type DatasetPageQuery } from '@peel/shared';
import {
  decodeCursor,
  type KeysetCursor,
  keysetClause,
  type KeysetSort,
} from '../../common/db/keyset';
import { filterSql, parseSort } from './list-spec';

/** Counting stops here: a larger filtered total is reported as "at least". */
export const TOTAL_COUNT_CAP = 10_000;

export interface PageSql {
  sort: KeysetSort;
  cursor: KeysetCursor | undefined;
  /** The page's ids and sort values, `limit + 1` of them (one more tells a next page exists). */
  keys: string;
  keyParams: unknown[];
  filtered: boolean;
  /** `FROM ... WHERE <filters>` for the total. */
  countFromWhere: string;
  countParams: unknown[];
}

/** The SQL of one page of a list: the keyset walk on the main table alone, and its filters. */
export function pageSql(list: DatasetList, query: DatasetPageQuery): PageSql {
  const sort = parseSort(list, query.sort);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(sort, query.cursor);
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const filters = filterSql(list, query, add);
  const countParams = [...params];
  const keyset = keysetClause(sort, cursor, add);
  // In id order with a column fixed by a filter, walk that column's (column, id) index.
  const orderBy =
    filters.pinned && sort.column === sort.id
      ? `${filters.pinned} ${keyset.direction}, ${keyset.orderBy}`
      : keyset.orderBy;
  const conditions = keyset.where ? [...filters.conditions, keyset.where] : filters.conditions;
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const countWhere = filters.conditions.length ? `WHERE ${filters.conditions.join(' AND ')}` : '';
  return {
    sort,
    cursor,
    keys: `SELECT ${sort.id} AS id, ${sort.column} AS sort_value FROM ${filters.from} ${where}
            ORDER BY ${orderBy} LIMIT ${query.limit + 1}`,
    keyParams: params,
    filtered: filters.filtered,
    countFromWhere: `FROM ${filters.from} ${countWhere}`,
    countParams,
  };
}

/** Counts the matching rows, stopping one past the cap. */
export function cappedCountSql(fromWhere: string): string {
  return `SELECT count(*)::int AS count FROM (SELECT 1 ${fromWhere} LIMIT ${TOTAL_COUNT_CAP + 1}) x`;
}

/** The planner's estimate of the matching rows (EXPLAIN only: nothing is read). */
export function estimateSql(fromWhere: string): string {
  return `EXPLAIN (FORMAT JSON) SELECT 1 ${fromWhere}`;
}

export function planRows(
  explained: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[],
): number {
  return Number(explained[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}

/** The list's table, for the planner's row estimate of an unfiltered total. */
export const LIST_TABLES: Record<DatasetList, string> = {
  edits: 'edit',
  pairs: 'edit_pair',
  sessions: 'mt_session',
};
