import { Link } from 'react-router';
import { HealthPanel } from '../features/system/components/health-panel';

/** The admin console's start page. */
export function AdminHomePage() {
  return (
    <section aria-labelledby="admin-title">
      <title>Console · Peel</title>
      <h1 className="page-title" id="admin-title">
        Admin console
      </h1>
      <div className="card-grid">
        <div className="panel">
          <h2 className="section-title">
            <Link to="/admin/users">Users</Link>
          </h2>
          <p>Create admins and annotators, deactivate accounts, reset passwords.</p>
        </div>
        <div className="panel">
          <h2 className="section-title">
            <Link to="/admin/batches">Batches</Link>
          </h2>
          <p>
            Create batches from filters, follow their progress, agreement and raters; adjudicate.
          </p>
        </div>
        <div className="panel">
          <h2 className="section-title">
            <Link to="/admin/dataset">Dataset</Link> · <Link to="/admin/imports">Imports</Link>
          </h2>
          <p>Browse edits, pairs and sessions with their judgments; import JSONL files.</p>
        </div>
        <div className="panel">
          <h2 className="section-title">
            <Link to="/admin/exports">Exports</Link>
          </h2>
          <p>Export refreshed preference data: JSONL, CSV and Parquet snapshots to download.</p>
        </div>
        <div className="panel">
          <h2 className="section-title">
            <Link to="/admin/audit">Audit log</Link>
          </h2>
          <p>Who did what, when, to what.</p>
        </div>
        <HealthPanel />
      </div>
    </section>
  );
}
