import { Link } from 'react-router';
import { CreateBatchWizard } from '../features/batches/components/create-batch-wizard';

export function AdminBatchNewPage() {
  return (
    <section aria-labelledby="new-batch-title">
      <title>New batch · Peel</title>
      <p>
        <Link to="/admin/batches">← Batches</Link>
      </p>
      <h1 className="page-title" id="new-batch-title">
        New batch
      </h1>
      <CreateBatchWizard />
    </section>
  );
}
