import { type ReactNode } from 'react';

export type SortDirection = false | 'asc' | 'desc';

export type TableMarkupHeader = {
  id: string;
  /** The header's content (`<table.FlexRender header={header} />`); null for a placeholder. */
  content: ReactNode;
  /** A sortable column: its header is a button that toggles the sort. */
  sort?: { columnId: string; direction: SortDirection; toggle: (event: unknown) => void };
};

export type TableMarkupRow = { id: string; cells: { id: string; content: ReactNode }[] };

type TableMarkupProps = {
  caption: string;
  captionHidden?: boolean;
  busy?: boolean;
  headerGroups: { id: string; headers: TableMarkupHeader[] }[];
  rows: TableMarkupRow[];
  columnCount: number;
  empty: ReactNode;
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const SORT_MARK = { asc: ' ▲', desc: ' ▼' } as const;

/**
 * The semantic `<table>` markup every table renders (caption, sortable headers as buttons with
 * `aria-sort`, an empty row), from what each `@tanstack/react-table` instance gives, whatever its
 * features.
 */
export function TableMarkup({
  caption,
  captionHidden,
  busy,
  headerGroups,
  rows,
  columnCount,
  empty,
}: TableMarkupProps) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-busy={busy || undefined}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          {headerGroups.map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={header.sort?.direction ? ARIA_SORT[header.sort.direction] : undefined}
                >
                  {header.sort && header.content !== null ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={header.sort.toggle}
                      data-sort-column={header.sort.columnId}
                    >
                      {header.content}
                      <span aria-hidden="true" className="sort-mark">
                        {header.sort.direction ? SORT_MARK[header.sort.direction] : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    header.content
                  )}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td className="data-table-empty" colSpan={columnCount}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                {row.cells.map((cell) => (
                  <td key={cell.id}>{cell.content}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
