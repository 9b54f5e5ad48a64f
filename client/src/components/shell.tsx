import { type UserResponse } from '@peel/shared';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useLogout } from '../features/auth/api';
import { loginPathFor } from '../features/auth/next-path';
import { CurrentUserContext, useSession } from '../features/auth/use-session';
import { errorMessage } from '../lib/form-errors';
import { PageError, PageLoading } from './ui/page-state';

export const CHANGE_PASSWORD_PATH = '/account/password';

type NavItem = { to: string; label: string; end?: boolean };

const NAV_BY_ROLE: Record<UserResponse['role'], NavItem[]> = {
  admin: [
    { to: '/admin', label: 'Console', end: true },
    { to: '/admin/batches', label: 'Batches' },
    { to: '/admin/users', label: 'Users' },
    { to: '/admin/exports', label: 'Exports' },
    { to: '/admin/dataset', label: 'Dataset' },
    { to: '/admin/imports', label: 'Imports' },
    { to: '/admin/audit', label: 'Audit log' },
  ],
  annotator: [{ to: '/rate', label: 'Rate' }],
};

/**
 * Every signed-in page renders inside this: it sends visitors without a session to the login
 * page (remembering where they were), holds users with a reset password on the change-password
 * page, and shows the header with the navigation for the user's role.
 */
export function Shell() {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'error') {
    return (
      <main className="page">
        <PageError
          title="Peel is not reachable"
          message={errorMessage(session.error)}
          onRetry={session.retry}
        />
      </main>
    );
  }
  if (session.status === 'signed-out') return <Navigate to={loginPathFor(location)} replace />;

  const { user } = session;
  const forcedPasswordChange = user.mustChangePassword;
  if (forcedPasswordChange && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }

  return (
    <CurrentUserContext value={user}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <span className="brand">Peel</span>
        {forcedPasswordChange ? null : (
          <nav aria-label="Main" className="shell-nav">
            {NAV_BY_ROLE[user.role].map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className="nav-link">
                {item.label}
              </NavLink>
            ))}
          </nav>
        )}
        <div className="shell-user">
          {forcedPasswordChange ? null : (
            <NavLink to={CHANGE_PASSWORD_PATH} className="nav-link" title="Change password">
              <span className="visually-hidden">Account: </span>
              {user.email}
            </NavLink>
          )}
          {forcedPasswordChange ? <span>{user.email}</span> : null}
          <LogoutButton />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </CurrentUserContext>
  );
}

function LogoutButton() {
  const logout = useLogout();
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        {logout.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {logout.isError ? (
        <span className="shell-error" role="alert">
          Could not sign out: {errorMessage(logout.error)}
        </span>
      ) : null}
    </>
  );
}
