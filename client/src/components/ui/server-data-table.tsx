import {
  type CellData,
  type ColumnDef,
  createColumnHelper,
  type RowData,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode } from 'react';

/**
 * Tables whose rows the server sorts and pages (keyset): sorting is controlled state (kept in the
 * URL by the page), `manualSorting` so the table never reorders a page on its own.
 */
export const serverTableFeatures = tableFeatures({ rowSortingFeature });
export type ServerTableFeatures = typeof serverTableFeatures;

export function createServerColumnHelper<T extends RowData>() {
  return createColumnHelper<ServerTableFeatures, T>();
}

type ServerDataTableProps<T extends RowData> = {
  columns: ReadonlyArray<ColumnDef<ServerTableFeatures, T, CellData>>;
  data: ReadonlyArray<T>;
  getRowId: (row: T) => string;
  caption: string;
  captionHidden?: boolean;
  /** One column at most (the server sorts on one column, the id breaking ties). */
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  empty?: ReactNode;
  busy?: boolean;
};

/** Semantic `<table>` over `@tanstack/react-table` with sortable headers as buttons. */
export function ServerDataTable<T extends RowData>({
  columns,
  data,
  getRowId,
  caption,
  captionHidden,
  sorting,
  onSortingChange,
  empty = 'Nothing matches.',
  busy,
}: ServerDataTableProps<T>) {
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: data as T[],
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) =>
      onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
  });
  const rows = table.getRowModel().rows;

  return (
    <div className="table-scroll">
      <table className="data-table" aria-busy={busy || undefined}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={header.column.getToggleSortingHandler()}
                        data-sort-column={header.column.id}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td className="data-table-empty" colSpan={table.getAllLeafColumns().length}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
