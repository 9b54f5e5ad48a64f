import { FormAlert } from '../../../components/ui/form-alert';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/form-errors';

/** The server's own message and each issue (`path: message`): what was wrong and where. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  if (!isApiError(error) || error.code === 'NETWORK_ERROR') {
    return <FormAlert>{errorMessage(error)}</FormAlert>;
  }
  // An issue that only repeats the message is left out.
  const issues = error.issues.filter((issue) => issue.message !== error.message);
  return (
    <FormAlert>
      <p>{error.message}</p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </FormAlert>
  );
}
