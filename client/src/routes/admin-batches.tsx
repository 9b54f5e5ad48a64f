import { BATCH_STATUSES, TASK_TYPES, type TaskType } from '@peel/shared';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { PageError, PageLoading } from '../components/ui/page-state';
import { useBatchList } from '../features/batches/api';
import { BatchesTable } from '../features/batches/components/batches-table';
import { STATUS_LABELS, TASK_TYPE_LABELS } from '../features/batches/labels';
import { useBatchListState } from '../features/batches/list-state';
import { errorMessage } from '../lib/form-errors';

/** Every batch: filters, sort and page in the URL; progress, agreement and ETA per row. */
export function AdminBatchesPage() {
  const { query, update } = useBatchListState();
  const list = useBatchList(query);
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => {
    if ((query.q ?? '') === search) return;
    const timer = setTimeout(() => update({ q: search || undefined }), 300);
    return () => clearTimeout(timer);
  }, [search, query.q, update]);

  const toggleStatus = (status: (typeof BATCH_STATUSES)[number]) => {
    const current = query.status ?? [];
    update({
      status: current.includes(status) ? current.filter((s) => s !== status) : [...current, status],
    });
  };

  return (
    <section aria-labelledby="batches-title">
      <title>Batches · Peel</title>
      <div className="page-head">
        <h1 className="page-title" id="batches-title">
          Batches
        </h1>
        <Link className="button button-primary" to="/admin/batches/new">
          New batch
        </Link>
      </div>
      <form
        className="filter-bar"
        role="search"
        aria-label="Filter batches"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field-inline">
          Name
          <input
            className="input"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="field-inline">
          Task type
          <select
            className="input"
            value={query.taskType?.[0] ?? ''}
            onChange={(event) =>
              update({ taskType: event.target.value ? [event.target.value as TaskType] : [] })
            }
          >
            <option value="">All</option>
            {TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {TASK_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field-inline chips">
          <legend>Status</legend>
          {BATCH_STATUSES.map((status) => (
            <label key={status} className="chip">
              <input
                type="checkbox"
                checked={query.status?.includes(status) ?? false}
                onChange={() => toggleStatus(status)}
              />{' '}
              {STATUS_LABELS[status]}
            </label>
          ))}
        </fieldset>
      </form>
      {list.isPending ? (
        <PageLoading label="Loading batches…" />
      ) : list.isError ? (
        <PageError
          title="Batches could not be loaded"
          message={errorMessage(list.error)}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <BatchesTable
          query={query}
          onChange={update}
          items={list.data.items}
          total={list.data.total}
        />
      )}
    </section>
  );
}
