import { errorMessage } from '../../../lib/form-errors';
import { useHealth } from '../api';

/** The server's own view of its database and migrations, for admins. */
export function HealthPanel() {
  const health = useHealth();

  let summary: string;
  let tone: 'ok' | 'warn' | 'off';
  if (health.isPending) {
    summary = 'Checking…';
    tone = 'off';
  } else if (health.isError) {
    summary = errorMessage(health.error);
    tone = 'warn';
  } else if (health.data.status === 'ok') {
    summary = 'All systems ok';
    tone = 'ok';
  } else {
    summary = 'Degraded: see the details below';
    tone = 'warn';
  }

  return (
    <div className="panel">
      <h2 className="section-title">Server</h2>
      <p>
        <span className={`badge badge-${tone}`}>{summary}</span>
      </p>
      {health.data ? (
        <details>
          <summary>Details</summary>
          <pre className="code-block">
            {JSON.stringify(
              { database: health.data.database, migrations: health.data.migrations },
              null,
              2,
            )}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
