import { type BatchListItem, type BatchListQuery, type BatchSort } from '@peel/shared';
import {
  type CellData,
  type ColumnDef,
  createColumnHelper,
  functionalUpdate,
  type PaginationState,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ProgressBar } from '../../labeling/components/progress-bar';
import { formatDate } from '../../../lib/format';
import { formatDuration, STATUS_BADGE, STATUS_LABELS, TASK_TYPE_LABELS } from '../labels';
import { TableMarkup } from '../../../components/ui/table-markup';
import { PAGE_SIZES } from '../list-state';
import { BatchActions } from './batch-actions';

/** Sorting and paging are the server's (manual): the table holds their state, read from the URL. */
const features = tableFeatures({ rowSortingFeature, rowPaginationFeature });
const helper = createColumnHelper<typeof features, BatchListItem>();

const columns = helper.columns([
  helper.accessor('name', {
    header: 'Batch',
    cell: ({ row }) => (
      <div className="user-cell">
        <Link to={`/admin/batches/${row.original.id}`}>{row.original.name}</Link>
        <span className="muted">
          #{row.original.id} · k = {row.original.k}
          {row.original.adaptive ? `–${row.original.kMax}` : ''}
        </span>
      </div>
    ),
  }),
  helper.accessor('status', {
    header: 'Status',
    cell: (info) => (
      <span className={STATUS_BADGE[info.getValue()]}>{STATUS_LABELS[info.getValue()]}</span>
    ),
  }),
  helper.accessor('taskType', {
    header: 'Task type',
    cell: (info) => TASK_TYPE_LABELS[info.getValue()],
  }),
  helper.accessor((batch) => batch.itemsComplete / Math.max(batch.itemCount, 1), {
    id: 'progress',
    header: 'Progress',
    cell: ({ row }) => {
      const batch = row.original;
      return (
        <div className="batch-progress">
          <ProgressBar
            done={batch.itemsComplete}
            total={batch.itemCount}
            label={`Items complete in ${batch.name}`}
          />
          <span className="muted">
            {batch.itemsComplete} / {batch.itemCount} items
          </span>
        </div>
      );
    },
  }),
  helper.accessor('judgmentCount', {
    id: 'judgments',
    header: 'Judgments',
    cell: ({ row }) => (
      <span title={`${row.original.goldJudgments} on gold items`}>
        {row.original.judgmentCount}
        {row.original.recentRatePerHour !== null ? (
          <span className="muted"> · {row.original.recentRatePerHour}/h</span>
        ) : null}
      </span>
    ),
  }),
  helper.display({
    id: 'agreement',
    header: 'Agreement (α)',
    cell: ({ row }) => {
      const agreement = row.original.agreement;
      if (!agreement) return <span className="muted">not computed</span>;
      if (agreement.alpha === null)
        return (
          <span className="muted" title={agreement.reason ?? ''}>
            undefined
          </span>
        );
      return (
        <span
          title={`${agreement.question}, as of ${agreement.computedForJudgmentCount} judgments`}
        >
          {agreement.alpha.toFixed(2)}
        </span>
      );
    },
  }),
  helper.display({
    id: 'eta',
    header: 'ETA',
    cell: ({ row }) => {
      const { etaSeconds, etaReason } = row.original;
      if (etaSeconds === 0) return 'done';
      if (etaSeconds === null) return <span className="muted">{etaReason}</span>;
      return (
        <span title={`${row.original.judgmentsRemaining} judgments to go`}>
          {formatDuration(etaSeconds)}
        </span>
      );
    },
  }),
  helper.accessor('createdAt', {
    header: 'Created',
    cell: (info) => <time dateTime={info.getValue()}>{formatDate(info.getValue())}</time>,
  }),
  helper.display({
    id: 'actions',
    header: 'Actions',
    cell: ({ row }) => <BatchActions batch={row.original} small />,
  }),
]) as ReadonlyArray<ColumnDef<typeof features, BatchListItem, CellData>>;

const SORTABLE = new Set<string>([
  'name',
  'status',
  'taskType',
  'progress',
  'judgments',
  'createdAt',
]);

type BatchesTableProps = {
  query: BatchListQuery;
  onChange: (change: Partial<BatchListQuery>) => void;
  items: BatchListItem[];
  total: number;
};

const rowId = (batch: BatchListItem) => String(batch.id);

export function BatchesTable({ query, onChange, items, total }: BatchesTableProps) {
  const sorting: SortingState = useMemo(
    () => (query.sort === 'id' ? [] : [{ id: query.sort, desc: query.order === 'desc' }]),
    [query.sort, query.order],
  );
  const pagination: PaginationState = useMemo(
    () => ({ pageIndex: query.page, pageSize: query.pageSize }),
    [query.page, query.pageSize],
  );
  const table = useTable({
    features,
    columns,
    data: items,
    getRowId: rowId,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    state: { sorting, pagination },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, sorting);
      onChange(
        next
          ? { sort: next.id as BatchSort, order: next.desc ? 'desc' : 'asc' }
          : { sort: 'id', order: 'desc' },
      );
    },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      onChange(
        next.pageSize !== pagination.pageSize
          ? { pageSize: next.pageSize }
          : { page: next.pageIndex },
      );
    },
  });
  const rows = table.getRowModel().rows;
  const pageCount = Math.max(1, table.getPageCount());

  return (
    <>
      <TableMarkup
        caption="Batches"
        captionHidden
        headerGroups={table.getHeaderGroups().map((group) => ({
          id: group.id,
          headers: group.headers.map((header) => ({
            id: header.id,
            content: header.isPlaceholder ? null : <table.FlexRender header={header} />,
            sort: SORTABLE.has(header.column.id)
              ? {
                  columnId: header.column.id,
                  direction: header.column.getIsSorted(),
                  toggle: header.column.getToggleSortingHandler()!,
                }
              : undefined,
          })),
        }))}
        rows={rows.map((row) => ({
          id: row.id,
          cells: row.getAllCells().map((cell) => ({
            id: cell.id,
            content: <table.FlexRender cell={cell} />,
          })),
        }))}
        columnCount={columns.length}
        empty="No batch matches these filters."
      />
      <nav className="pager" aria-label="Pages of batches">
        <button
          type="button"
          className="button button-small"
          onClick={() => table.previousPage()}
          disabled={!table.getCanPreviousPage()}
        >
          Previous
        </button>
        <span>
          Page {query.page + 1} of {pageCount} · {total} batches
        </span>
        <button
          type="button"
          className="button button-small"
          onClick={() => table.nextPage()}
          disabled={!table.getCanNextPage()}
        >
          Next
        </button>
        <label>
          Rows per page{' '}
          <select
            className="input input-inline"
            value={query.pageSize}
            onChange={(event) => table.setPageSize(Number(event.target.value))}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </>
  );
}
