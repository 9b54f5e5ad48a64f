import { Link } from 'react-router';
import { HealthPanel } from '../features/system/components/health-panel';

/** The admin console's start page. Only user management and the server's health exist so far. */
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
        <HealthPanel />
        <div className="panel panel-muted">
          <h2 className="section-title">Datasets, exports</h2>
          <p>Not built yet: these screens come in later issues.</p>
        </div>
      </div>
    </section>
  );
}
