import { Navigate, useSearchParams } from 'react-router';
import { PageLoading } from '../components/ui/page-state';
import { homePathFor } from '../features/auth/api';
import { LoginForm } from '../features/auth/components/login-form';
import { safeNextPath } from '../features/auth/next-path';
import { useSession } from '../features/auth/use-session';

export function LoginPage() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));

  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'signed-in') {
    return <Navigate to={next ?? homePathFor(session.user.role)} replace />;
  }

  return (
    <main className="auth-page">
      <title>Sign in · Peel</title>
      <div className="auth-card">
        <p className="brand">Peel</p>
        <h1 className="page-title">Sign in</h1>
        {next ? <p className="alert alert-info">Sign in to continue where you left off.</p> : null}
        <LoginForm />
      </div>
    </main>
  );
}
