import { type ItemJudgment } from '@peel/shared';
import { formatDateTime } from '../../../lib/format';

/** Every human judgment on an item, across batches: rater, answers (stored orientation), time. */
export function JudgmentsTable({
  judgments,
  truncated,
}: {
  judgments: ItemJudgment[];
  truncated: boolean;
}) {
  if (judgments.length === 0) return <p className="muted">No human judgments yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Human judgments</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Rater</th>
            <th scope="col">Answers</th>
            <th scope="col">Dwell</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {judgments.map((judgment) => (
            <tr key={judgment.id}>
              <td>
                #{judgment.batchId} {judgment.batchName}
                <div className="muted">{judgment.taskType}</div>
              </td>
              <td>
                {judgment.rater.displayName ?? judgment.rater.email}
                {judgment.rater.displayName ? (
                  <div className="muted">{judgment.rater.email}</div>
                ) : null}
              </td>
              <td>
                <dl className="answers">
                  {Object.entries(judgment.answers).map(([question, value]) => (
                    <div key={question}>
                      <dt>{question}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
                {judgment.isGold ? (
                  <span className={judgment.goldCorrect ? 'badge badge-ok' : 'badge badge-warn'}>
                    gold {judgment.goldCorrect ? 'correct' : 'missed'}
                  </span>
                ) : null}
                {judgment.revision > 0 ? (
                  <span className="badge">revised ×{judgment.revision}</span>
                ) : null}
              </td>
              <td>{(judgment.dwellMs / 1000).toFixed(1)} s</td>
              <td>
                <time dateTime={judgment.createdAt}>{formatDateTime(judgment.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated ? <p className="muted">Only the first 500 judgments are listed.</p> : null}
    </div>
  );
}
