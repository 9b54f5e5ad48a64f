import { useCurrentUser } from '../features/auth/use-session';

/** The rater's start page. Batches and the labeling views are not built yet. */
export function RatePage() {
  const user = useCurrentUser();
  return (
    <section aria-labelledby="rate-title">
      <title>Rate · Peel</title>
      <h1 className="page-title" id="rate-title">
        Rate
      </h1>
      <p>Signed in as {user.displayName ?? user.email}.</p>
      <div className="panel">
        <h2 className="section-title">No batches yet</h2>
        <p>
          Batches assigned to you will be listed here, and the labeling views open from them.
          Neither exists in Peel yet: they come in a later issue. There is nothing to rate for now.
        </p>
      </div>
    </section>
  );
}
