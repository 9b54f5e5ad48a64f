import {
  type CellData,
  type ColumnDef,
  createColumnHelper,
  type RowData,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode } from 'react';
import { TableMarkup } from './table-markup';

/** Plain tables: no sorting or paging on the client yet (lists are small or paged by the server). */
export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;

/** A column helper bound to the features `DataTable` renders with. */
export function createDataColumnHelper<T extends RowData>() {
  return createColumnHelper<DataTableFeatures, T>();
}

type DataTableProps<T extends RowData> = {
  /** Each column keeps its own value type (what `helper.columns([...])` returns). */
  columns: ReadonlyArray<ColumnDef<DataTableFeatures, T, CellData>>;
  data: ReadonlyArray<T>;
  getRowId: (row: T) => string;
  /** Names the table for screen readers; shown visually unless `captionHidden`. */
  caption: string;
  captionHidden?: boolean;
  empty?: ReactNode;
};

/** The one table component: semantic `<table>` markup over `@tanstack/react-table`. */
export function DataTable<T extends RowData>({
  columns,
  data,
  getRowId,
  caption,
  captionHidden,
  empty = 'Nothing here yet.',
}: DataTableProps<T>) {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: data as T[],
    getRowId,
  });
  return (
    <TableMarkup
      caption={caption}
      captionHidden={captionHidden}
      headerGroups={table.getHeaderGroups().map((group) => ({
        id: group.id,
        headers: group.headers.map((header) => ({
          id: header.id,
          content: header.isPlaceholder ? null : <table.FlexRender header={header} />,
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
