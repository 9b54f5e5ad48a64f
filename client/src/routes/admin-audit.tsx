import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiErrorAlert } from '../features/dataset/components/api-error';
import { AUDIT_PARAMS, useAuditPage } from '../features/audit/api';
import { formatDateTime } from '../lib/format';

const FILTERS = [
  { name: 'actor', label: 'Actor (user id, or "none")' },
  { name: 'action', label: 'Action (exact, or a prefix like "batch.")' },
  { name: 'targetType', label: 'Target type' },
  { name: 'targetId', label: 'Target id' },
] as const;

/** `datetime-local` value (local time) to an ISO instant, and back. */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}
function toLocal(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

/** `/admin/audit`: the audit log, filtered and paged through the URL. */
export function AdminAuditPage() {
  const [search, setSearch] = useSearchParams();
  const query = new URLSearchParams();
  for (const name of AUDIT_PARAMS) {
    const value = search.get(name);
    if (value) query.set(name, value);
  }
  const page = useAuditPage(query.toString());
  const id = useId();
  const [draft, setDraft] = useState<Record<string, string>>(() => ({
    actor: search.get('actor') ?? '',
    action: search.get('action') ?? '',
    targetType: search.get('targetType') ?? '',
    targetId: search.get('targetId') ?? '',
    from: toLocal(search.get('from')),
    to: toLocal(search.get('to')),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(draft)) {
      const v = name === 'from' || name === 'to' ? toIso(value) : value.trim();
      if (v) next.set(name, v);
    }
    setSearch(next);
  }

  const older = page.data?.nextCursor;
  return (
    <section aria-labelledby="audit-title">
      <title>Audit log · Peel</title>
      <h1 className="page-title" id="audit-title">
        Audit log
      </h1>
      <form className="filters" onSubmit={submit} aria-label="Filters">
        {FILTERS.map((filter) => (
          <div className="field" key={filter.name}>
            <label className="field-label" htmlFor={`${id}-${filter.name}`}>
              {filter.label}
            </label>
            <input
              id={`${id}-${filter.name}`}
              className="input"
              name={filter.name}
              value={draft[filter.name]}
              onChange={(event) => setDraft({ ...draft, [filter.name]: event.target.value })}
            />
          </div>
        ))}
        {(['from', 'to'] as const).map((name) => (
          <div className="field" key={name}>
            <label className="field-label" htmlFor={`${id}-${name}`}>
              {name === 'from' ? 'From' : 'Until'}
            </label>
            <input
              id={`${id}-${name}`}
              className="input"
              type="datetime-local"
              name={name}
              value={draft[name]}
              onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
            />
          </div>
        ))}
        <div className="form-actions">
          <button type="submit" className="button">
            Apply
          </button>
        </div>
      </form>
      {page.isError ? <ApiErrorAlert error={page.error} /> : null}
      <div className="table-bar">
        <span className="muted">Newest first</span>
        <div className="pager" role="group" aria-label="Pages">
          <button
            type="button"
            className="button button-small"
            disabled={!search.get('cursor')}
            onClick={() => {
              const next = new URLSearchParams(search);
              next.delete('cursor');
              setSearch(next);
            }}
          >
            Newest
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={!older}
            onClick={() => {
              const next = new URLSearchParams(search);
              next.set('cursor', older!);
              setSearch(next);
            }}
          >
            Older
          </button>
        </div>
      </div>
      <div className="table-scroll">
        <table className="data-table" aria-busy={page.isFetching || undefined}>
          <caption className="visually-hidden">Audit events</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
              <th scope="col">IP</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.items ?? []).length === 0 ? (
              <tr>
                <td colSpan={6} className="data-table-empty">
                  {page.isPending ? 'Loading…' : 'No events match.'}
                </td>
              </tr>
            ) : (
              page.data!.items.map((event) => (
                <tr key={event.id}>
                  <td>
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td>
                    {event.actor ? (
                      `${event.actor.email ?? 'deleted user'} (#${event.actor.id})`
                    ) : (
                      <span className="muted">anonymous</span>
                    )}
                  </td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>{event.targetType ? `${event.targetType} ${event.targetId ?? ''}` : '—'}</td>
                  <td>
                    <code className="details">{JSON.stringify(event.details)}</code>
                  </td>
                  <td>{event.ip ?? ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
