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
import { TableMarkup } from './table-markup';

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
  return (
    <TableMarkup
      caption={caption}
      captionHidden={captionHidden}
      busy={busy}
      headerGroups={table.getHeaderGroups().map((group) => ({
        id: group.id,
        headers: group.headers.map((header) => ({
          id: header.id,
          content: header.isPlaceholder ? null : <table.FlexRender header={header} />,
          sort: header.column.getCanSort()
            ? {
                columnId: header.column.id,
                direction: header.column.getIsSorted(),
                toggle: header.column.getToggleSortingHandler()!,
              }
            : undefined,
        })),
      }))}
      rows={table.getRowModel().rows.map((row) => ({
        id: row.id,
        cells: row.getAllCells().map((cell) => ({
          id: cell.id,
          content: <table.FlexRender cell={cell} />,
        })),
      }))}
      columnCount={table.getAllLeafColumns().length}
      empty={empty}
    />
  );
}
