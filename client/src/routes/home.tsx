import { Navigate } from 'react-router';
import { homePathFor } from '../features/auth/api';
import { useCurrentUser } from '../features/auth/use-session';

/** `/`: each role has its own start page. */
export function HomePage() {
  const user = useCurrentUser();
  return <Navigate to={homePathFor(user.role)} replace />;
}
