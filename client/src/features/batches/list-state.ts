import {
  BATCH_SORTS,
  BATCH_STATUSES,
  type BatchListQuery,
  type BatchSort,
  type BatchStatus,
  TASK_TYPES,
  type TaskType,
} from '@peel/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

const PAGE_SIZES = [10, 20, 50, 100] as const;
export { PAGE_SIZES };

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((value) => value === raw);
}

function listOf<T extends string>(values: readonly T[], raw: string | null): T[] {
  if (!raw) return [];
  return raw.split(',').flatMap((part) => oneOf(values, part) ?? []);
}

/**
 * The batch table's state lives in the URL (`?status=active&sort=progress&order=asc&page=2`), so
 * a view can be shared and the back button works; unknown values fall back to the defaults.
 */
export function useBatchListState() {
  const [params, setParams] = useSearchParams();
  const query: BatchListQuery = useMemo(() => {
    const pageSize = Number(params.get('pageSize'));
    return {
      status: listOf<BatchStatus>(BATCH_STATUSES, params.get('status')),
      taskType: listOf<TaskType>(TASK_TYPES, params.get('taskType')),
      q: params.get('q') ?? undefined,
      sort: oneOf<BatchSort>(BATCH_SORTS, params.get('sort')) ?? 'id',
      order: params.get('order') === 'asc' ? 'asc' : 'desc',
      page: Math.max(0, Math.floor(Number(params.get('page')) || 0)),
      pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 20,
    };
  }, [params]);

  /** Changes some of the state; any change but the page itself goes back to the first page. */
  const update = useCallback(
    (change: Partial<BatchListQuery>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          const merged = { ...query, ...change };
          if (!('page' in change)) merged.page = 0;
          const set = (key: string, value: string | undefined, fallback?: string) => {
            if (!value || value === fallback) next.delete(key);
            else next.set(key, value);
          };
          set('status', merged.status?.join(','));
          set('taskType', merged.taskType?.join(','));
          set('q', merged.q);
          set('sort', merged.sort, 'id');
          set('order', merged.order, 'desc');
          set('page', String(merged.page), '0');
          set('pageSize', String(merged.pageSize), '20');
          return next;
        },
        { replace: false },
      );
    },
    [query, setParams],
  );
  return { query, update };
}
