import { type ImportDetail, type ImportSummary } from '@peel/shared';
import { formatDateTime } from '../../../lib/format';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

const STATUS_BADGE: Record<ImportSummary['status'], string> = {
  running: 'badge badge-warn',
  completed: 'badge badge-ok',
  failed: 'badge badge-off',
  interrupted: 'badge badge-off',
};

export function ImportStatusBadge({ status }: { status: ImportSummary['status'] }) {
  return <span className={STATUS_BADGE[status]}>{status}</span>;
}

/** Live progress while running; then the counts and every listed problem (line, field, message). */
export function ImportReport({ detail }: { detail: ImportDetail }) {
  const progress = detail.progress;
  const percent =
    progress?.totalBytes && progress.totalBytes > 0
      ? Math.min(100, Math.round((progress.bytes / progress.totalBytes) * 100))
      : null;
  return (
    <div className="panel import-report" data-testid="import-report" aria-live="polite">
      <h3 className="section-title">
        Import #{detail.id} <ImportStatusBadge status={detail.status} />
      </h3>
      <p className="muted">
        {detail.source} · {detail.kind ?? 'kind not yet known'} · started{' '}
        {formatDateTime(detail.startedAt)}
        {detail.strict ? ' · strict' : ''}
      </p>
      {detail.status === 'running' && progress ? (
        <div>
          <p>
            {progress.phase === 'waiting'
              ? 'Waiting for another import to finish…'
              : progress.phase === 'reading'
                ? `Reading: ${progress.lines.toLocaleString()} lines, ${formatBytes(progress.bytes)}`
                : `Merging ${progress.lines.toLocaleString()} lines into the dataset…`}
          </p>
          {percent !== null && progress.phase === 'reading' ? (
            <div
              className="progress"
              role="progressbar"
              aria-valuenow={percent}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label="Import progress"
            >
              <div className="progress-fill" style={{ width: `${percent}%` }} />
            </div>
          ) : null}
        </div>
      ) : null}
      {detail.status === 'failed' || detail.status === 'interrupted' ? (
        <div className="alert alert-error" role="alert">
          {detail.error ??
            'The server running this import stopped reporting; it did not finish. Import the file again.'}
        </div>
      ) : null}
      {detail.status === 'completed' ? (
        <dl className="facts facts-inline">
          <div>
            <dt>Lines</dt>
            <dd>{detail.linesRead.toLocaleString()}</dd>
          </div>
          <div>
            <dt>New</dt>
            <dd>{detail.inserted.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{detail.updated.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Unchanged</dt>
            <dd>{detail.unchanged.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Rejected lines</dt>
            <dd data-testid="import-rejected">{detail.rejected.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{formatBytes(detail.bytes)}</dd>
          </div>
        </dl>
      ) : null}
      {detail.problems.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>
              Rejected lines
              {detail.problemCount > detail.problems.length
                ? ` (first ${detail.problems.length} of ${detail.problemCount} problems)`
                : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {detail.problems.map((problem, index) => (
                <tr key={`${problem.line}-${problem.field}-${index}`}>
                  <td>{problem.line}</td>
                  <td>
                    <code>{problem.field || '(line)'}</code>
                  </td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
