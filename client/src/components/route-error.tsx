import { useRouteError } from 'react-router';

/**
 * Last resort for a page that threw while rendering, or a lazy page whose file is gone (an
 * old tab after a deploy): a full reload fetches the current build.
 */
export function RouteError() {
  const error = useRouteError();
  const staleBuild =
    error instanceof TypeError && /dynamically imported module/i.test(error.message);
  return (
    <main className="page">
      <div className="page-state" role="alert">
        <h1 className="page-title">
          {staleBuild ? 'Peel has been updated' : 'Something went wrong'}
        </h1>
        <p>
          {staleBuild
            ? 'Reload to get the new version.'
            : 'This page failed to show. Reloading usually helps; if it keeps happening, tell an admin.'}
        </p>
        <button type="button" className="button button-primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}
