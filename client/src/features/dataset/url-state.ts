import { DATASET_FILTERS, DATASET_SORTS, type DatasetList } from '@peel/shared';
import { type SortingState } from '@tanstack/react-table';

/**
 * The dataset table's state lives in the URL (`?sort=-editType&editType=3&cursor=...`), so a view
 * can be shared and survives a reload. Only the list's own parameters are passed to the API.
 */
export function apiQuery(list: DatasetList, search: URLSearchParams): string {
  const known = new Set<string>(['sort', 'cursor', 'limit', ...DATASET_FILTERS[list]]);
  const out = new URLSearchParams();
  for (const [key, value] of search) if (known.has(key) && value !== '') out.append(key, value);
  return out.toString();
}

export function sortingOf(search: URLSearchParams): SortingState {
  const sort = search.get('sort') ?? 'id';
  const desc = sort.startsWith('-');
  return [{ id: desc ? sort.slice(1) : sort, desc }];
}

export function isSortable(list: DatasetList, column: string): boolean {
  return (DATASET_SORTS[list] as readonly string[]).includes(column);
}

/** A copy of the params with `changes` applied (null removes); any change but paging resets the cursor. */
export function withParams(
  search: URLSearchParams,
  changes: Record<string, string | string[] | null>,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v !== '') next.append(key, v);
  }
  if (!('cursor' in changes)) next.delete('cursor');
  return next;
}
