import { type UserRole } from '@peel/shared';
import { Link, Outlet } from 'react-router';
import { homePathFor } from '../features/auth/api';
import { useCurrentUser } from '../features/auth/use-session';

type RequireRoleProps = { role: UserRole };

/** Client-side guard for a route subtree (the server checks every call as well). */
export function RequireRole({ role }: RequireRoleProps) {
  const user = useCurrentUser();
  if (user.role === role) return <Outlet />;
  return (
    <section className="page-state" aria-labelledby="forbidden-title">
      <title>Not allowed · Peel</title>
      <h1 className="page-title" id="forbidden-title">
        This page is not available to you
      </h1>
      <p>
        It needs the {role} role. Your account is an {user.role}.
      </p>
      <p>
        <Link to={homePathFor(user.role)}>Go to your start page</Link>
      </p>
    </section>
  );
}
