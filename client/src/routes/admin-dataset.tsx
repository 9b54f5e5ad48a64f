import { DATASET_LISTS, type DatasetList, type DatasetTotal } from '@peel/shared';
import { type SortingState } from '@tanstack/react-table';
import { NavLink, useParams, useSearchParams } from 'react-router';
import { ServerDataTable } from '../components/ui/server-data-table';
import { useDatasetPage } from '../features/dataset/api';
import { editColumns, pairColumns, sessionColumns } from '../features/dataset/columns';
import { ApiErrorAlert } from '../features/dataset/components/api-error';
import { DatasetFilters } from '../features/dataset/components/dataset-filters';
import { apiQuery, sortingOf, withParams } from '../features/dataset/url-state';
import { NotFoundPage } from './not-found';

const TITLES: Record<DatasetList, string> = {
  edits: 'Edits',
  pairs: 'Pairs',
  sessions: 'Multi-turn sessions',
};

function isList(value: string | undefined): value is DatasetList {
  return (DATASET_LISTS as readonly string[]).includes(value ?? '');
}

function totalText(total: DatasetTotal): string {
  const n = total.count.toLocaleString();
  if (total.kind === 'exact') return `${n} matching`;
  if (total.kind === 'at_least') return `more than ${n} matching`;
  return `about ${n} in all`;
}

/** `/admin/dataset/:list?`: the dataset browser; sort, filters and page live in the URL. */
export function AdminDatasetPage() {
  const params = useParams();
  const list = params.list ?? 'edits';
  if (!isList(list)) return <NotFoundPage />;
  return <DatasetBrowser key={list} list={list} />;
}

function DatasetBrowser({ list }: { list: DatasetList }) {
  const [search, setSearch] = useSearchParams();
  const query = apiQuery(list, search);
  const page = useDatasetPage(list, query);
  const sorting = sortingOf(search);

  const change = (changes: Record<string, string | null>) => setSearch(withParams(search, changes));
  const sortBy = (next: SortingState) => {
    const [first] = next;
    change({ sort: first ? `${first.desc ? '-' : ''}${first.id}` : null });
  };

  const common = {
    getRowId: (row: { id: number }) => String(row.id),
    caption: TITLES[list],
    captionHidden: true,
    sorting,
    onSortingChange: sortBy,
    busy: page.isFetching,
  };
  const data = page.data?.items ?? [];

  return (
    <section aria-labelledby="dataset-title">
      <title>{`${TITLES[list]} · Dataset · Peel`}</title>
      <h1 className="page-title" id="dataset-title">
        Dataset
      </h1>
      <nav aria-label="Dataset lists" className="tabs">
        {DATASET_LISTS.map((name) => (
          <NavLink key={name} to={`/admin/dataset/${name}`} className="tab">
            {TITLES[name]}
          </NavLink>
        ))}
      </nav>
      <DatasetFilters key={query} list={list} search={search} onChange={change} />
      {page.isError ? <ApiErrorAlert error={page.error} /> : null}
      <div className="table-bar">
        <span role="status" className="muted" data-testid="dataset-total">
          {page.data ? totalText(page.data.total) : page.isPending ? 'Loading…' : ''}
        </span>
        <Pager
          onFirst={search.get('cursor') ? () => change({ cursor: null }) : undefined}
          onPrevious={
            page.data?.prevCursor ? () => change({ cursor: page.data!.prevCursor }) : undefined
          }
          onNext={
            page.data?.nextCursor ? () => change({ cursor: page.data!.nextCursor }) : undefined
          }
        />
      </div>
      {list === 'edits' ? (
        <ServerDataTable {...common} columns={editColumns} data={data as never[]} />
      ) : list === 'pairs' ? (
        <ServerDataTable {...common} columns={pairColumns} data={data as never[]} />
      ) : (
        <ServerDataTable {...common} columns={sessionColumns} data={data as never[]} />
      )}
    </section>
  );
}

type PagerProps = { onFirst?: () => void; onPrevious?: () => void; onNext?: () => void };

function Pager({ onFirst, onPrevious, onNext }: PagerProps) {
  return (
    <div className="pager" role="group" aria-label="Pages">
      <button type="button" className="button button-small" onClick={onFirst} disabled={!onFirst}>
        First
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={onPrevious}
        disabled={!onPrevious}
      >
        Previous
      </button>
      <button type="button" className="button button-small" onClick={onNext} disabled={!onNext}>
        Next
      </button>
    </div>
  );
}
