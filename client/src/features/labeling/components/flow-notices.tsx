import { type FlowNotice } from '../flow/flow-types';
import { AnswerSummary } from './answer-summary';

type FlowNoticesProps = { notices: readonly FlowNotice[]; onDismiss: (id: number) => void };

/** Answers the server did not store, each with the answer itself, until the rater moves on. */
export function FlowNotices({ notices, onDismiss }: FlowNoticesProps) {
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((notice) => (
        <div key={notice.id} className="alert alert-warn notice" role="alert">
          <p className="notice-title">
            {notice.kind === 'lease-expired'
              ? 'An answer could not be stored: its time ran out'
              : 'An answer was not stored'}
          </p>
          <p>{notice.message}</p>
          {notice.issues.length > 0 ? (
            <ul>
              {notice.issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
          {notice.answers ? (
            <details open>
              <summary>Your answer</summary>
              <AnswerSummary task={notice.task} answers={notice.answers} />
            </details>
          ) : null}
          <button
            type="button"
            className="button button-small"
            onClick={() => onDismiss(notice.id)}
          >
            Continue
          </button>
        </div>
      ))}
    </div>
  );
}
