import { Link, useParams } from 'react-router';
import { LabelingScreen } from '../features/labeling/labeling-screen';
import '../features/labeling/labeling.css';

/** `/rate/:batchId`: the labeling screen of one batch. */
export function RateBatchPage() {
  const { batchId } = useParams();
  const id = Number(batchId);
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <section className="page-state">
        <h1 className="page-title">There is no such batch</h1>
        <p>
          <Link to="/rate">Back to my batches</Link>
        </p>
      </section>
    );
  }
  // A new batch is a new flow: leases, drafts and history are per batch.
  return <LabelingScreen key={id} batchId={id} />;
}
