import { DATASET_KINDS } from '@peel/shared';
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { FormAlert } from '../components/ui/form-alert';
import { ApiErrorAlert } from '../features/dataset/components/api-error';
import {
  useImport,
  useImportHistory,
  useUploadImport,
  useUrlImport,
} from '../features/imports/api';
import {
  formatBytes,
  ImportReport,
  ImportStatusBadge,
} from '../features/imports/components/import-report';
import { formatDateTime } from '../lib/format';

const KIND_OPTIONS = [
  { value: '', label: 'Detect from the file' },
  ...DATASET_KINDS.map((kind) => ({ value: kind, label: kind })),
];

/** `/admin/imports`: upload a JSONL or give a URL, follow the import, read its report and history. */
export function AdminImportsPage() {
  const [search, setSearch] = useSearchParams();
  const selected = search.get('import') ? Number(search.get('import')) : null;
  const select = (id: number) => setSearch({ import: String(id) });

  return (
    <section aria-labelledby="imports-title">
      <title>Imports · Peel</title>
      <h1 className="page-title" id="imports-title">
        Imports
      </h1>
      <div className="card-grid">
        <UploadForm onStarted={select} />
        <UrlForm onStarted={select} />
      </div>
      {selected !== null && Number.isSafeInteger(selected) ? (
        <SelectedImport id={selected} />
      ) : null}
      <ImportHistory selected={selected} onSelect={select} />
    </section>
  );
}

function KindAndStrict({
  kind,
  setKind,
  strict,
  setStrict,
}: {
  kind: string;
  setKind: (kind: string) => void;
  strict: boolean;
  setStrict: (strict: boolean) => void;
}) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-kind`}>
          Kind
        </label>
        <select
          id={`${id}-kind`}
          className="input"
          value={kind}
          onChange={(event) => setKind(event.target.value)}
        >
          {KIND_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} />{' '}
        Strict: import nothing if any line is rejected
      </label>
    </>
  );
}

function UploadForm({ onStarted }: { onStarted: (id: number) => void }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('');
  const [strict, setStrict] = useState(false);
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [missing, setMissing] = useState(false);
  const upload = useUploadImport();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setSent({ sent: 0, total: file.size });
    upload.mutate(
      { file, kind, strict, onProgress: (s, total) => setSent({ sent: s, total }) },
      { onSuccess: (detail) => onStarted(detail.id), onSettled: () => setSent(null) },
    );
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 className="section-title" id={`${id}-title`}>
        Upload a JSONL file
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-file`}>
          File (.jsonl or .jsonl.gz)
        </label>
        <input
          id={`${id}-file`}
          className="input"
          type="file"
          name="file"
          accept=".jsonl,.gz,.json,application/x-ndjson,application/gzip"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          aria-invalid={missing || undefined}
        />
        {missing ? <p className="field-error">Choose a file to upload.</p> : null}
      </div>
      <KindAndStrict kind={kind} setKind={setKind} strict={strict} setStrict={setStrict} />
      {upload.isError ? <ApiErrorAlert error={upload.error} /> : null}
      {sent ? (
        <p role="status">
          Uploading {formatBytes(sent.sent)} of {formatBytes(sent.total)}…
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload and import'}
        </button>
      </div>
    </form>
  );
}

function UrlForm({ onStarted }: { onStarted: (id: number) => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState('');
  const [strict, setStrict] = useState(false);
  const start = useUrlImport();

  function submit(event: FormEvent) {
    event.preventDefault();
    start.mutate(
      {
        url: url.trim(),
        strict,
        ...(kind ? { kind: kind as (typeof DATASET_KINDS)[number] } : {}),
      },
      { onSuccess: (detail) => onStarted(detail.id) },
    );
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 className="section-title" id={`${id}-title`}>
        Import from a URL
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-url`}>
          URL (http or https; plain or gzip)
        </label>
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          name="url"
          required
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://…/sft.jsonl"
        />
      </div>
      <KindAndStrict kind={kind} setKind={setKind} strict={strict} setStrict={setStrict} />
      {start.isError ? <ApiErrorAlert error={start.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start import'}
        </button>
      </div>
    </form>
  );
}

function SelectedImport({ id }: { id: number }) {
  const detail = useImport(id);
  return (
    <section className="section" aria-label="Selected import">
      {detail.isError ? <ApiErrorAlert error={detail.error} /> : null}
      {detail.data ? <ImportReport detail={detail.data} /> : null}
    </section>
  );
}

function ImportHistory({
  selected,
  onSelect,
}: {
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const history = useImportHistory();
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="section" aria-labelledby="history-title">
      <h2 className="section-title" id="history-title">
        History
      </h2>
      {history.isError ? <FormAlert>Could not load the import history.</FormAlert> : null}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Imports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Lines</th>
              <th scope="col">New</th>
              <th scope="col">Rejected</th>
              <th scope="col">By</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? (
              <tr>
                <td colSpan={8} className="data-table-empty">
                  {history.isPending ? 'Loading…' : 'No imports yet.'}
                </td>
              </tr>
            ) : (
              items.map((item) => (
                <tr key={item.id} aria-current={item.id === selected ? 'true' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSelect(item.id)}>
                      #{item.id}
                    </button>
                  </td>
                  <td className="clamp">{item.source}</td>
                  <td>
                    <ImportStatusBadge status={item.status} />
                  </td>
                  <td>{item.linesRead.toLocaleString()}</td>
                  <td>{item.inserted.toLocaleString()}</td>
                  <td>{item.rejected.toLocaleString()}</td>
                  <td>{item.createdBy?.email ?? <span className="muted">command line</span>}</td>
                  <td>
                    <time dateTime={item.startedAt}>{formatDateTime(item.startedAt)}</time>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {history.hasNextPage ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => void history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          Show older imports
        </button>
      ) : null}
    </section>
  );
}
