import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page-state" aria-labelledby="not-found-title">
      <title>Not found · Peel</title>
      <h1 className="page-title" id="not-found-title">
        Page not found
      </h1>
      <p>There is no page at this address.</p>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </section>
  );
}
