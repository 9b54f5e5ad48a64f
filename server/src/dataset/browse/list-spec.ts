import {
  DATASET_FILTERS,
  DATASET_SORTS,
  type DatasetList,
  type DatasetPageQuery,
  EDIT_ORIGINS,
  EDIT_OUTCOME_ORIGINS,
  EDIT_TYPES,
  PAIR_ORIGINS,
} from '@peel/shared';
import { type KeysetSort, likeContains } from '../../common/db/keyset';
import { DomainError } from '../../common/errors/domain-error';

/** How one list of the dataset browser is read: its table, sorts and filters as SQL. */
interface ListTable {
  /** The list's main table with its alias. */
  from: string;
  id: string;
  sorts: Record<string, { column: string; type: 'number' | 'text' }>;
  /** Joins a filter needs (only added when that filter is used). */
  editJoin?: string;
  editTypeColumn?: string;
  importColumn: string;
  originColumn?: string;
  origins?: readonly string[];
  subjectColumn: 'edit_id' | 'pair_id' | 'session_id';
  search: (placeholder: string) => string;
}

const TABLES: Record<DatasetList, ListTable> = {
  edits: {
    from: 'edit e',
    id: 'e.id',
    sorts: {
      id: { column: 'e.id', type: 'number' },
      editType: { column: 'e.edit_type_id', type: 'number' },
      origin: { column: 'e.origin', type: 'text' },
      import: { column: 'e.import_id', type: 'number' },
    },
    editTypeColumn: 'e.edit_type_id',
    importColumn: 'e.import_id',
    originColumn: 'e.origin',
    origins: EDIT_ORIGINS,
    subjectColumn: 'edit_id',
    search: (p) => `e.instruction ILIKE ${p}`,
  },
  pairs: {
    from: 'edit_pair p',
    id: 'p.id',
    sorts: {
      id: { column: 'p.id', type: 'number' },
      origin: { column: 'p.origin', type: 'text' },
      // Admin pairs have no import: they sort as import 0 (the index is on this expression).
      import: { column: 'coalesce(p.import_id, 0)', type: 'number' },
    },
    editJoin: 'JOIN edit f ON f.id = p.first_edit_id',
    editTypeColumn: 'f.edit_type_id',
    importColumn: 'p.import_id',
    originColumn: 'p.origin',
    origins: PAIR_ORIGINS,
    subjectColumn: 'pair_id',
    search: (p) => `f.instruction ILIKE ${p}`,
  },
  sessions: {
    from: 'mt_session m',
    id: 'm.id',
    sorts: {
      id: { column: 'm.id', type: 'number' },
      turns: { column: 'm.turn_count', type: 'number' },
      import: { column: 'm.import_id', type: 'number' },
    },
    importColumn: 'm.import_id',
    subjectColumn: 'session_id',
    search: (p) =>
      `EXISTS (SELECT 1 FROM mt_turn st WHERE st.session_id = m.id AND st.prompt ILIKE ${p})`,
  },
};

/**
 * `col = $n` for one value (an index on (col, id) then walks in id order), `col = ANY($n)` for more.
 */
function oneOf(
  column: string,
  values: readonly unknown[],
  type: string,
  add: (value: unknown) => string,
): string {
  return values.length === 1
    ? `${column} = ${add(values[0])}::${type}`
    : `${column} = ANY(${add(values)}::${type}[])`;
}

function invalid(path: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `Invalid request: ${path} (${message})`, [
    { path, message },
  ]);
}

/** The query parameters a list reads: paging, sort and its own filters. */
export function knownParams(list: DatasetList): string[] {
  return ['sort', 'cursor', 'limit', ...DATASET_FILTERS[list]];
}

/**
 * Refuses a query parameter the list does not know, naming it (zod's strict object already
 * refuses keys no list knows; this catches e.g. `outcome` on pairs).
 */
export function checkKnownParams(list: DatasetList, raw: Record<string, unknown>): void {
  const known = new Set<string>(knownParams(list));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      invalid(
        key,
        `unknown filter "${key}" for ${list}; filters: ${DATASET_FILTERS[list].join(', ')}`,
      );
    }
  }
}

export function parseSort(list: DatasetList, raw: string): KeysetSort {
  const descending = raw.startsWith('-');
  const key = descending ? raw.slice(1) : raw;
  const table = TABLES[list];
  const spec = table.sorts[key];
  if (!spec) {
    const allowed: readonly string[] = DATASET_SORTS[list];
    invalid('sort', `unknown sort column "${key}" for ${list}; sortable: ${allowed.join(', ')}`);
  }
  return { name: raw, column: spec.column, id: table.id, type: spec.type, descending };
}

export interface ListFilterSql {
  from: string;
  conditions: string[];
  /**
   * A column the filters fix to one value that leads an index `(column, id)`: an id order can walk
   * that index instead (`ORDER BY column, id` is the same order when the column is constant).
   */
  pinned: string | null;
  /** Whether any filter is set (an unfiltered total can come from the statistics). */
  filtered: boolean;
}

/** The FROM and WHERE conditions of a list's filters; `add` binds a parameter. */
export function filterSql(
  list: DatasetList,
  query: DatasetPageQuery,
  add: (value: unknown) => string,
): ListFilterSql {
  const table = TABLES[list];
  const conditions: string[] = [];
  const pinned: string[] = [];
  let join = false;
  const typeIds = editTypeIds(query);
  if (typeIds) {
    conditions.push(oneOf(table.editTypeColumn!, typeIds, 'smallint', add));
    join = table.editJoin !== undefined;
    if (typeIds.length === 1 && !join) pinned.push(table.editTypeColumn!);
  }
  if (query.import?.length) {
    conditions.push(oneOf(table.importColumn, query.import, 'bigint', add));
    if (query.import.length === 1) pinned.unshift(table.sorts.import.column);
  }
  if (query.origin?.length) {
    const wrong = query.origin.filter((origin) => !table.origins!.includes(origin));
    if (wrong.length) {
      invalid('origin', `unknown origin ${wrong.join(', ')}; use ${table.origins!.join(', ')}`);
    }
    conditions.push(oneOf(table.originColumn!, query.origin, 'text', add));
    if (query.origin.length === 1) pinned.push(table.originColumn!);
  }
  if (query.outcome) {
    conditions.push(oneOf('e.origin', EDIT_OUTCOME_ORIGINS[query.outcome], 'text', add));
    if (EDIT_OUTCOME_ORIGINS[query.outcome].length === 1) pinned.push('e.origin');
  }
  if (query.judged) {
    const judged = `EXISTS (SELECT 1 FROM batch_item jb WHERE jb.${table.subjectColumn} = ${table.id} AND jb.submitted > 0)`;
    conditions.push(query.judged === 'with' ? judged : `NOT ${judged}`);
  }
  if (query.q) {
    conditions.push(table.search(add(likeContains(query.q))));
    join ||= table.editJoin !== undefined;
  }
  return {
    from: join ? `${table.from} ${table.editJoin}` : table.from,
    conditions,
    pinned: pinned[0] ?? null,
    filtered: conditions.length > 0,
  };
}

/** The edit types the editType and category filters leave (both must hold), or undefined. */
function editTypeIds(query: DatasetPageQuery): number[] | undefined {
  if (!query.editType?.length && !query.category?.length) return undefined;
  return EDIT_TYPES.filter(
    (type) =>
      (!query.editType?.length || query.editType.includes(type.id)) &&
      (!query.category?.length || query.category.includes(type.categoryId)),
  ).map((type) => type.id);
}
