import { ExportForm } from '../features/exports/components/export-form';
import { ExportList } from '../features/exports/components/export-list';

/** Export snapshots: start one with filters, watch its progress, download its files. */
export function AdminExportsPage() {
  return (
    <section aria-labelledby="exports-title">
      <title>Exports · Peel</title>
      <h1 className="page-title" id="exports-title">
        Exports
      </h1>
      <section className="section" aria-labelledby="new-export-title">
        <h2 className="section-title" id="new-export-title">
          New export
        </h2>
        <ExportForm />
      </section>
      <section className="section" aria-labelledby="snapshots-title">
        <h2 className="section-title" id="snapshots-title">
          Snapshots
        </h2>
        <ExportList />
      </section>
    </section>
  );
}
