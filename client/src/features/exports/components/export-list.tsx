import { type ExportSnapshotView } from '@peel/shared';
import { FormAlert } from '../../../components/ui/form-alert';
import { PageLoading } from '../../../components/ui/page-state';
import { errorMessage } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { exportFileUrl, useExports } from '../api';

const STATUS_BADGE: Record<ExportSnapshotView['status'], string> = {
  running: 'badge',
  complete: 'badge badge-ok',
  failed: 'badge badge-off',
  interrupted: 'badge badge-warn',
};

const rows = new Intl.NumberFormat();

function Progress({ snapshot }: { snapshot: ExportSnapshotView }) {
  return (
    <div className="export-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label={`Export ${snapshot.id.slice(0, 8)} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={snapshot.percent}
      >
        <div className="progress-fill" style={{ width: `${snapshot.percent}%` }} />
      </div>
      <span>{snapshot.percent}%</span>
    </div>
  );
}

function Files({ snapshot }: { snapshot: ExportSnapshotView }) {
  const complete = snapshot.status === 'complete';
  return (
    <ul className="export-files">
      {snapshot.files.map((file) => (
        <li key={file.name}>
          {complete ? (
            <a href={exportFileUrl(snapshot.id, file.name)} download>
              {file.name}
            </a>
          ) : (
            <span>{file.name}</span>
          )}{' '}
          <span className="muted">{rows.format(file.rows)} rows</span>
        </li>
      ))}
      {complete ? (
        <li>
          <a href={exportFileUrl(snapshot.id, 'manifest.json')} download>
            manifest.json
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** Every export snapshot, newest first, with live progress and download links once complete. */
export function ExportList() {
  const exports = useExports();
  if (exports.isPending) return <PageLoading />;
  if (exports.isError) return <FormAlert>{errorMessage(exports.error)}</FormAlert>;
  if (exports.data.items.length === 0) return <p className="muted">No exports yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Exports">
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">Started</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Files</th>
          </tr>
        </thead>
        <tbody>
          {exports.data.items.map((snapshot) => (
            <tr key={snapshot.id} data-export-id={snapshot.id}>
              <td>
                <code title={snapshot.id}>{snapshot.id.slice(0, 8)}</code>
                <div className="muted">
                  {snapshot.batchIds.length > 0
                    ? `batches ${snapshot.batchIds.join(', ')}`
                    : 'no batches'}
                </div>
              </td>
              <td>{formatDateTime(snapshot.startedAt)}</td>
              <td>
                <span className={STATUS_BADGE[snapshot.status]}>{snapshot.status}</span>
                {snapshot.error ? <div className="field-error">{snapshot.error}</div> : null}
              </td>
              <td>
                <Progress snapshot={snapshot} />
              </td>
              <td>
                <Files snapshot={snapshot} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
