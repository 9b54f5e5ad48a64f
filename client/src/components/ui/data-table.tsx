import {
  type CellData,
  type ColumnDef,
  createColumnHelper,
  type RowData,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode } from 'react';

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
  const rows = table.getRowModel().rows;

  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
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
